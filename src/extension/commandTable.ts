/**
 * One command table: every command the extension contributes (commandIds.ts) and what it does, registered in one
 * place. A Record over the ids, so adding a command to package.json without a handler, or the reverse, fails.
 */
import * as vscode from "vscode";
import type { DiagramExportOptions, ExportOptions } from "./interop";
import type * as Interop from "./interop";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { commandIds, type CommandId } from "./commandIds";
import { modelCommands } from "./commands";
import { compareCommands } from "./compareModels";
import type { ChartsPanel } from "./webviews/charts/panel";
import { loadChartRun } from "./webviews/charts/panel";
import { designerViewType, showAsText, type DesignerProvider } from "./webviews/designer/provider";
import type { DiagnosticsPublisher } from "./language/diagnostics";
import { installGpuBackend } from "./training/gpuBackend";
import { showTrainingEnvironment } from "./training/environment";
import { activeModelDocument, type ModelService } from "./modelService";
import { t } from "./l10n";
import { notify, pickText } from "./plainText";
import type { RunItem, RunsView } from "./training/runsView";
import { gpuModuleDir, type TrainingController } from "./training/controller";

/** What the commands work with: the extension's services, built once by `activate`. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly output: vscode.OutputChannel;
  readonly models: ModelService;
  readonly problems: DiagnosticsPublisher;
  readonly designer: DesignerProvider;
  readonly training: TrainingController;
  readonly runs: RunsView;
  readonly charts: ChartsPanel;
}

/** A command's handler, by id. */
export type CommandTable = Record<CommandId, (...args: never[]) => unknown>;

/**
 * Export and import with their converters (`dist/interop.js`, a bundle of its own): loaded on first use, so
 * that activation does not pay for them.
 */
async function loadInterop(): Promise<typeof Interop> {
  const loaded = (await import(pathToFileURL(join(__dirname, "interop.js")).href)) as typeof Interop & { default?: typeof Interop };
  return loaded.default ?? loaded;
}

/** The views' and the training's commands. */
function runCommands({ context, models, training, runs, charts }: Services) {
  return {
    "cnnDesigner.train": (uri?: vscode.Uri) => training.train(uri instanceof vscode.Uri ? uri : undefined),
    "cnnDesigner.stopTraining": () => training.stop(),
    "cnnDesigner.installGpuBackend": () => installGpuBackend(gpuModuleDir(context), training.log),
    "cnnDesigner.checkTrainingEnvironment": () => showTrainingEnvironment(context, training.log, models),
    "cnnDesigner.refreshRuns": () => runs.refresh(),
    "cnnDesigner.resumeRun": async (item?: RunItem) => {
      if (!(item?.folder instanceof vscode.Uri)) return notify.warn(t("Resume a run from the Runs view: its Resume Training button."));
      // Runs live in .cnn-runs/<model>/<run> beside the model, whose folder the dataset paths are relative to.
      const model = vscode.Uri.joinPath(item.folder, "..", "..", "..", `${item.model}.cnn.json`);
      try {
        await vscode.workspace.fs.stat(model);
      } catch {
        return notify.error(
          t(
            'The model this run trained, {0}, is not there: resume it from a terminal with cnn-designer train FILE --resume "{1}".',
            model.fsPath,
            item.folder.fsPath,
          ),
        );
      }
      return training.train(model, { resume: item.folder.fsPath });
    },
    "cnnDesigner.openRun": async (item?: RunItem) => {
      const run = item && (await loadChartRun(item.folder));
      if (run) charts.show([run]);
      else if (item)
        void notify.warn(
          item.status
            ? t(
                "{0} has no metrics to chart ({1}).",
                item.folder.fsPath,
                `${item.status.state}${item.status.reason ? `: ${item.status.reason}` : ""}`,
              )
            : t("{0} has no metrics to chart.", item.folder.fsPath),
        );
    },
    "cnnDesigner.compareRuns": async () => {
      const all = (await runs.runs()).filter((r) => r.metrics);
      if (all.length < 2) return void notify.info(t("Compare Runs needs at least two finished runs."));
      const picked = await vscode.window.showQuickPick(
        all.map((r) => ({ label: pickText(`${r.model} · ${r.label}`), description: pickText(String(r.description ?? "")), run: r })),
        { canPickMany: true, title: t("Compare runs on one chart"), placeHolder: t("Pick two or more runs") },
      );
      if (!picked?.length) return;
      if (picked.length < 2)
        return void notify.info(t("Pick two or more runs to compare (a click on a run in the Runs view opens its charts)."));
      const loaded = await Promise.all(picked.map((p) => loadChartRun(p.run.folder)));
      charts.show(loaded.filter((r) => r !== undefined));
    },
  } satisfies Partial<CommandTable>;
}

/** Registers every command of the table. */
export function registerCommands(services: Services): void {
  const table: CommandTable = {
    ...modelCommands(services),
    ...runCommands(services),
    ...compareCommands(services.models, services.designer),
    "cnnDesigner.openInDesigner": (uri?: vscode.Uri) => {
      const target = uri ?? activeModelDocument()?.uri;
      return target && vscode.commands.executeCommand("vscode.openWith", target, designerViewType);
    },
    "cnnDesigner.openAsJson": (uri?: vscode.Uri) => {
      const target = uri ?? activeModelDocument()?.uri;
      return target && showAsText(target, vscode.ViewColumn.Active);
    },
    "cnnDesigner.exportModel": async (uri?: vscode.Uri, options?: ExportOptions) =>
      (await loadInterop()).exportModel(uri instanceof vscode.Uri ? uri : undefined, options),
    "cnnDesigner.exportDiagram": async (uri?: vscode.Uri, options?: DiagramExportOptions) =>
      (await loadInterop()).exportDiagram(uri instanceof vscode.Uri ? uri : undefined, options),
    "cnnDesigner.importModel": async (source?: vscode.Uri, target?: vscode.Uri) =>
      (await loadInterop()).importModel(source instanceof vscode.Uri ? source : undefined, target, (run) => services.runs.reveal(run)),
  };
  for (const id of commandIds) services.context.subscriptions.push(vscode.commands.registerCommand(id, table[id]));
}

import { pathToFileURL } from "node:url";
import { join } from "node:path";
import type * as Interop from "./interop";
import type { ExportOptions } from "./interop";
import * as vscode from "vscode";
import { ModelCodeActions } from "./codeActions";
import { registerCommands } from "./commands";
import { DesignerProvider, designerViewType, handleDesignerMessage, showAsText } from "./designer";
import { DiagnosticsPublisher } from "./diagnostics";
import { LayerHover } from "./hover";
import { ShapeHints } from "./inlayHints";
import { activeModelDocument, ModelService } from "./modelService";
import { PaletteView, paletteViewId } from "./paletteView";
import { ModelStatus } from "./statusBar";
import { SummaryTree } from "./summaryTree";
import { ChartsPanel, loadChartRun } from "./chartsPanel";
import { LiveRuns } from "./liveRuns";
import { installGpuBackend } from "./gpuBackend";
import { type RunItem, RunsView } from "./runsView";
import { gpuModuleDir, TrainingController } from "./training";
import { notify, pickText } from "./plainText";

/** Model files, whichever language mode they are in. */
const selector: vscode.DocumentSelector = [{ pattern: "**/*.cnn.json" }];

/** What tests and other extensions can reach once activated. */
export interface CnnDesignerApi {
  readonly models: ModelService;
  readonly problems: DiagnosticsPublisher;
  readonly tree: SummaryTree;
  /** The designer's message handling, for the integration suite. */
  readonly handleDesignerMessage: typeof handleDesignerMessage;
  /** Training runs, the Runs view and the charts. */
  readonly training: TrainingController;
  readonly runs: RunsView;
  readonly charts: ChartsPanel;
  /** Milliseconds spent evaluating the bundle and in `activate`. */
  readonly activation: { readonly loadMs: number | null; readonly activateMs: number };
}

/** Activates CNN Designer: diagnostics, inlay hints, hovers, quick fixes, the status bar, the sidebar and commands. */
export function activate(context: vscode.ExtensionContext): CnnDesignerApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel("CNN Designer");
  const models = new ModelService();
  const problems = new DiagnosticsPublisher(models);
  const hints = new ShapeHints(models);
  const tree = new SummaryTree(models);
  const designer = new DesignerProvider(context.extensionUri, models);
  context.subscriptions.push(
    output,
    models,
    problems,
    hints,
    tree,
    new ModelStatus(models),
    vscode.languages.registerInlayHintsProvider(selector, hints),
    vscode.languages.registerCodeLensProvider(selector, hints),
    vscode.languages.registerHoverProvider(selector, new LayerHover(models)),
    vscode.languages.registerCodeActionsProvider(selector, new ModelCodeActions(models), {
      providedCodeActionKinds: ModelCodeActions.kinds,
    }),
    vscode.window.createTreeView("cnnDesigner.summary", { treeDataProvider: tree, showCollapseAll: false }),
    vscode.window.registerCustomEditorProvider(designerViewType, designer),
    vscode.window.registerWebviewViewProvider(paletteViewId, new PaletteView(context.extensionUri, designer)),
    vscode.commands.registerCommand("cnnDesigner.openInDesigner", (uri?: vscode.Uri) => {
      const target = uri ?? activeModelDocument()?.uri;
      return target && vscode.commands.executeCommand("vscode.openWith", target, designerViewType);
    }),
    vscode.commands.registerCommand("cnnDesigner.openAsJson", (uri?: vscode.Uri) => {
      const target = uri ?? activeModelDocument()?.uri;
      return target && showAsText(target, vscode.ViewColumn.Active);
    }),
  );
  registerCommands(context, models, problems, output, designer);
  const training = new TrainingController(context);
  const runs = new RunsView(training.onDidUpdate);
  const live = new LiveRuns(training.onDidUpdate);
  const charts = new ChartsPanel(context.extensionUri, live);
  context.subscriptions.push(designer.followTraining(live));
  context.subscriptions.push(
    training,
    live,
    runs,
    charts,
    vscode.window.createTreeView("cnnDesigner.runs", { treeDataProvider: runs }),
    vscode.commands.registerCommand("cnnDesigner.train", (uri?: vscode.Uri) => training.train(uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand("cnnDesigner.stopTraining", () => training.stop()),
    vscode.commands.registerCommand("cnnDesigner.installGpuBackend", () => installGpuBackend(gpuModuleDir(context), training.log)),
    vscode.commands.registerCommand("cnnDesigner.refreshRuns", () => runs.refresh()),
    vscode.commands.registerCommand("cnnDesigner.exportModel", async (uri?: vscode.Uri, options?: ExportOptions) =>
      (await loadInterop()).exportModel(uri instanceof vscode.Uri ? uri : undefined, options),
    ),
    vscode.commands.registerCommand("cnnDesigner.importModel", async (source?: vscode.Uri, target?: vscode.Uri) =>
      (await loadInterop()).importModel(source instanceof vscode.Uri ? source : undefined, target),
    ),
    vscode.commands.registerCommand("cnnDesigner.openRun", async (item?: RunItem) => {
      const run = item && (await loadChartRun(item.folder));
      if (run) charts.show([run]);
      else if (item)
        void notify.warn(
          `${item.folder.fsPath} has no metrics to chart${item.status ? ` (${item.status.state}${item.status.reason ? `: ${item.status.reason}` : ""})` : ""}.`,
        );
    }),
    vscode.commands.registerCommand("cnnDesigner.compareRuns", async () => {
      const all = (await runs.runs()).filter((r) => r.metrics);
      if (all.length < 2) return void notify.info("Compare Runs needs at least two finished runs.");
      const picked = await vscode.window.showQuickPick(
        all.map((r) => ({ label: pickText(`${r.model} · ${r.label}`), description: pickText(String(r.description ?? "")), run: r })),
        { canPickMany: true, title: "Compare runs on one chart", placeHolder: "Pick two or more runs" },
      );
      if (!picked?.length) return;
      if (picked.length < 2)
        return void notify.info("Pick two or more runs to compare (a click on a run in the Runs view opens its charts).");
      const loaded = await Promise.all(picked.map((p) => loadChartRun(p.run.folder)));
      charts.show(loaded.filter((r) => r !== undefined));
    }),
  );
  // Workspace model files get their diagnostics without being opened, once the window has settled.
  setTimeout(() => void problems.checkWorkspace(), 500);
  const activateMs = performance.now() - started;
  const marks = (globalThis as { __cnnDesignerLoad?: number[] }).__cnnDesignerLoad;
  const loadMs = marks?.length === 2 ? marks[1] - marks[0] : null;
  output.appendLine(`CNN Designer activated in ${activateMs.toFixed(1)} ms (bundle loaded in ${loadMs?.toFixed(1) ?? "?"} ms)`);
  return { models, problems, tree, handleDesignerMessage, training, runs, charts, activation: { loadMs, activateMs } };
}

/** Everything is released through the extension context's subscriptions. */
export function deactivate(): void {}

/**
 * Export and import with their converters (`dist/interop.js`, a bundle of its own): loaded on first use, so
 * that activation does not pay for them.
 */
async function loadInterop(): Promise<typeof Interop> {
  const loaded = (await import(pathToFileURL(join(__dirname, "interop.js")).href)) as typeof Interop & { default?: typeof Interop };
  return loaded.default ?? loaded;
}

/**
 * The Runs view: every run folder under `.cnn-runs/` in the workspace, grouped by model, newest first, each with
 * its status (running, done, stopped, failed with the reason, killed) and final metrics; the run in progress
 * shows its epoch. A click opens the run's charts. Folder names, metrics and reasons come from the folder, which a
 * cloned repository may hold: they are checked (src/core/training/runFolder.ts) and shown as text.
 */
import { readUserTextOrThrow } from "../userFiles";
import * as vscode from "vscode";
import {
  parseRunMetrics,
  runFiles,
  runsFolderName,
  stopReasonMessage,
  type RunMetrics,
  type RunOrigin,
  type RunState,
  type RunStatus,
} from "../../core";
import { effectiveState } from "../../node/runFolder";
import { t } from "../l10n";
import { describe } from "../messages";
import { markdownText, plainMarkdown } from "../plainText";
import type { RunUpdate } from "./controller";

export type { RunMetrics } from "../../core";

const icons: Record<RunState, string> = {
  running: "sync~spin",
  done: "graph-line",
  stopped: "stop-circle",
  failed: "error",
  killed: "warning",
};
/** A recorded stop reason in the display language (a failure's message is kept as the run wrote it). */
const reasonText = (reason: string): string => {
  const m = stopReasonMessage(reason);
  return typeof m === "string" ? m : describe(m);
};

const fixed = (v: number | undefined, digits = 4) => (v === undefined ? undefined : v.toFixed(digits));
/** A run's state in the display language (a state this version does not know, as the folder says it). */
const stateWord = (state: string): string =>
  ({ running: t("running"), done: t("done"), stopped: t("stopped"), failed: t("failed"), killed: t("killed") })[state] ?? state;

/** A run folder and what it says. */
export class RunItem extends vscode.TreeItem {
  constructor(
    readonly folder: vscode.Uri,
    readonly model: string,
    readonly metrics: RunMetrics | null,
    readonly status: RunStatusShown | null,
    live?: string,
  ) {
    super(folder.path.split("/").pop() ?? "run", vscode.TreeItemCollapsibleState.None);
    // An id of its own, so that the view finds the run again after a refresh (reveal, selection).
    this.id = folder.toString();
    const last = metrics?.epochs.at(-1);
    const acc = metrics?.test?.accuracy ?? last?.val_accuracy ?? last?.accuracy;
    const state = live ? "running" : (status?.state ?? (metrics ? "done" : null));
    const figures = [
      state && state !== "done" ? stateWord(state) : undefined,
      acc !== undefined ? (metrics?.test ? t("test acc {0}", fixed(acc) ?? "") : t("last acc {0}", fixed(acc) ?? "")) : undefined,
      metrics?.test?.loss !== undefined ? t("loss {0}", fixed(metrics.test.loss) ?? "") : undefined,
      // Epochs completed (a Stop's cut-short epoch is not one), of the run's epochs, where the status says.
      status?.imported
        ? t("imported from {0}", status.imported.source)
        : status?.epochs !== undefined
          ? status.partial
            ? t("{0}/{1} epochs + {2}/{3} batches", status.epochsDone ?? 0, status.epochs, status.partial.batches, status.partial.of)
            : t("{0}/{1} epochs", status.epochsDone ?? 0, status.epochs)
          : metrics
            ? metrics.epochs.length === 1
              ? t("1 epoch")
              : t("{0} epochs", metrics.epochs.length)
            : undefined,
      metrics?.backend ?? undefined,
    ].filter(Boolean);
    this.description = live ?? (figures.length ? figures.join(" · ") : t("no metrics"));
    const tooltip = plainMarkdown().appendMarkdown(`**${markdownText(model)}** — ${markdownText(String(this.label))}`);
    if (state) {
      const reason = status?.reason ? ` — ${markdownText(reasonText(status.reason))}` : "";
      tooltip.appendMarkdown(`\n\n${t("Status: {0}", markdownText(stateWord(state)))}${reason}`);
    }
    if (status?.imported) {
      const { source, format, kerasVersion } = status.imported;
      const from = `${markdownText(format)}${kerasVersion ? `, Keras ${markdownText(kerasVersion)}` : ""}`;
      tooltip.appendMarkdown(`\n\n${t("Weights imported from {0} ({1}), not trained here", markdownText(source), from)}`);
    } else if (status?.epochs !== undefined) {
      const [done, of] = [status.epochsDone ?? 0, status.epochs];
      tooltip.appendMarkdown(
        `\n\n${
          status.partial
            ? t("Epochs completed: {0} of {1}, then {2} of {3} batches of the next", done, of, status.partial.batches, status.partial.of)
            : t("Epochs completed: {0} of {1}", done, of)
        }`,
      );
    }
    if (metrics?.stopReason && metrics.stopReason !== status?.reason)
      tooltip.appendMarkdown(`\n\n${t("Stopped: {0}", markdownText(reasonText(metrics.stopReason)))}`);
    tooltip.appendMarkdown(`\n\n${markdownText(folder.fsPath)}`);
    this.tooltip = tooltip;
    this.iconPath = new vscode.ThemeIcon(state ? icons[state] : "question");
    // A run that ended with epochs left and a checkpoint behind it can be resumed.
    const done = status?.epochsDone ?? 0;
    const resumable = !live && state !== "running" && status?.epochs !== undefined && done > 0 && done < status.epochs;
    this.contextValue = `${metrics ? "cnnDesigner.run" : "cnnDesigner.failedRun"}${resumable ? ".resumable" : ""}`;
    this.command = { command: "cnnDesigner.openRun", title: t("Open Run Charts"), arguments: [this] };
  }
}

/** A model's group of runs. */
class ModelGroup extends vscode.TreeItem {
  constructor(
    readonly model: string,
    readonly runs: RunItem[],
  ) {
    super(model, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `model:${model}`;
    this.description = runs.length === 1 ? t("1 run") : t("{0} runs", runs.length);
    this.iconPath = new vscode.ThemeIcon("symbol-class");
  }
}

/** A run's JSON files are read as any file a user names: regular files of a bounded size only. */
const read = readUserTextOrThrow;

/** Reads a run folder's metrics.json, checked; null when it has none or it is not metrics. */
export async function readRunMetrics(folder: vscode.Uri): Promise<RunMetrics | null> {
  try {
    return parseRunMetrics(await read(vscode.Uri.joinPath(folder, runFiles.metrics)));
  } catch {
    return null;
  }
}

/** What the view shows of a run's status. */
export interface RunStatusShown {
  readonly state: RunState;
  readonly reason: string | null;
  readonly epochsDone?: number;
  readonly epochs?: number;
  /** The epoch a Stop cut short: the batches it ran, of its batches. */
  readonly partial?: { readonly batches: number; readonly of: number };
  /** Where an imported run's weights came from. */
  readonly imported?: RunOrigin;
}

/** A run folder's status as it stands (a run marked running whose process is gone counts as killed); null if none. */
export async function readStatus(folder: vscode.Uri): Promise<RunStatusShown | null> {
  try {
    const s = JSON.parse(await read(vscode.Uri.joinPath(folder, runFiles.status))) as Partial<RunStatus>;
    if (s?.format !== 1 || typeof s.state !== "string" || !Object.hasOwn(icons, s.state)) return null;
    const status = { ...s, reason: typeof s.reason === "string" ? s.reason : null } as RunStatus;
    const count = (n: unknown) => (typeof n === "number" && Number.isInteger(n) && n >= 0 ? n : undefined);
    const [epochsDone, epochs] = [count(s.epochsDone), count(s.epochs)];
    const p = s.partial as { batches?: unknown; of?: unknown } | null | undefined;
    const [batches, of] = [count(p?.batches), count(p?.of)];
    const i = s.imported as Partial<Record<keyof RunOrigin, unknown>> | undefined;
    const text = (v: unknown) => (typeof v === "string" ? v : undefined);
    const imported =
      text(i?.source) !== undefined
        ? { source: text(i?.source)!, format: text(i?.format) ?? "a file", kerasVersion: text(i?.kerasVersion) ?? null }
        : undefined;
    return {
      ...effectiveState(status),
      ...(epochsDone !== undefined && epochs !== undefined ? { epochsDone, epochs } : {}),
      ...(batches !== undefined && of !== undefined && batches < of ? { partial: { batches, of } } : {}),
      ...(imported ? { imported } : {}),
    };
  } catch {
    return null;
  }
}

/** The tree of runs. */
export class RunsView implements vscode.TreeDataProvider<vscode.TreeItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly watcher = vscode.workspace.createFileSystemWatcher(`**/${runsFolderName}/*/*/{${runFiles.metrics},${runFiles.status}}`);
  /** Each model's run in progress (by model URI): its folder and its label. */
  private readonly live = new Map<string, { runDir: string; label: string }>();
  private groups: ModelGroup[] = [];
  private view: vscode.TreeView<vscode.TreeItem> | undefined;
  private pending: string | undefined;

  constructor(onDidUpdate: vscode.Event<RunUpdate>) {
    this.watcher.onDidCreate(() => this.refresh());
    this.watcher.onDidChange(() => this.refresh());
    this.watcher.onDidDelete(() => this.refresh());
    onDidUpdate(({ modelUri, event }) => {
      // Runs of several models may overlap: each keeps its own label.
      const model = modelUri.toString();
      const run = this.live.get(model);
      if (event.type === "start") this.live.set(model, { runDir: event.runDir, label: t("epoch {0}/{1}", 0, event.epochs) });
      else if (event.type === "epochEnd" && run) run.label = t("epoch {0}/{1} · running", event.epoch, event.epochs);
      else if ((event.type === "end" || event.type === "error") && run) this.live.delete(model);
      else return;
      this.refresh();
    });
  }

  /** Re-reads the run folders. */
  refresh(): void {
    this.changed.fire();
  }

  /** The tree view that shows these runs (where `reveal` selects one). */
  attach(view: vscode.TreeView<vscode.TreeItem>): void {
    this.view = view;
    // A run to select while the view was hidden is selected when it shows.
    view.onDidChangeVisibility(({ visible }) => {
      const folder = this.pending;
      if (visible && folder) void this.reveal(folder);
    });
  }

  /**
   * Selects the run in `folder` (a run just imported) in the view; a hidden view is not brought forward but
   * selects it when it next shows. False when the run is not listed.
   */
  async reveal(folder: string): Promise<boolean> {
    this.refresh();
    const item = (await this.runs()).find((r) => r.folder.fsPath === folder);
    if (!item || !this.view) return false;
    this.pending = this.view.visible ? undefined : folder;
    if (this.view.visible) await this.view.reveal(item, { select: true, focus: false });
    return true;
  }

  /** The runs selected in the view. */
  selected(): readonly RunItem[] {
    return (this.view?.selection ?? []).filter((i): i is RunItem => i instanceof RunItem);
  }

  getParent(item: vscode.TreeItem): vscode.TreeItem | undefined {
    return item instanceof RunItem ? this.groups.find((g) => g.runs.some((r) => r.id === item.id)) : undefined;
  }

  /** Every run, newest first within its model (for tests and Compare Runs). */
  async runs(): Promise<RunItem[]> {
    await this.getChildren();
    return this.groups.flatMap((g) => g.runs);
  }

  getTreeItem(item: vscode.TreeItem): vscode.TreeItem {
    return item;
  }

  async getChildren(parent?: vscode.TreeItem): Promise<vscode.TreeItem[]> {
    if (parent instanceof ModelGroup) return parent.runs;
    if (parent) return [];
    // A run folder has its status (written first) and the model it trained; either marks it.
    const found = await vscode.workspace.findFiles(
      `**/${runsFolderName}/*/*/{${runFiles.model},${runFiles.status}}`,
      "**/node_modules/**",
      4000,
    );
    const folders = new Map(found.map((file) => [vscode.Uri.joinPath(file, "..").toString(), vscode.Uri.joinPath(file, "..")]));
    const byModel = new Map<string, RunItem[]>();
    await Promise.all(
      [...folders.values()].map(async (folder) => {
        const model = folder.path.split("/").at(-2) ?? "model";
        const [metrics, status] = await Promise.all([readRunMetrics(folder), readStatus(folder)]);
        const item = new RunItem(folder, model, metrics, status, [...this.live.values()].find((r) => r.runDir === folder.fsPath)?.label);
        byModel.set(model, [...(byModel.get(model) ?? []), item]);
      }),
    );
    this.groups = [...byModel.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([model, runs]) =>
          new ModelGroup(
            model,
            runs.sort((a, b) => String(b.label).localeCompare(String(a.label))),
          ),
      );
    return this.groups;
  }

  dispose(): void {
    this.changed.dispose();
    this.watcher.dispose();
  }
}

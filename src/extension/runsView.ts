/**
 * The Runs view: every run folder under `.cnn-runs/` in the workspace, grouped by model, newest first, each
 * with its final metrics; the run in progress shows its epoch. A click opens the run's charts.
 */
import * as vscode from "vscode";
import type { RunUpdate } from "./training";

/** What a run folder's metrics.json holds (the parts the view shows). */
export interface RunMetrics {
  readonly epochs: readonly Readonly<Record<string, number>>[];
  readonly test: Readonly<Record<string, number>> | null;
  readonly stopReason?: string | null;
  readonly backend?: string;
  readonly samplesPerSecond?: number;
}

/** A run folder and what it says. */
export class RunItem extends vscode.TreeItem {
  constructor(
    readonly folder: vscode.Uri,
    readonly model: string,
    readonly metrics: RunMetrics | null,
    live?: string,
  ) {
    super(folder.path.split("/").pop() ?? "run", vscode.TreeItemCollapsibleState.None);
    const last = metrics?.epochs.at(-1);
    const acc = metrics?.test?.accuracy ?? last?.val_accuracy ?? last?.accuracy;
    this.description =
      live ??
      (metrics
        ? [
            acc !== undefined ? `${metrics.test ? "test" : "last"} acc ${acc.toFixed(4)}` : undefined,
            metrics.test?.loss !== undefined ? `loss ${metrics.test.loss.toFixed(4)}` : undefined,
            `${metrics.epochs.length} epoch${metrics.epochs.length === 1 ? "" : "s"}`,
            metrics.backend,
          ]
            .filter(Boolean)
            .join(" · ")
        : "no metrics (failed or running)");
    this.tooltip = new vscode.MarkdownString(
      metrics
        ? [`**${model}** — ${this.label}`, ...(metrics.stopReason ? [`Stopped: ${metrics.stopReason}`] : []), `\`${folder.fsPath}\``].join(
            "\n\n",
          )
        : `\`${folder.fsPath}\``,
    );
    this.iconPath = new vscode.ThemeIcon(live ? "sync~spin" : metrics ? "graph-line" : "warning");
    this.contextValue = metrics ? "cnnDesigner.run" : "cnnDesigner.failedRun";
    this.command = { command: "cnnDesigner.openRun", title: "Open Run Charts", arguments: [this] };
  }
}

/** A model's group of runs. */
class ModelGroup extends vscode.TreeItem {
  constructor(
    readonly model: string,
    readonly runs: RunItem[],
  ) {
    super(model, vscode.TreeItemCollapsibleState.Expanded);
    this.description = `${runs.length} run${runs.length === 1 ? "" : "s"}`;
    this.iconPath = new vscode.ThemeIcon("symbol-class");
  }
}

/** Reads a run folder's metrics.json, or null. */
export async function readRunMetrics(folder: vscode.Uri): Promise<RunMetrics | null> {
  try {
    return JSON.parse(
      new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, "metrics.json"))),
    ) as RunMetrics;
  } catch {
    return null;
  }
}

/** The tree of runs. */
export class RunsView implements vscode.TreeDataProvider<vscode.TreeItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly watcher = vscode.workspace.createFileSystemWatcher("**/.cnn-runs/**/metrics.json");
  /** Each model's run in progress (by model URI): its folder and its label. */
  private readonly live = new Map<string, { runDir: string; label: string }>();
  private groups: ModelGroup[] = [];

  constructor(onDidUpdate: vscode.Event<RunUpdate>) {
    this.watcher.onDidCreate(() => this.refresh());
    this.watcher.onDidChange(() => this.refresh());
    this.watcher.onDidDelete(() => this.refresh());
    onDidUpdate(({ modelUri, event }) => {
      // Runs of several models may overlap: each keeps its own label.
      const model = modelUri.toString();
      const run = this.live.get(model);
      if (event.type === "start") this.live.set(model, { runDir: event.runDir, label: `epoch 0/${event.epochs}` });
      else if (event.type === "epochEnd" && run) run.label = `epoch ${event.epoch}/${event.epochs} · running`;
      else if ((event.type === "end" || event.type === "error") && run) this.live.delete(model);
      else return;
      this.refresh();
    });
  }

  /** Re-reads the run folders. */
  refresh(): void {
    this.changed.fire();
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
    const logs = await vscode.workspace.findFiles("**/.cnn-runs/*/*/model.cnn.json", "**/node_modules/**", 2000);
    const byModel = new Map<string, RunItem[]>();
    await Promise.all(
      logs.map(async (file) => {
        const folder = vscode.Uri.joinPath(file, "..");
        const model = folder.path.split("/").at(-2) ?? "model";
        const item = new RunItem(
          folder,
          model,
          await readRunMetrics(folder),
          [...this.live.values()].find((r) => r.runDir === folder.fsPath)?.label,
        );
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

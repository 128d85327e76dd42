/**
 * The Training Charts panel: opens beside the editor when a run starts and follows it live; shows a past
 * run's charts, or several runs on the same charts to compare them.
 */
import * as vscode from "vscode";
import type { ChartRun, ChartsHostMessage, ChartsWebviewMessage } from "../protocol/charts";
import { readRunMetrics } from "./runsView";
import type { RunUpdate } from "./training";
import { webviewHtml, webviewOptions } from "./webviewHtml";

/** A run folder's label: "model · timestamp". */
export const runLabel = (folder: vscode.Uri) => folder.path.split("/").slice(-2).join(" · ");

/** Reads a finished run folder as chart data; undefined when it has no metrics. */
export async function loadChartRun(folder: vscode.Uri): Promise<ChartRun | undefined> {
  const m = await readRunMetrics(folder);
  if (!m) return undefined;
  const batches = (m as { batches?: ChartRun["batches"] }).batches ?? [];
  return { id: folder.fsPath, label: runLabel(folder), batches, epochs: m.epochs, live: false };
}

/** The panel (one at a time). */
export class ChartsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private runs: ChartRun[] = [];
  private live: ChartRun | undefined;
  private ready = false;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    onDidUpdate: vscode.Event<RunUpdate>,
  ) {
    this.subscription = onDidUpdate(({ event }) => this.follow(event));
  }

  /** Shows `runs` (one, or several to compare). */
  show(runs: ChartRun[], preserveFocus = false): void {
    this.runs = runs;
    this.open(preserveFocus);
    this.post({ type: "runs", runs });
  }

  /** What the panel shows now (for tests). */
  get shown(): readonly ChartRun[] {
    return this.runs;
  }

  private follow(event: RunUpdate["event"]): void {
    switch (event.type) {
      case "start":
        this.live = { id: event.runDir, label: runLabel(vscode.Uri.file(event.runDir)), batches: [], epochs: [], live: true };
        this.show([this.live], true);
        break;
      case "batchEnd":
        if (this.live && this.runs.includes(this.live)) {
          const row = { epoch: event.epoch, batch: event.batch, ...event.logs };
          (this.live.batches as object[]).push(row);
          this.post({ type: "append", id: this.live.id, kind: "batch", row });
        }
        break;
      case "epochEnd":
        if (this.live && this.runs.includes(this.live)) {
          const row = { epoch: event.epoch, ...event.logs };
          (this.live.epochs as object[]).push(row);
          this.post({ type: "append", id: this.live.id, kind: "epoch", row });
        }
        break;
      case "end":
      case "error":
        if (this.live) {
          this.post({ type: "ended", id: this.live.id });
          this.live = { ...this.live, live: false };
          this.runs = this.runs.map((r) => (r.id === this.live?.id ? (this.live as ChartRun) : r));
        }
        this.live = undefined;
        break;
      case "log":
        break;
    }
  }

  private open(preserveFocus: boolean): void {
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const assets = vscode.Uri.joinPath(this.extensionUri, "dist", "webview");
    const panel = vscode.window.createWebviewPanel(
      "cnnDesigner.charts",
      "Training Charts",
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      webviewOptions(assets),
    );
    panel.webview.html = webviewHtml(panel.webview, assets, "charts", "Training Charts");
    this.ready = false;
    panel.webview.onDidReceiveMessage((m: ChartsWebviewMessage) => {
      switch (m.type) {
        case "ready":
          // A reloaded webview (hidden and shown) starts over from the full runs.
          this.ready = true;
          void panel.webview.postMessage({ type: "runs", runs: this.runs } satisfies ChartsHostMessage);
          break;
      }
    });
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
    });
    this.panel = panel;
  }

  private post(m: ChartsHostMessage): void {
    // Until the webview is ready it is sent the full runs on "ready", appended rows included.
    if (this.panel && this.ready) void this.panel.webview.postMessage(m);
  }

  dispose(): void {
    this.subscription.dispose();
    this.panel?.dispose();
  }
}

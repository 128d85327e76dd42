/**
 * The Training Charts panel: opens beside the editor when a run starts and follows it live; shows a past
 * run's charts, or several runs on the same charts to compare them.
 */
import * as vscode from "vscode";
import type { ChartRun, ChartsHostMessage, ChartsWebviewMessage } from "../../../protocol/charts";
import { readRunMetrics } from "../../training/runsView";
import { runLabel, type LiveRuns } from "../../training/liveRuns";
import { webviewHtml, webviewOptions } from "../shared/html";
import { checkMessage, type MessageCheckers } from "../shared/messageTable";

/** The charts' messages, checked before they are handled. */
const chartsCheckers: MessageCheckers<ChartsWebviewMessage> = { ready: () => ({ type: "ready" }) };

/** Reads a finished run folder as chart data; undefined when it has no metrics. */
export async function loadChartRun(folder: vscode.Uri): Promise<ChartRun | undefined> {
  const m = await readRunMetrics(folder);
  if (!m) return undefined;
  return { id: folder.fsPath, label: runLabel(folder), batches: m.batches, epochs: m.epochs, live: false };
}

/** The panel (one at a time). */
export class ChartsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private runs: ChartRun[] = [];
  private ready = false;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    live: LiveRuns,
  ) {
    // A run that starts opens the panel beside the editor; the panel follows the run it shows.
    this.subscription = live.onMessage(({ message }) => {
      if (message.type === "runs") return this.show([...message.runs], true);
      const shown = this.runs.findIndex((r) => r.id === message.id);
      if (shown < 0) return;
      if (message.type === "ended") this.runs[shown] = { ...this.runs[shown], live: false };
      this.post(message);
    });
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
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      const m = checkMessage(chartsCheckers, raw);
      switch (m?.type) {
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

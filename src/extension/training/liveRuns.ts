/**
 * Turns the trainer's events into chart data: the run in progress (or last run) of each model, and the
 * messages the charts — the Training Charts panel and the designer of that model — follow it with.
 */
import * as vscode from "vscode";
import type { ChartRun, ChartsHostMessage } from "../../protocol/charts";
import type { RunUpdate } from "./controller";
import type { MetricsRow } from "../../core";
import { readRunMetrics } from "./runsView";

/** A run folder's label: "model · timestamp". */
export const runLabel = (folder: vscode.Uri) => folder.path.split("/").slice(-2).join(" · ");

/** A chart message for the charts of one model. */
export interface LiveRunMessage {
  readonly modelUri: vscode.Uri;
  readonly message: ChartsHostMessage;
}

/** The latest run of each model, kept up to date from the trainer's events. */
export class LiveRuns implements vscode.Disposable {
  private readonly runs = new Map<string, ChartRun>();
  private readonly emitter = new vscode.EventEmitter<LiveRunMessage>();
  /** Fires a chart message for each start (full run), batch, epoch and end. */
  readonly onMessage = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(onDidUpdate: vscode.Event<RunUpdate>) {
    this.subscription = onDidUpdate(({ modelUri, event }) => {
      const key = modelUri.toString();
      const run = this.runs.get(key);
      const fire = (message: ChartsHostMessage) => this.emitter.fire({ modelUri, message });
      switch (event.type) {
        case "start": {
          const fresh: ChartRun = { id: event.runDir, label: runLabel(vscode.Uri.file(event.runDir)), batches: [], epochs: [], live: true };
          this.runs.set(key, fresh);
          fire({ type: "runs", runs: [fresh] });
          // A resumed run's curves go on from its epochs so far, read from its folder.
          const from = event.resumedFrom;
          if (from)
            void readRunMetrics(vscode.Uri.file(event.runDir)).then((m) => {
              const now = this.runs.get(key);
              if (!m || now?.id !== fresh.id) return;
              const before = (rows: readonly MetricsRow[]) => rows.filter((r) => Number(r.epoch) <= from);
              const merged = { ...now, epochs: [...before(m.epochs), ...now.epochs], batches: [...before(m.batches), ...now.batches] };
              this.runs.set(key, merged);
              fire({ type: "runs", runs: [merged] });
            });
          return;
        }
        case "batchEnd":
        case "epochEnd": {
          if (!run?.live) return;
          const kind = event.type === "batchEnd" ? "batch" : "epoch";
          const row =
            event.type === "batchEnd" ? { epoch: event.epoch, batch: event.batch, ...event.logs } : { epoch: event.epoch, ...event.logs };
          (kind === "batch" ? (run.batches as object[]) : (run.epochs as object[])).push(row);
          return fire({ type: "append", id: run.id, kind, row });
        }
        case "end":
        case "error":
          if (!run?.live) return;
          this.runs.set(key, { ...run, live: false });
          return fire({ type: "ended", id: run.id });
        case "log":
          return;
      }
    });
  }

  /** The latest run of the model at `uri`, if it trained in this window. */
  latest(uri: vscode.Uri): ChartRun | undefined {
    return this.runs.get(uri.toString());
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

/**
 * The typed protocol between the host and the training charts webview. Types only.
 */

/** One point of a run's history: a batch's or an epoch's logs (loss, accuracy, val_loss, …). */
import type { MetricsRow } from "../core";

export type { MetricsRow };

/** A run as the charts draw it. */
export interface ChartRun {
  /** The run folder's path: unique. */
  readonly id: string;
  /** "mnist-convnet · 2026-11-30T01-49-54". */
  readonly label: string;
  /** Per batch, in order, with `epoch` and `batch` (1-based). */
  readonly batches: readonly MetricsRow[];
  /** Per epoch, in order, with `epoch` (1-based). */
  readonly epochs: readonly MetricsRow[];
  /** True while it is training. */
  readonly live: boolean;
}

/** Host → charts: draw these runs (one, or several to compare). */
export interface ShowRunsMessage {
  readonly type: "runs";
  readonly runs: readonly ChartRun[];
}

/** Host → charts: a live run finished a batch or an epoch. */
export interface AppendMessage {
  readonly type: "append";
  readonly id: string;
  readonly kind: "batch" | "epoch";
  readonly row: MetricsRow;
}

/** Host → charts: a live run ended. */
export interface EndedMessage {
  readonly type: "ended";
  readonly id: string;
}

/** Host → charts. */
export type ChartsHostMessage = ShowRunsMessage | AppendMessage | EndedMessage;

/** Charts → host: loaded, send the runs. */
export interface ChartsReadyMessage {
  readonly type: "ready";
}

/** Charts → host. */
export type ChartsWebviewMessage = ChartsReadyMessage;

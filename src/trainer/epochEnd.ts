/**
 * The end of an epoch, the same on every backend (fit.ts on tfjs, pytorch/fitTorch.ts on PyTorch): its Keras-style
 * log line and epochEnd event, early stopping's decision (with the best weights kept to restore), and the run
 * recorder's metrics and checkpoint.
 */
import { earlyStoppingReason, stopRequested } from "../core";
import type { TrainerEvent } from "../protocol/trainer";
import type { Tf } from "./backends";
import type { EarlyStopping } from "./earlyStopping";
import { formatLogs } from "./fitData";
import type { RunRecorder } from "./runRecorder";

type Tensor = ReturnType<Tf["zeros"]>;

/** How a fit stands: what the epoch end reads, and changes (early stopping's reason, the best weights). */
export interface FitState {
  /** "stop request", "stopped at once", an early-stopping reason or the divergence; null while training goes on. */
  stopReason: string | null;
  /** Stop now: skip the evaluation. */
  aborted: boolean;
  /** Where the loss became NaN or infinite, in words. */
  diverged: string | null;
  /** The best epoch's weights, kept when early stopping restores them. */
  bestWeights: Tensor[] | null;
}

/** A fit that has not stopped. */
export const freshState = (): FitState => ({ stopReason: null, aborted: false, diverged: null, bestWeights: null });

/** What the epoch end needs of the run. */
export interface EpochEnding {
  readonly model: ReturnType<Tf["model"]>;
  readonly earlyStopping: EarlyStopping | null;
  readonly recorder: RunRecorder;
  readonly epochs: number;
  readonly batches: number;
  readonly emit: (e: TrainerEvent) => void;
  readonly log: (line: string) => void;
}

/** One epoch that ended (or that a Stop cut short). */
export interface EpochDone {
  readonly epoch: number;
  readonly logs: Record<string, number>;
  readonly seconds: number;
  /** The batches it ran. */
  readonly ran: number;
  /** Optimizer steps so far, and the learning rate of the next. */
  readonly step: number;
  readonly nextRate: number;
}

/** Ends an epoch: says it, lets early stopping decide, and records it (a checkpoint when it ran to its end). */
export async function endEpoch(c: EpochEnding, state: FitState, e: EpochDone): Promise<void> {
  // A cut-short epoch reports what it ran: its batches, and the time per step of those.
  const msPerStep = (e.seconds * 1000) / Math.max(1, e.ran);
  c.log(`${e.ran}/${c.batches} - ${formatLogs(e.logs)} - ${Math.round(e.seconds)}s ${Math.round(msPerStep)}ms/step`);
  const userStop = state.stopReason === stopRequested || state.aborted;
  c.emit({
    type: "epochEnd",
    epoch: e.epoch,
    epochs: c.epochs,
    logs: e.logs,
    seconds: e.seconds,
    msPerStep,
    ...(userStop ? { stopping: true as const } : {}),
  });
  const row = { epoch: e.epoch, ...e.logs };
  const es = c.earlyStopping;
  let improved: boolean | undefined = es ? false : undefined;
  if (es && !state.stopReason) {
    const decision = es.onEpochEnd(e.epoch, row);
    improved = decision === "improved";
    if (decision === "improved" && es.config.restoreBestWeights) {
      state.bestWeights?.forEach((w) => w.dispose());
      state.bestWeights = c.model.getWeights().map((w) => w.clone());
    } else if (decision === "stop") state.stopReason = earlyStoppingReason(es.config.monitor, es.wait);
  }
  // An epoch cut short by a Stop is not a checkpoint (a resumed run would skip its last batches).
  await c.recorder.epochEnd(state.diverged ? { ...row, loss: NaN } : row, e.step, e.nextRate, e.ran === c.batches, improved);
}

/**
 * Why a run ended early, as its record keeps it (`metrics.json`'s `stopReason`, the end event): fixed English words
 * that the trainer writes — the standalone PyTorch script writes the same — and that readers turn back into a
 * message in the reader's language.
 */
import { msg, type Message } from "../messages/format";

/** A user's Stop, at the next batch end. */
export const stopRequested = "stop request";
/** Stop now: the batch in flight abandoned. */
export const stoppedAtOnce = "stopped at once";
/** Stop now while the test set was being evaluated. */
export const stoppedBeforeEvaluation = "stopped at once, before the evaluation";

/** Early stopping's reason: `monitor` did not improve for `wait` epochs. */
export const earlyStoppingReason = (monitor: string, wait: number): string =>
  `early stopping (${monitor} did not improve for ${wait} epoch${wait === 1 ? "" : "s"})`;

/** TerminateOnNaN's reason: where the loss stopped being finite (`batch` 1-based). */
export const divergedReason = (value: number, epoch: number, batch: number): string =>
  `the loss became ${value} at epoch ${epoch}, batch ${batch}`;

/** Whether a user's Stop (either kind) ended the run, rather than early stopping or a diverged loss. */
export const stoppedByUser = (reason: string | null): boolean => reason === stopRequested || reason?.startsWith(stoppedAtOnce) === true;

/** Whether early stopping ended the run. */
export const stoppedEarly = (reason: string | null): boolean => reason?.startsWith("early stopping (") === true;

const early = /^early stopping \((.+) did not improve for (\d+) epochs?\)$/;
const diverged = /^the loss became (\S+) at epoch (\d+), batch (\d+)$/;

/** A recorded reason as a message in the reader's language; one written by another tool stays as it is. */
export function stopReasonMessage(reason: string): Message | string {
  if (reason === stopRequested) return msg("run.stopRequest");
  if (reason.startsWith(stoppedAtOnce)) return msg("run.stoppedAtOnce");
  const e = early.exec(reason);
  if (e) return msg("run.earlyStopping", { monitor: e[1], count: Number(e[2]) });
  const d = diverged.exec(reason);
  if (d) return msg("run.lossBecame", { value: d[1], epoch: Number(d[2]), batch: Number(d[3]) });
  return reason;
}

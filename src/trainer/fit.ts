/**
 * The fit loop of a run, as Keras' callbacks would drive it: the learning rate of every step, per-batch and
 * per-epoch events and log lines, Stop (at the next batch end) and Stop now, early stopping, TerminateOnNaN (a
 * non-finite loss ends the run; the checkpoints keep the last good epoch), and the run recorder after every epoch.
 */
import { divergedReason, stoppedAtOnce, stopRequested } from "../core";
import type { TrainerEvent } from "../protocol/trainer";
import type { Tf } from "./backends";
import { setLearningRate } from "./compileSettings";
import type { EarlyStopping } from "./earlyStopping";
import { endEpoch, freshState } from "./epochEnd";
import { kerasLogs } from "./fitData";
import type { RunRecorder } from "./runRecorder";
import { msg, say } from "./say";

type Tensor = ReturnType<Tf["zeros"]>;

/** Lets the client stop a run at the next batch end, or at once (no evaluation; what was trained is saved). */
export interface StopSignal {
  readonly stopRequested: boolean;
  readonly abortRequested?: boolean;
}

/** What the loop needs. */
export interface FitSetup {
  readonly tf: Tf;
  readonly model: ReturnType<Tf["model"]>;
  readonly optimizer: object;
  readonly x: Tensor;
  readonly y: Tensor;
  readonly validation: readonly [Tensor, Tensor] | null;
  readonly epochs: number;
  /** Epochs and optimizer steps done before this fit (a resumed run's checkpoint; else 0). */
  readonly initialEpoch: number;
  readonly initialStep: number;
  readonly batchSize: number;
  readonly batches: number;
  readonly shuffle: boolean;
  /** The learning rate at each step, or null when it stays fixed. */
  readonly rate: ((step: number) => number) | null;
  readonly initialRate: number;
  readonly earlyStopping: EarlyStopping | null;
  readonly recorder: RunRecorder;
  readonly stop: StopSignal;
  readonly emit: (e: TrainerEvent) => void;
  readonly log: (line: string) => void;
}

/** How the loop ended. */
export interface FitOutcome {
  /** "stop request", "stopped at once", an early-stopping reason, or null when every epoch ran. */
  readonly stopReason: string | null;
  /** Stop now: skip the evaluation. */
  readonly aborted: boolean;
  /** Set when the loss became NaN or infinite (TerminateOnNaN): where, in words. */
  readonly diverged: string | null;
  readonly seconds: number;
  /** The best epoch's weights, kept when early stopping restores them. */
  readonly bestWeights: Tensor[] | null;
  /** Samples trained on, batch by batch (a cut-short epoch counts what it ran). */
  readonly samples: number;
  /** The last epoch when a Stop cut it short: the batches it ran of its batches; null when it ran to its end. */
  readonly partial: { readonly batches: number; readonly of: number } | null;
}

/** The first epoch's batches left out of the estimate of an epoch's time (warm-up), and those timed for it. */
const warmup = 3;
const timed = 15;

/** "45 s", "3 min 20 s", "1 h 5 min". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ""}`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ""}`;
}

/** The rows of `x` and `y` in a random order (Fisher–Yates, from Math.random: the run's seeded generator). */
function shuffled(tf: Tf, x: Tensor, y: Tensor): [Tensor, Tensor] {
  const n = x.shape[0] ?? 0;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return tf.tidy(() => {
    const indices = tf.tensor1d(order, "int32");
    return [tf.gather(x, indices), tf.gather(y, indices)];
  });
}

/** Runs tfjs' fit with the callbacks above. */
export async function fitModel(s: FitSetup): Promise<FitOutcome> {
  const { model, recorder, stop, emit, log, epochs, batches } = s;
  let iterations = s.initialStep;
  const first = s.initialEpoch + 1;
  let batchesThisEpoch = 0;
  let epochStart = 0;
  const state = freshState();
  let samples = 0;
  let warmedAt = 0;
  const started = performance.now();
  // One fit per epoch, on a fresh permutation drawn from the run's generator (tfjs, like Keras, shuffles one index
  // array in place epoch after epoch): the checkpoint's generator state then gives a resumed run the same order.
  for (let epochIndex = s.initialEpoch; epochIndex < epochs && state.stopReason === null && !state.aborted; epochIndex++) {
    const [x, y] = s.shuffle ? shuffled(s.tf, s.x, s.y) : [s.x, s.y];
    await model.fit(x, y, {
      epochs: epochIndex + 1,
      initialEpoch: epochIndex,
      batchSize: s.batchSize,
      shuffle: false,
      validationData: s.validation ? [s.validation[0], s.validation[1]] : undefined,
      verbose: 0,
      yieldEvery: "never",
      callbacks: {
        onEpochBegin: async (epoch) => {
          epochStart = performance.now();
          batchesThisEpoch = 0;
          log(`Epoch ${epoch + 1}/${epochs}`);
        },
        onBatchBegin: async () => {
          if (s.rate) setLearningRate(s.optimizer, s.rate(iterations));
        },
        onBatchEnd: async (batch, logs) => {
          iterations++;
          batchesThisEpoch++;
          samples += typeof logs?.size === "number" ? logs.size : s.batchSize;
          const row = kerasLogs(logs);
          const epoch = recorder.history.length + 1;
          // Early in the first epoch, what an epoch will take (measured, on this backend), so a long run can be stopped.
          // The first batches compile kernels and warm caches: timed from the end of the warm-up.
          if (epoch === first && batchesThisEpoch === warmup) warmedAt = performance.now();
          if (epoch === first && batchesThisEpoch === warmup + timed && batches > 2 * (warmup + timed)) {
            const perEpoch = ((performance.now() - warmedAt) / timed) * batches;
            log(say(msg("run.estimate", { duration: formatDuration(perEpoch), timed, warmup })));
          }
          recorder.batches.push({ epoch, batch: batch + 1, ...row });
          emit({ type: "batchEnd", epoch, batch: batch + 1, batches, logs: row });
          if (!Number.isFinite(row.loss) && !state.diverged) {
            state.diverged = divergedReason(row.loss, epoch, batch + 1);
            state.stopReason = state.diverged;
            model.stopTraining = true;
            return;
          }
          // Let the IPC channel deliver a Stop request between batches.
          await new Promise((resolve) => setImmediate(resolve));
          if (stop.abortRequested && !state.aborted) {
            state.aborted = true;
            state.stopReason = stoppedAtOnce;
            model.stopTraining = true;
          } else if (stop.stopRequested && !state.stopReason) {
            state.stopReason = stopRequested;
            model.stopTraining = true;
          }
        },
        onEpochEnd: async (epoch, logs) => {
          const seconds = (performance.now() - epochStart) / 1000;
          const nextRate = s.rate ? s.rate(iterations) : s.initialRate;
          await endEpoch(s, state, { epoch: epoch + 1, logs: kerasLogs(logs), seconds, ran: batchesThisEpoch, step: iterations, nextRate });
          if (state.stopReason) model.stopTraining = true;
        },
      },
    });
    if (s.shuffle) s.tf.dispose([x, y]);
  }
  const partial = batchesThisEpoch > 0 && batchesThisEpoch < batches ? { batches: batchesThisEpoch, of: batches } : null;
  return { ...state, seconds: (performance.now() - started) / 1000, samples, partial };
}

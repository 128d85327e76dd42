import type { OptimizerName } from "../training/training";
import { peakOf, type Footprint } from "./tape";

/** Bytes per value: the engine assumes float32 weights and activations, as Keras does by default. */
export const bytesPerValue = 4;

/** Optimizer state slots per trainable weight (Keras optimizers): a table over every optimizer the core knows. */
export const optimizerSlots: Readonly<Record<OptimizerName, number>> = {
  sgd: 0,
  rmsprop: 1,
  adagrad: 1,
  adadelta: 2,
  adam: 2,
  adamax: 2,
};

/** Memory figures of a model. */
export interface MemoryEstimate {
  /** All weights, trainable and not. */
  readonly parameterBytes: number;
  /** Outputs of every layer (inputs included) for one sample; `null` when a dimension is unknown. */
  readonly activationBytesPerSample: number | null;
  /** An estimate of the memory one training step of CNN Designer's trainer (tfjs) needs at its peak. */
  readonly training: TrainingMemory;
  /** The device memory the estimate was asked about, and the largest batch that fits in it (see largestBatch). */
  readonly device?: { readonly bytes: number; readonly largestBatch: number | null };
}

/**
 * A training step's peak: weights, their gradients, optimizer state, the tensors tfjs keeps for back-propagation
 * with the gradients computed by then (the batch's input among them), and the gradient kernels' scratch.
 */
export interface TrainingMemory {
  readonly batchSize: number;
  readonly optimizer: OptimizerName;
  readonly weightBytes: number;
  readonly gradientBytes: number;
  readonly optimizerStateBytes: number;
  /** Kept tensors and gradients for the whole batch at the peak (tape.ts); `null` when unknown. */
  readonly activationBytes: number | null;
  /** The framework's workspace at the peak: the convolution gradients' patches; `null` when unknown. */
  readonly workspaceBytes: number | null;
  /** The sum; `null` when the activations are unknown. */
  readonly totalBytes: number | null;
}

/** Estimates memory from parameter counts, per-sample output sizes and the training step's tape (tape.ts). */
export function estimateMemory(
  totalParams: number,
  trainableParams: number,
  activationValuesPerSample: number | null,
  tape: Footprint | null,
  batchSize: number,
  optimizer: OptimizerName,
): MemoryEstimate {
  const slots = optimizerSlots[optimizer];
  const weightBytes = totalParams * bytesPerValue;
  const gradientBytes = trainableParams * bytesPerValue;
  const optimizerStateBytes = slots * trainableParams * bytesPerValue;
  const peak = tape === null ? null : peakOf(tape, batchSize);
  const activationBytes = peak === null ? null : peak.activations * bytesPerValue;
  const workspaceBytes = peak === null ? null : peak.scratch * bytesPerValue;
  const fixed = weightBytes + gradientBytes + optimizerStateBytes;
  return {
    parameterBytes: weightBytes,
    activationBytesPerSample: activationValuesPerSample === null ? null : activationValuesPerSample * bytesPerValue,
    training: {
      batchSize,
      optimizer,
      weightBytes,
      gradientBytes,
      optimizerStateBytes,
      activationBytes,
      workspaceBytes,
      totalBytes: activationBytes === null || workspaceBytes === null ? null : fixed + activationBytes + workspaceBytes,
    },
  };
}

/**
 * The largest batch whose training step, as {@link estimateMemory} sizes it, fits in `deviceBytes`: what the
 * weights, gradients and optimizer state leave, over the step's peak (which grows with the batch, the scratch
 * up to its budgets). 0 when not even one sample fits; null when the tape is unknown (a size known only at run time).
 */
export function largestBatch(m: MemoryEstimate, tape: Footprint | null, deviceBytes: number): number | null {
  const t = m.training;
  if (tape === null) return null;
  const left = deviceBytes - t.weightBytes - t.gradientBytes - t.optimizerStateBytes;
  const need = (n: number) => {
    const p = peakOf(tape, n);
    return (p.activations + p.scratch) * bytesPerValue;
  };
  if (left <= 0 || need(1) > left) return 0;
  // Doubling, then bisection: the peak grows with the batch.
  let lo = 1;
  let hi = 2;
  while (need(hi) <= left) {
    lo = hi;
    if (hi >= Number.MAX_SAFE_INTEGER / 2) return Number.MAX_SAFE_INTEGER;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (need(mid) <= left) lo = mid;
    else hi = mid;
  }
  return lo;
}

export { formatBytes } from "../messages/units";

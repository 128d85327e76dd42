import type { OptimizerName } from "../training/training";

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
  /** An estimate of the memory one training step needs. */
  readonly training: TrainingMemory;
  /** The device memory the estimate was asked about, and the largest batch that fits in it (see largestBatch). */
  readonly device?: { readonly bytes: number; readonly largestBatch: number | null };
}

/** Training memory: weights, their gradients, optimizer state, and activations kept for backpropagation. */
export interface TrainingMemory {
  readonly batchSize: number;
  readonly optimizer: OptimizerName;
  readonly weightBytes: number;
  readonly gradientBytes: number;
  readonly optimizerStateBytes: number;
  /** Forward activations and their gradients for the whole batch; `null` when unknown. */
  readonly activationBytes: number | null;
  /** The sum; `null` when the activations are unknown. */
  readonly totalBytes: number | null;
}

/** Estimates memory from parameter counts and per-sample activation sizes. */
export function estimateMemory(
  totalParams: number,
  trainableParams: number,
  activationValuesPerSample: number | null,
  batchSize: number,
  optimizer: OptimizerName,
): MemoryEstimate {
  const slots = optimizerSlots[optimizer];
  const weightBytes = totalParams * bytesPerValue;
  const gradientBytes = trainableParams * bytesPerValue;
  const optimizerStateBytes = slots * trainableParams * bytesPerValue;
  const perSample = activationValuesPerSample === null ? null : activationValuesPerSample * bytesPerValue;
  const activationBytes = perSample === null ? null : 2 * perSample * batchSize;
  return {
    parameterBytes: weightBytes,
    activationBytesPerSample: perSample,
    training: {
      batchSize,
      optimizer,
      weightBytes,
      gradientBytes,
      optimizerStateBytes,
      activationBytes,
      totalBytes: activationBytes === null ? null : weightBytes + gradientBytes + optimizerStateBytes + activationBytes,
    },
  };
}

/**
 * The largest batch whose training step, as {@link estimateMemory} sizes it, fits in `deviceBytes`: what the
 * weights, gradients and optimizer state leave, over the activations and their gradients per sample. 0 when not
 * even one sample fits; null when the activations are unknown (a size known only at run time).
 */
export function largestBatch(m: MemoryEstimate, deviceBytes: number): number | null {
  const t = m.training;
  if (m.activationBytesPerSample === null) return null;
  const left = deviceBytes - t.weightBytes - t.gradientBytes - t.optimizerStateBytes;
  const perSample = 2 * m.activationBytesPerSample;
  if (left <= 0) return 0;
  return perSample === 0 ? Number.MAX_SAFE_INTEGER : Math.floor(left / perSample);
}

/** Formats bytes as Keras summaries do: `1.14 MB` (powers of 1024). */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB", "PB", "EB"];
  let value = bytes;
  let u = 0;
  while (value >= 1024 && u < units.length - 1) {
    value /= 1024;
    u++;
  }
  return `${value.toFixed(2)} ${units[u]}`;
}

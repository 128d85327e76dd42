import type { OptimizerName } from "../training/training";
import { maxInteger } from "../document/params";
import { peakOf, type Footprint } from "./tape";

/** Bytes per value: the engine assumes float32 weights and activations, as Keras does by default. */
export const bytesPerValue = 4;

/**
 * Optimizer state slots per trainable weight, as the trainer's optimizers (tfjs') keep them: a table over every
 * optimizer the core knows. SGD keeps one with momentum (see {@link slotsOf}); tfjs' RMSprop keeps the mean
 * square and the momentum always.
 */
export const optimizerSlots: Readonly<Record<OptimizerName, number>> = {
  sgd: 0,
  rmsprop: 2,
  adagrad: 1,
  adadelta: 2,
  adam: 2,
  adamax: 2,
};

/** The slots an optimizer keeps per trainable weight: SGD one with momentum, as tfjs' momentum optimizer does. */
export const slotsOf = (optimizer: OptimizerName, momentum = 0): number =>
  optimizer === "sgd" && momentum > 0 ? 1 : optimizerSlots[optimizer];

/** The largest batch a model file may name (`training.batchSize`, `--batch-size`): the largest batch searched. */
const maxBatch = maxInteger;

/** Memory figures of a model. */
export interface MemoryEstimate {
  /** All weights, trainable and not. */
  readonly parameterBytes: number;
  /** Outputs of every layer (inputs included) for one sample; `null` when a dimension is unknown. */
  readonly activationBytesPerSample: number | null;
  /** An estimate of the memory one training step of CNN Designer's own trainer (tfjs: wasm, CPU) needs at its peak. */
  readonly training: TrainingMemory;
  /**
   * The same step on the `pytorch` backend on a CUDA GPU (torchTape.ts): what PyTorch's allocator holds at its peak;
   * its workspace is cuBLAS's, and the optimizer step's temporaries where they outgrow the activations;
   * `activationBytes` and `totalBytes` are `null` when a size is unknown.
   */
  readonly pytorch: TrainingMemory;
  /**
   * The device memory (a GPU's) the estimate was asked about, and the largest batch whose step fits in it: on
   * PyTorch, which trains on GPUs (see largestTorchBatch), and on the tfjs trainer (see largestBatch).
   */
  readonly device?: { readonly bytes: number; readonly largestBatch: number | null; readonly tfjsLargestBatch: number | null };
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

/**
 * cuBLAS's workspace, which PyTorch (2.x) takes from its CUDA allocator: 65 MiB measured on an H200 before any
 * step (bench/deviceCheck.sh, 2026-12-04); PyTorch sizes it by the GPU's generation, smaller before Hopper.
 */
export const cudaLibraryBytes = 65 * 2 ** 20;

/**
 * Temporary tensors the pytorch backend's optimizer step holds at once, in multiples of the trainable weights:
 * training_math.py updates all the weights together (torch._foreach_*), each operation making one list of them —
 * plain SGD's `lr · g`, one; the others a quotient and its divisor, two (SGD with momentum counted as Nesterov's).
 * Counted from the code, not measured on its own (the GPU's peaks come in back-propagation).
 */
const torchStepTemporaries = (optimizer: OptimizerName, momentum: number): number => (optimizer === "sgd" && momentum === 0 ? 1 : 2);

/** Estimates memory from parameter counts, per-sample output sizes and the training step's tapes (tape.ts, torchTape.ts). */
export function estimateMemory(
  totalParams: number,
  trainableParams: number,
  activationValuesPerSample: number | null,
  tape: Footprint | null,
  batchSize: number,
  optimizer: OptimizerName,
  momentum = 0,
  torchPerSample: number | null = null,
): MemoryEstimate {
  const slots = slotsOf(optimizer, momentum);
  const weightBytes = totalParams * bytesPerValue;
  const gradientBytes = trainableParams * bytesPerValue;
  const optimizerStateBytes = slots * trainableParams * bytesPerValue;
  const peak = tape === null ? null : peakOf(tape, batchSize);
  const activationBytes = peak === null ? null : peak.activations * bytesPerValue;
  const workspaceBytes = peak === null ? null : peak.scratch * bytesPerValue;
  const fixed = weightBytes + gradientBytes + optimizerStateBytes;
  const torchActivations = torchPerSample === null ? null : torchPerSample * batchSize * bytesPerValue;
  // The optimizer's temporaries come after back-propagation has freed the activations: the larger of the two.
  const temporaries = torchStepTemporaries(optimizer, momentum) * gradientBytes;
  const torchWorkspace = cudaLibraryBytes + Math.max(0, temporaries - (torchActivations ?? 0));
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
    pytorch: {
      batchSize,
      optimizer,
      weightBytes,
      gradientBytes,
      optimizerStateBytes,
      activationBytes: torchActivations,
      workspaceBytes: torchWorkspace,
      totalBytes: torchActivations === null ? null : fixed + torchActivations + torchWorkspace,
    },
  };
}

/**
 * The largest batch N such that every batch up to N fits in `deviceBytes`, as {@link estimateMemory} sizes a step:
 * what the weights, gradients and optimizer state leave, over the step's peak. The peak grows with the batch but
 * for a drop where a convolution's gradients leave the patches' form (tape.ts' `switches`): each stretch between
 * them is searched in turn. 0 when not even one sample fits; null when the tape is unknown (a size known only at
 * run time); at most the largest batch a file may name.
 */
export function largestBatch(m: MemoryEstimate, tape: Footprint | null, deviceBytes: number): number | null {
  const t = m.training;
  if (tape === null) return null;
  const left = deviceBytes - t.weightBytes - t.gradientBytes - t.optimizerStateBytes;
  const fits = (n: number) => {
    const p = peakOf(tape, n);
    return (p.activations + p.scratch) * bytesPerValue <= left;
  };
  if (left <= 0 || !fits(1)) return 0;
  // Stretches [from, to] on which the peak grows with the batch; the last one open.
  const ends = [...new Set(tape.switches.filter((n) => n >= 1 && n < maxBatch))].sort((a, b) => a - b);
  let from = 1;
  for (const to of [...ends, maxBatch]) {
    if (fits(to)) {
      from = to + 1;
      continue;
    }
    // The first batch in [from, to] that does not fit: the one before it is the answer.
    let lo = from - 1;
    let hi = to;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (fits(mid)) lo = mid;
      else hi = mid;
    }
    return lo;
  }
  return maxBatch;
}

/**
 * The largest batch whose step on the pytorch backend (`m.pytorch`) fits in `deviceBytes`: its tensors grow in
 * proportion to the batch. 0 when not even one sample fits; null when a size is unknown; at most the largest
 * batch a file may name.
 */
export function largestTorchBatch(m: MemoryEstimate, deviceBytes: number): number | null {
  const t = m.pytorch;
  if (t.activationBytes === null) return null;
  const perSample = t.activationBytes / t.batchSize;
  const left = deviceBytes - t.weightBytes - t.gradientBytes - t.optimizerStateBytes - cudaLibraryBytes;
  if (left < perSample) return 0;
  return perSample === 0 ? maxBatch : Math.min(maxBatch, Math.floor(left / perSample));
}

/** `m` with a device of `deviceBytes` (a GPU's memory): the largest batches that fit it, on PyTorch and on tfjs. */
export function onDevice(m: MemoryEstimate, tape: Footprint | null, deviceBytes: number): MemoryEstimate {
  return {
    ...m,
    device: { bytes: deviceBytes, largestBatch: largestTorchBatch(m, deviceBytes), tfjsLargestBatch: largestBatch(m, tape, deviceBytes) },
  };
}

export { formatBytes } from "../messages/units";

/**
 * What a training step of the `pytorch` backend holds beyond the weights, per sample: PyTorch's autograd keeps
 * only the tensors each operation's gradient reads (its saved tensors: a convolution its input, ReLU its output,
 * max pooling its input and the argmax indices, a mean nothing), sharing them between the operations that read
 * the same tensor, and back-propagation frees each saved tensor and each gradient once used. Per layer family, for
 * the operations the core's PyTorch export writes (interop/pytorch/layers.ts): `F.relu(conv(_pad_same(x)))` keeps
 * the padded copy and the ReLU's output, not the convolution's. Measured against CUDA's allocator on a GPU by
 * bench/deviceCheck.sh (bench/torchMemory.py).
 */
import type { ActivationName } from "../layers/common";
import type { LayerType } from "../layers/registry";
import type { CountedLayer } from "./analyze";
import { separableMiddle, stepSizes } from "./tape";

/** What a layer's operations save for back-propagation, in values per sample. */
interface TorchTape {
  /** Whether an operation of the layer keeps its input (or inputs) alive. */
  readonly savesInput: boolean;
  /** Whether an operation of the layer keeps its own output alive. */
  readonly savesOutput: boolean;
  /** Tensors kept inside the layer (a padded copy, an activation's input, max pooling's int64 indices). */
  readonly internal: number;
  /** Gradients its backward computes on the way to its inputs' (an activation's, on a convolution's output). */
  readonly transient: number;
  /** Whether its output shares its input's data (a view): no new tensor. */
  readonly view?: boolean;
}

/** How each activation's PyTorch operation is differentiated: whether it saves its input or its output. */
const activationSaves: Readonly<Record<ActivationName, { input: number; output: boolean }>> = {
  linear: { input: 0, output: false },
  relu: { input: 0, output: true },
  relu6: { input: 1, output: false },
  elu: { input: 1, output: false },
  selu: { input: 1, output: false },
  sigmoid: { input: 0, output: true },
  // clamp(0.2 x + 0.5): the affine tensor kept by the clamp.
  hardSigmoid: { input: 1, output: false },
  softmax: { input: 0, output: true },
  softplus: { input: 1, output: false },
  // x / (1 + |x|): x and the denominator.
  softsign: { input: 2, output: false },
  tanh: { input: 0, output: true },
  swish: { input: 1, output: false },
  mish: { input: 1, output: false },
  gelu: { input: 1, output: false },
  gelu_new: { input: 1, output: false },
};

type Settings = Readonly<Record<string, unknown>>;
interface Sizes {
  readonly o: number;
  /** The first input's shape (with the batch). */
  readonly inShape: readonly (number | null)[] | null;
  readonly layer: CountedLayer;
}

const none: TorchTape = { savesInput: false, savesOutput: false, internal: 0, transient: 0 };
const savingInput: TorchTape = { ...none, savesInput: true };
const viewOf: TorchTape = { ...none, view: true };
const nums = (v: unknown, n: number): number[] => (Array.isArray(v) ? (v as number[]) : Array<number>(n).fill(Number(v ?? 1)));

/** Values per sample of the copy `_pad_same` (or a causal `F.pad`) makes of the input; 0 without padding. */
function paddedSize(z: Sizes, kernelKey: "kernelSize" | "poolSize"): number {
  const s: Settings = z.layer.settings ?? {};
  const shape = z.inShape;
  if ((s.padding !== "same" && s.padding !== "causal") || !shape) return 0;
  const spatial = shape.slice(1, -1) as number[];
  const kernel = nums(s[kernelKey], spatial.length);
  const strides = nums(s.strides ?? s[kernelKey], spatial.length);
  const dilation = nums(s.dilationRate ?? 1, spatial.length);
  let values = (shape.at(-1) as number) ?? 0;
  spatial.forEach((size, d) => {
    const extent = (kernel[d] - 1) * dilation[d] + 1;
    const total = s.padding === "causal" ? extent - 1 : Math.max((Math.ceil(size / strides[d]) - 1) * strides[d] + extent - size, 0);
    values *= size + total;
  });
  return values;
}

/** What the activation a layer's settings name saves (none: linear). */
const savesOf = (z: Sizes) =>
  activationSaves[((z.layer.settings ?? {}).activation as ActivationName) ?? "linear"] ?? activationSaves.linear;

/** An activation fused into a layer (Conv2D's, Dense's): what it keeps of the layer's result, and its gradient. */
function activated(z: Sizes, keptBefore: number): TorchTape {
  const a = savesOf(z);
  const linear = a === activationSaves.linear;
  return {
    savesInput: keptBefore === 0,
    savesOutput: a.output,
    internal: keptBefore + a.input * z.o,
    transient: linear ? 0 : z.o,
  };
}

/** A convolution or Dense: it keeps its (padded) input, then its activation what it reads. */
function convolution(z: Sizes, type: LayerType): TorchTape {
  const padded = type === "Dense" || type === "Conv2DTranspose" ? 0 : paddedSize(z, "kernelSize");
  let t = activated(z, padded);
  if (type === "SeparableConv2D") {
    // The depthwise step's output, which the pointwise convolution keeps, and its gradient.
    const middle = separableMiddle(z.o, z.layer);
    t = { ...t, internal: t.internal + middle, transient: t.transient + middle };
  }
  return t;
}

/** Max pooling keeps its (padded) input and the argmax of every output, as int64 (two float32's worth). */
const maxPooling = (z: Sizes): TorchTape => {
  const padded = paddedSize(z, "poolSize");
  return { savesInput: padded === 0, savesOutput: false, internal: padded + 2 * z.o, transient: 0 };
};
const avgPooling = (z: Sizes): TorchTape => {
  const padded = paddedSize(z, "poolSize");
  return { savesInput: padded === 0, savesOutput: false, internal: padded, transient: 0 };
};
/** An operation on its input alone whose gradient reads only its input. */
const readsInput = (): TorchTape => savingInput;

/** The layer families' tapes on PyTorch. */
const families: Readonly<Record<Exclude<LayerType, "Input">, (z: Sizes, t: LayerType) => TorchTape>> = {
  Rescaling: () => none,
  Resizing: () => none,
  CenterCrop: () => viewOf,
  Normalization: () => none,
  Conv1D: convolution,
  Conv2D: convolution,
  Conv2DTranspose: convolution,
  DepthwiseConv2D: convolution,
  SeparableConv2D: convolution,
  Dense: convolution,
  MaxPooling1D: maxPooling,
  MaxPooling2D: maxPooling,
  AveragePooling1D: avgPooling,
  AveragePooling2D: avgPooling,
  // amax keeps its input and its result; mean only the sizes (torch 1.13 kept its input).
  GlobalMaxPooling1D: () => ({ ...savingInput, savesOutput: true }),
  GlobalMaxPooling2D: () => ({ ...savingInput, savesOutput: true }),
  GlobalAveragePooling1D: () => none,
  GlobalAveragePooling2D: () => none,
  // Channels moved last, then flattened: a copy (the moved view is not contiguous), nothing kept.
  Flatten: () => none,
  Reshape: () => none,
  // The mask, one byte a value on CUDA (torch 1.13 on the CPU keeps it as float32).
  Dropout: (z) => ({ ...none, internal: z.o / 4 }),
  SpatialDropout2D: () => none,
  BatchNormalization: readsInput,
  // Its input, and a mean and reciprocal deviation per position.
  LayerNormalization: (z) => ({ ...savingInput, internal: (2 * z.o) / ((z.layer.outputShape?.at(-1) as number | null) ?? 1) }),
  Activation: (z) => {
    const a = savesOf(z);
    return { savesInput: a.input > 0, savesOutput: a.output, internal: Math.max(a.input - 1, 0) * z.o, transient: 0 };
  },
  ReLU: (z) => {
    const s = z.layer.settings ?? {};
    const leaky = (s.negativeSlope !== 0 && s.negativeSlope !== undefined) || (s.threshold !== 0 && s.threshold !== undefined);
    if (leaky) return { ...none, internal: 1.25 * z.o }; // where()'s condition and the clamp's input
    return s.maxValue !== null && s.maxValue !== undefined ? savingInput : { ...none, savesOutput: true };
  },
  LeakyReLU: readsInput,
  ELU: readsInput,
  Softmax: () => ({ ...none, savesOutput: true }),
  ZeroPadding2D: () => none,
  Cropping2D: () => viewOf,
  UpSampling2D: () => none,
  Add: () => none,
  Multiply: readsInput,
  Average: () => none,
  Maximum: readsInput,
  Minimum: readsInput,
  Concatenate: () => none,
};

/**
 * The peak of a training step's tensors on PyTorch, in values per sample (the batch's input and the model's output,
 * which the training loop holds, among them): the larger of the moment forward ends — every saved tensor, the
 * output's gradient — and each moment of back-propagation, when the saved tensors of the layers not yet reached
 * are alive with the gradients waiting for their layers and those the current layer computes. `inputs[i]` are the
 * indices of layer i's inputs; `order` a topological order. Layers no gradient reaches keep nothing.
 */
export function torchPeak(
  layers: readonly CountedLayer[],
  inputs: readonly (readonly number[])[],
  order: readonly number[],
): { readonly kept: number; readonly peak: number } {
  const count = layers.length;
  const { size, learns } = stepSizes(layers, inputs, order);
  const tapes: TorchTape[] = new Array(count);
  for (const i of order) {
    const l = layers[i];
    tapes[i] =
      l.type === "Input" || !learns[i]
        ? none
        : families[l.type as Exclude<LayerType, "Input">](
            { o: size[i], inShape: layers[inputs[i][0]]?.outputShape ?? null, layer: l },
            l.type as LayerType,
          );
  }
  // Back-propagation's step at which each output is freed: that of the last layer (in back-propagation's order,
  // the first in the forward order) that keeps it; -1 when none does. Model inputs and outputs live to the end.
  const position = new Int32Array(count);
  order.forEach((i, at) => (position[i] = order.length - 1 - at));
  const freedAt = new Int32Array(count).fill(-1);
  const isOutput = new Uint8Array(count).fill(1);
  inputs.forEach((from, c) =>
    from.forEach((k) => {
      isOutput[k] = 0;
      if (tapes[c].savesInput) freedAt[k] = Math.max(freedAt[k], position[c]);
    }),
  );
  // A view shares its input's data: it adds no tensor of its own (that a reader keeping it keeps its input alive
  // is not followed: only crops are views, and the input is kept longer than counted only where a crop's reader
  // saves it and nothing else does).
  let kept = 0;
  const release = new Float64Array(order.length + 1);
  for (const i of order) {
    const t = tapes[i];
    let own = t.view ? 0 : size[i];
    if (t.savesOutput) freedAt[i] = Math.max(freedAt[i], position[i]);
    if (layers[i].type === "Input" || isOutput[i]) freedAt[i] = order.length;
    if (freedAt[i] < 0) own = 0;
    kept += own + t.internal;
    release[Math.max(freedAt[i], 0)] += own;
    release[position[i]] += t.internal;
  }
  // Gradients waiting for their layer: the output's first.
  const waiting = new Float64Array(count);
  let pending = 0;
  for (const i of order)
    if (isOutput[i] && learns[i]) {
      waiting[i] = size[i];
      pending += size[i];
    }
  const forward = kept;
  let peak = kept + pending;
  for (let at = 0; at < order.length; at++) {
    const i = order[order.length - 1 - at];
    if (!learns[i] || layers[i].type === "Input") {
      kept -= release[at];
      continue;
    }
    // Its inputs' gradients, new where no reader made one yet.
    let fresh = 0;
    for (const k of inputs[i]) if (learns[k] && waiting[k] === 0) fresh += size[k];
    peak = Math.max(peak, kept + pending + tapes[i].transient + fresh);
    for (const k of inputs[i])
      if (learns[k] && waiting[k] === 0) {
        waiting[k] = size[k];
        pending += size[k];
      }
    pending -= waiting[i];
    waiting[i] = 0;
    kept -= release[at];
  }
  return { kept: forward, peak };
}

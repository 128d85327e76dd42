/**
 * What a training step of CNN Designer's own trainer (tfjs-layers, on wasm or tfjs' CPU backend) holds in memory
 * beyond the weights: tfjs keeps every tensor a kernel saves for its gradient until back-propagation ends, and
 * every gradient it computes until then too; the convolutions' gradient kernels add scratch space (the input's
 * patches) while they run. Per layer family, in multiples of its output (O) and input (I) per sample, read from
 * the kernels tfjs-layers runs (a ReLU convolution: the convolution, the bias sum and the ReLU's input kept, the
 * ReLU's gradient and the input's). Measured against the wasm heap in `npm run bench:memory`.
 */
import type { ActivationName } from "../layers/common";
import type { LayerType } from "../layers/registry";
import type { CountedLayer } from "./analyze";

/**
 * The largest patch matrix (floats) the trainer's convolution gradients build on wasm; beyond it they take forms
 * without one (src/trainer/kernels/convGradients.ts reads it here).
 */
export const wasmPatchBudget = 2 ** 24;
/** The scratch (floats) Winograd's convolutions on wasm work in, the batch taken in parts of it (winograd.ts). */
export const wasmWinogradBudget = 2 ** 22;

/** An activation's tensors in a training step, in multiples of its output. */
interface ActivationTape {
  /** Tensors kept besides its input and output (ReLU6's ReLU, GELU's terms). */
  readonly kept: number;
  /** Gradients it computes (its input's among them). */
  readonly grads: number;
  /** Whether its gradient reads its output rather than its input: its input need not be kept for it. */
  readonly savesOutput: boolean;
}

const act = (kept: number, grads: number, savesOutput = false): ActivationTape => ({ kept, grads, savesOutput });
/** Every activation, as tfjs computes it and its gradient. */
const activations: Readonly<Record<ActivationName, ActivationTape>> = {
  linear: act(0, 0),
  relu: act(0, 1),
  relu6: act(1, 2),
  elu: act(0, 1, true),
  selu: act(2, 3),
  sigmoid: act(0, 1, true),
  hardSigmoid: act(2, 2),
  softmax: act(0, 2, true),
  softplus: act(0, 1),
  softsign: act(3, 3),
  tanh: act(0, 1, true),
  swish: act(2, 3),
  mish: act(2, 3),
  gelu: act(6, 7),
  gelu_new: act(6, 7),
};

/** One layer's share of a training step, per sample, in values. */
export interface LayerTape {
  /** Tensors kept from the forward pass to the end of back-propagation (its output among them). */
  readonly kept: number;
  /** Gradients computed while back-propagating through it (its input's, where they are needed). */
  readonly grads: number;
  /** Scratch its gradient kernels use for a batch of `n`, in values (not per sample: budgets cap it); none without. */
  readonly scratch?: (n: number) => number;
  /** The largest batch whose gradients still build the patches (beyond it, the scratch drops); none if no patches. */
  readonly switchesAt?: number;
  /** Whether its kernels keep their input for the gradient (all but activations that read their output). */
  readonly keepsInput: boolean;
}

type Settings = Readonly<Record<string, unknown>>;
/** A layer's sizes per sample: its output and each input. */
interface Sizes {
  readonly o: number;
  readonly i: readonly number[];
  /** Whether gradients reach this layer (it or a layer before it learns). */
  readonly learns: boolean;
  /** Whether its input's gradient is needed (a layer before it learns). */
  readonly inputGrad: boolean;
  readonly layer: CountedLayer;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const activationOf = (s: Settings): ActivationTape => activations[(s.activation as ActivationName) ?? "linear"] ?? activations.linear;

/** A layer that keeps its output and, where gradients reach it, computes its input's (pooling, padding …). */
function reshaping(z: Sizes, extraGrads = 0): LayerTape {
  return { kept: z.o, grads: z.inputGrad ? sum(z.i) + extraGrads * z.o : 0, keepsInput: true };
}

/** {@link reshaping} without extra gradients, as a family's entry. */
const reshaped = (z: Sizes): LayerTape => reshaping(z);

/** A layer that keeps two tensors of its output's size (a scale and a shift) and passes one gradient back. */
const affine = (z: Sizes): LayerTape => ({ kept: 2 * z.o, grads: z.inputGrad ? z.o : 0, keepsInput: true });

/** Values of a convolution's patch matrix per sample: its output positions × kernel taps × input channels. */
function patchesPerSample(z: Sizes): number {
  const s = z.layer.settings ?? {};
  const taps = ((s.kernelSize as number[] | undefined) ?? [1]).reduce((a, b) => a * b, 1);
  const channels = (z.layer.outputShape?.at(-1) as number | null) ?? 1;
  return (z.o / channels) * taps * (z.layer.weights?.[0]?.shape.at(-2) ?? 1);
}

/** Patch-matrix scratch of a convolution's gradients on wasm for a batch of `n` (see convGradients.ts). */
function convScratch(z: Sizes, depthwise: boolean): (n: number) => number {
  const input = z.i[0] ?? 0;
  const perSample = patchesPerSample(z);
  const kernel = (z.layer.settings?.kernelSize as number[] | undefined) ?? [1];
  const winograd = kernel.length === 2 && kernel[0] === 3 && kernel[1] === 3;
  return (n) => {
    if (!z.learns) return 0;
    // Transposes of the input and of dy (depthwise: the forms re-expressed through depthwise convolutions).
    if (depthwise) return n * (input + z.o);
    const patches = n * perSample;
    return patches <= wasmPatchBudget ? patches + n * input : n * (input + z.o) + (winograd ? wasmWinogradBudget : 0);
  };
}

/** The largest batch whose patches fit the budget (see convScratch). */
function patchesUpTo(z: Sizes): number | undefined {
  const perSample = patchesPerSample(z);
  return perSample > 0 ? Math.floor(wasmPatchBudget / perSample) : undefined;
}

/** A convolution or Dense: kernels by how tfjs-layers runs them while training (fused only when linear). */
function convolution(z: Sizes, type: LayerType): LayerTape {
  const s = z.layer.settings ?? {};
  const a = activationOf(s);
  const bias = s.useBias !== false;
  const linear = s.activation === undefined || s.activation === "linear";
  const fusable = type === "Conv2D" || type === "Dense";
  // Conv2D and Dense run fused (bias inside, its output kept) when linear, and unfused with ReLU and ELU; other
  // activations follow a fused linear one. The others add the bias apart, keeping the convolution's output.
  let internal: number;
  if (fusable) internal = linear ? 0 : s.activation === "relu" || s.activation === "elu" ? 1 + (bias ? 1 : 0) : 1;
  else internal = (bias ? 1 : 0) + (linear || a.savesOutput ? 0 : 1);
  let kept = (1 + internal + a.kept) * z.o;
  let grads = (z.learns ? a.grads * z.o : 0) + (z.inputGrad ? sum(z.i) : 0);
  if (type === "SeparableConv2D") {
    // The depthwise step's output (at the output's positions) is kept, and its gradient computed.
    const middle = separableMiddle(z.o, z.layer);
    kept += middle;
    grads += z.learns ? middle : 0;
  }
  const depthwise = type === "DepthwiseConv2D" || type === "SeparableConv2D";
  if (type === "Dense") return { kept, grads, keepsInput: true };
  return {
    kept,
    grads,
    keepsInput: true,
    scratch: convScratch(z, depthwise),
    switchesAt: depthwise || !z.learns ? undefined : patchesUpTo(z),
  };
}

/** Values per sample of a SeparableConv2D's depthwise step's output: at its output's positions, input channels × depth. */
export function separableMiddle(o: number, layer: CountedLayer): number {
  const s = layer.settings ?? {};
  const depth = ((s.depthMultiplier as number) ?? 1) * ((layer.weights?.[0]?.shape.at(-2) as number) ?? 1);
  const channels = (layer.outputShape?.at(-1) as number | null) ?? 1;
  return (o / channels) * depth;
}

/** The layer families' tapes. */
const families: Readonly<Record<Exclude<LayerType, "Input">, (z: Sizes, t: LayerType) => LayerTape>> = {
  Rescaling: affine,
  Resizing: reshaped,
  CenterCrop: reshaped,
  Normalization: affine,
  Conv1D: convolution,
  Conv2D: convolution,
  Conv2DTranspose: convolution,
  DepthwiseConv2D: convolution,
  SeparableConv2D: convolution,
  Dense: convolution,
  MaxPooling1D: reshaped,
  MaxPooling2D: reshaped,
  AveragePooling1D: reshaped,
  AveragePooling2D: reshaped,
  GlobalMaxPooling1D: (z) => ({ kept: z.o, grads: z.inputGrad ? 2 * sum(z.i) : 0, keepsInput: true }),
  GlobalMaxPooling2D: (z) => ({ kept: z.o, grads: z.inputGrad ? 2 * sum(z.i) : 0, keepsInput: true }),
  GlobalAveragePooling1D: reshaped,
  GlobalAveragePooling2D: reshaped,
  // A reshape shares its input's data: nothing new, forward or back.
  Flatten: () => ({ kept: 0, grads: 0, keepsInput: true }),
  Reshape: () => ({ kept: 0, grads: 0, keepsInput: true }),
  // The random draw, its floor and its scaling kept beside the output.
  Dropout: (z) => ({ kept: 4 * z.o, grads: z.inputGrad ? z.o : 0, keepsInput: true }),
  SpatialDropout2D: (z) => ({ kept: z.o, grads: z.inputGrad ? z.o : 0, keepsInput: true }),
  // Batch statistics: x − mean and its square kept; their gradients besides the normalisation's.
  BatchNormalization: (z) =>
    z.layer.written?.trainable === false
      ? { kept: z.o, grads: z.inputGrad ? z.o : 0, keepsInput: true }
      : { kept: 4 * z.o, grads: z.learns ? 6 * z.o : 0, keepsInput: true },
  LayerNormalization: (z) => ({ kept: 10 * z.o, grads: z.learns ? 17 * z.o : 0, keepsInput: true }),
  Activation: (z) => activationLayer(z, activationOf(z.layer.settings ?? {})),
  ReLU: (z) => {
    const s = z.layer.settings ?? {};
    const clipped = s.maxValue !== null && s.maxValue !== undefined;
    const leaky = s.negativeSlope !== 0 && s.negativeSlope !== undefined;
    return activationLayer(z, clipped || leaky ? act(1, 2) : activations.relu);
  },
  LeakyReLU: (z) => activationLayer(z, act(0, 1.25)),
  ELU: (z) => activationLayer(z, activations.elu),
  Softmax: (z) => activationLayer(z, activations.softmax),
  ZeroPadding2D: reshaped,
  Cropping2D: (z) => reshaping(z, 1),
  UpSampling2D: (z) => reshaping(z, 1),
  // Add's gradient is dy itself for each input; the others compute one per input.
  Add: (z) => ({ kept: z.o, grads: 0, keepsInput: true }),
  Multiply: reshaped,
  Average: reshaped,
  Maximum: (z) => reshaping(z, 1),
  Minimum: (z) => reshaping(z, 1),
  Concatenate: reshaped,
};

/** An activation layer: its output kept, its extra tensors, and its gradients where they are needed. */
function activationLayer(z: Sizes, a: ActivationTape): Omit<LayerTape, "scratch"> {
  return { kept: (1 + a.kept) * z.o, grads: z.inputGrad ? a.grads * z.o : 0, keepsInput: !a.savesOutput };
}

/** The training step's footprint per layer, and the order back-propagation meets them in. */
export interface Footprint {
  /** Values kept per sample by every layer together (the batch's input among them). */
  readonly kept: number;
  /** Gradients per sample of each layer, in back-propagation's order (the last layer first). */
  readonly grads: Float64Array;
  /** The scratch for a batch of the layers that have some, by their place in `grads`. */
  readonly scratch: ReadonlyMap<number, (n: number) => number>;
  /** Each layer's share per sample (by layer index): what it keeps and the gradients computed through it. */
  readonly perLayer: Float64Array;
  /** Batches after which the peak may drop (a convolution's gradients leave the patches' form). */
  readonly switches: readonly number[];
}

/**
 * What both trainers' tapes start from: each output's values per sample (which the analysis knows: a tape is made
 * only then), and whether gradients reach each layer (it, or a layer before it, learns).
 */
export function stepSizes(
  layers: readonly CountedLayer[],
  inputs: readonly (readonly number[])[],
  order: readonly number[],
): { readonly size: Float64Array; readonly learns: Uint8Array } {
  const size = new Float64Array(layers.length);
  layers.forEach((l, i) => (size[i] = (l.activationBytes ?? 0) / 4));
  const learns = new Uint8Array(layers.length);
  for (const i of order) learns[i] = (layers[i].trainableParams ?? 0) > 0 || inputs[i].some((k) => learns[k]) ? 1 : 0;
  return { size, learns };
}

/**
 * The tape of a model whose layers are all analysed: for each layer its kept tensors, gradients and scratch.
 * `inputs[i]` are the indices of layer i's inputs; `order` a topological order. Typed arrays throughout: a model
 * of 130,000 layers is sized in a few tens of megabytes.
 */
export function footprint(layers: readonly CountedLayer[], inputs: readonly (readonly number[])[], order: readonly number[]): Footprint {
  const count = layers.length;
  const { size, learns } = stepSizes(layers, inputs, order);
  const kept = new Float64Array(count);
  const grads = new Float64Array(count);
  const keepsInput = new Uint8Array(count);
  const scratchOf = new Map<number, (n: number) => number>();
  const switches: number[] = [];
  for (const i of order) {
    const layer = layers[i];
    if (layer.type === "Input") {
      kept[i] = size[i];
      keepsInput[i] = 1;
      continue;
    }
    const z: Sizes = {
      o: size[i],
      i: inputs[i].map((k) => size[k]),
      learns: learns[i] === 1,
      inputGrad: inputs[i].some((k) => learns[k]),
      layer,
    };
    const t = families[layer.type as Exclude<LayerType, "Input">](z, layer.type as LayerType);
    kept[i] = t.kept;
    grads[i] = t.grads;
    keepsInput[i] = t.keepsInput ? 1 : 0;
    if (t.scratch) scratchOf.set(i, t.scratch);
    if (t.switchesAt !== undefined) switches.push(t.switchesAt);
  }
  // Per tensor: how many layers read it, how many of them keep it, how many learn (their gradients are summed).
  const readers = new Int32Array(count);
  const keepers = new Int32Array(count);
  const learners = new Int32Array(count);
  inputs.forEach((from, c) =>
    from.forEach((k) => {
      readers[k]++;
      keepers[k] += keepsInput[c];
      learners[k] += learns[c];
    }),
  );
  let total = 0;
  const backward = new Float64Array(count);
  const scratch = new Map<number, (n: number) => number>();
  const perLayer = new Float64Array(count);
  for (let at = 0; at < order.length; at++) {
    const i = order[order.length - 1 - at];
    // An output no reader keeps (all are activations that read their own output) is freed after use.
    const freed = readers[i] > 0 && keepers[i] === 0 && layers[i].type !== "Input";
    const own = kept[i] - (freed ? size[i] : 0);
    total += own;
    // A tensor read by several layers that learn: its gradients are summed into new tensors.
    const g = grads[i] + (learns[i] && learners[i] > 1 ? (learners[i] - 1) * size[i] : 0);
    backward[at] = g;
    const s = scratchOf.get(i);
    if (s) scratch.set(at, s);
    perLayer[i] = own + g;
  }
  return { kept: total, grads: backward.subarray(0, order.length), scratch, perLayer, switches };
}

/** The peak of a step for a batch of `n`: values kept and gradients then, and the scratch in use. */
export function peakOf(f: Footprint, n: number): { activations: number; scratch: number } {
  let grads = 0;
  let activations = f.kept * n;
  let scratch = 0;
  for (let at = 0; at < f.grads.length; at++) {
    grads += f.grads[at];
    const s = f.scratch.get(at)?.(n) ?? 0;
    if ((f.kept + grads) * n + s > activations + scratch) [activations, scratch] = [(f.kept + grads) * n, s];
  }
  return { activations, scratch };
}

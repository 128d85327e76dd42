/**
 * How each layer type becomes PyTorch: its modules, its forward expression (tensors kept in PyTorch's
 * channels-first layout) and how its trained Keras weights map onto the modules' parameters.
 */
import type { ActivationName } from "../../layers/common";
import { torchPreprocessing } from "./preprocessing";
import type { LayerType } from "../../layers/registry";
import { pyFloat, pyTuple } from "../common/python";
import { channelsFirstAxis, onChannelAxis, type KShape } from "../common/layers";
import { msg, type Message } from "../../messages/format";

/** What an emitter knows about one layer. */
export interface TorchContext {
  readonly name: string;
  /** Resolved parameters (defaults filled in, tuples expanded), by the model file's names. */
  readonly p: Readonly<Record<string, unknown>>;
  /** Python expressions of the input tensors. */
  readonly x: readonly string[];
  readonly inShapes: readonly KShape[];
  readonly outShape: KShape;
  /** The layer's module attribute, e.g. `self.l_conv2d`. */
  readonly m: string;
}

/** How a Keras weight becomes a PyTorch parameter: the module suffix and parameter, and the conversion. */
export interface WeightMap {
  readonly param: string;
  /** `conv`: (k…, in, out) → (out, in, k…); `convT`: (k…, out, in) → (in, out, k…); `dense`: transpose; `depthwise`: (k…, c, m) → (c·m, 1, k…). */
  readonly convert: "conv" | "convT" | "dense" | "depthwise" | "copy";
}

/** One layer type's PyTorch form. */
export interface TorchLayer {
  /** Why this layer cannot be exported as configured, if it cannot. */
  refuse?(c: TorchContext): Message | undefined;
  /** Module attributes to create: suffix → constructor expression. */
  modules?(c: TorchContext): Record<string, string>;
  /** The expression of the output. */
  forward(c: TorchContext): string;
  /** Keras weight name (after `layer/`) → where it goes. */
  weights?(c: TorchContext): Readonly<Record<string, WeightMap>>;
}

const ints = (v: unknown) => v as number[];
const channels = (s: KShape) => s[s.length - 1] as number;

/** Each activation as PyTorch writes it, on `x` whose channels are on `dim`. */
const torchActivations: Record<ActivationName, (x: string, dim: number) => string> = {
  linear: (x) => x,
  relu: (x) => `F.relu(${x})`,
  relu6: (x) => `F.relu6(${x})`,
  elu: (x) => `F.elu(${x})`,
  selu: (x) => `F.selu(${x})`,
  sigmoid: (x) => `torch.sigmoid(${x})`,
  hardSigmoid: (x) => `torch.clamp(0.2 * ${x} + 0.5, 0.0, 1.0)`,
  softmax: (x, dim) => `F.softmax(${x}, dim=${dim})`,
  softplus: (x) => `F.softplus(${x})`,
  softsign: (x) => `F.softsign(${x})`,
  tanh: (x) => `torch.tanh(${x})`,
  swish: (x) => `F.silu(${x})`,
  mish: (x) => `F.mish(${x})`,
  gelu: (x) => `F.gelu(${x})`,
  gelu_new: (x) => `F.gelu(${x}, approximate="tanh")`,
};

/** The activation `name` (checked by the analysis; none is linear) applied to `x`, whose channels are on `dim`. */
export function activate(name: unknown, x: string, dim: number): string {
  return name === undefined || name === null ? x : torchActivations[name as ActivationName](x, dim);
}

const channelDim = (s: KShape) => (s.length >= 3 ? 1 : s.length - 1);
const unknownSize = (s: KShape) => s.slice(1, -1).some((d) => d === null);

/** Padding before a convolution or pooling window: 'same' as TensorFlow pads (the odd pixel after). */
function padded(c: TorchContext, kernel: number[], value = "0.0"): string {
  const strides = ints(c.p.strides ?? c.p.poolSize);
  const dilation = ints(c.p.dilationRate ?? kernel.map(() => 1));
  if (c.p.padding === "same") return `_pad_same(${c.x[0]}, ${pyTuple(kernel)}, ${pyTuple(strides)}, ${pyTuple(dilation)}, ${value})`;
  if (c.p.padding === "causal") return `F.pad(${c.x[0]}, (${(kernel[0] - 1) * dilation[0]}, 0))`;
  return c.x[0];
}

function conv(rank: 1 | 2): TorchLayer {
  return {
    modules: (c) => ({
      "": `nn.Conv${rank}d(${channels(c.inShapes[0])}, ${c.p.filters as number}, kernel_size=${pyTuple(ints(c.p.kernelSize))}, stride=${pyTuple(ints(c.p.strides))}, dilation=${pyTuple(ints(c.p.dilationRate))}, bias=${c.p.useBias ? "True" : "False"})`,
    }),
    forward: (c) => activate(c.p.activation, `${c.m}(${padded(c, ints(c.p.kernelSize))})`, 1),
    weights: () => ({ kernel: { param: "weight", convert: "conv" }, bias: { param: "bias", convert: "copy" } }),
  };
}

const conv2dTranspose: TorchLayer = {
  refuse: (c) => (unknownSize(c.inShapes[0]) ? msg("export.transposeUnknown") : undefined),
  modules: (c) => ({
    "": `nn.ConvTranspose2d(${channels(c.inShapes[0])}, ${c.p.filters as number}, kernel_size=${pyTuple(ints(c.p.kernelSize))}, stride=${pyTuple(ints(c.p.strides))}, dilation=${pyTuple(ints(c.p.dilationRate))}, bias=${c.p.useBias ? "True" : "False"})`,
  }),
  forward: (c) => {
    // The full transposed convolution, then the window TensorFlow keeps (zeros past its end, if any).
    const [k, s, d] = [ints(c.p.kernelSize), ints(c.p.strides), ints(c.p.dilationRate)];
    const sizes = c.outShape.slice(1, 3) as number[];
    const full = sizes.map((_, i) => ((c.inShapes[0][i + 1] as number) - 1) * s[i] + (k[i] - 1) * d[i] + 1);
    const begins = sizes.map((out, i) => (c.p.padding === "same" ? Math.floor(Math.max(full[i] - out, 0) / 2) : 0));
    // Rows past the full output (outputPadding) are zeros plus the bias, as TensorFlow adds it: the bias comes last.
    if (c.p.useBias && sizes.some((out, i) => begins[i] + out > full[i])) {
      const y = `F.conv_transpose2d(${c.x[0]}, ${c.m}.weight, None, ${c.m}.stride, 0, 0, 1, ${c.m}.dilation)`;
      return activate(c.p.activation, `(_window(${y}, ${pyTuple(begins)}, ${pyTuple(sizes)}) + ${c.m}.bias.view(1, -1, 1, 1))`, 1);
    }
    return activate(c.p.activation, `_window(${c.m}(${c.x[0]}), ${pyTuple(begins)}, ${pyTuple(sizes)})`, 1);
  },
  weights: () => ({ kernel: { param: "weight", convert: "convT" }, bias: { param: "bias", convert: "copy" } }),
};

const depthwise: TorchLayer = {
  modules: (c) => {
    const cin = channels(c.inShapes[0]);
    return {
      "": `nn.Conv2d(${cin}, ${cin * (c.p.depthMultiplier as number)}, kernel_size=${pyTuple(ints(c.p.kernelSize))}, stride=${pyTuple(ints(c.p.strides))}, dilation=${pyTuple(ints(c.p.dilationRate))}, groups=${cin}, bias=${c.p.useBias ? "True" : "False"})`,
    };
  },
  forward: (c) => activate(c.p.activation, `${c.m}(${padded(c, ints(c.p.kernelSize))})`, 1),
  weights: () => ({ depthwise_kernel: { param: "weight", convert: "depthwise" }, bias: { param: "bias", convert: "copy" } }),
};

const separable: TorchLayer = {
  modules: (c) => {
    const cin = channels(c.inShapes[0]);
    const mid = cin * (c.p.depthMultiplier as number);
    return {
      _depthwise: `nn.Conv2d(${cin}, ${mid}, kernel_size=${pyTuple(ints(c.p.kernelSize))}, stride=${pyTuple(ints(c.p.strides))}, dilation=${pyTuple(ints(c.p.dilationRate))}, groups=${cin}, bias=False)`,
      _pointwise: `nn.Conv2d(${mid}, ${c.p.filters as number}, kernel_size=1, bias=${c.p.useBias ? "True" : "False"})`,
    };
  },
  forward: (c) => activate(c.p.activation, `${c.m}_pointwise(${c.m}_depthwise(${padded(c, ints(c.p.kernelSize))}))`, 1),
  weights: () => ({
    depthwise_kernel: { param: "_depthwise.weight", convert: "depthwise" },
    pointwise_kernel: { param: "_pointwise.weight", convert: "conv" },
    bias: { param: "_pointwise.bias", convert: "copy" },
  }),
};

function pooling(rank: 1 | 2, kind: "max" | "avg"): TorchLayer {
  return {
    forward: (c) => {
      const [k, s] = [ints(c.p.poolSize), ints(c.p.strides ?? c.p.poolSize)];
      if (kind === "avg" && c.p.padding === "same") return `_avg_pool_same(${c.x[0]}, ${pyTuple(k)}, ${pyTuple(s)})`;
      return `F.${kind}_pool${rank}d(${padded(c, k, 'float("-inf")')}, ${pyTuple(k)}, ${pyTuple(s)})`;
    },
  };
}

function globalPooling(rank: 1 | 2, kind: "max" | "avg"): TorchLayer {
  const dims = rank === 1 ? "(2,)" : "(2, 3)";
  return { forward: (c) => `${c.x[0]}.${kind === "max" ? "amax" : "mean"}(dim=${dims}, keepdim=${c.p.keepdims ? "True" : "False"})` };
}

/** A layer over the channels (Keras' last axis): moved last for it, then back. */
const onChannels = (x: string, rank: number, f: (x: string) => string) => (rank >= 3 ? `${f(`${x}.movedim(1, -1)`)}.movedim(-1, 1)` : f(x));

/** Keras' BatchNormalization and LayerNormalization: scale and offset only where asked. */
function normalization(kind: "batch" | "layer"): TorchLayer {
  const affine = (c: TorchContext) => c.p.center === true && c.p.scale === true;
  return {
    refuse: (c) => {
      const rank = c.inShapes[0].length;
      const axes = [c.p.axis].flat() as number[];
      if (!onChannelAxis(axes, rank))
        return msg("export.torchNormAxis", { kind: kind === "batch" ? "Batch" : "Layer", axis: JSON.stringify(c.p.axis) });
      if (kind === "batch" && rank > 4) return msg("export.torchBatchNormRank5");
      return undefined;
    },
    modules: (c) => {
      const ch = channels(c.inShapes[0]);
      const rank = c.inShapes[0].length;
      const eps = pyFloat(c.p.epsilon as number);
      const core =
        kind === "batch"
          ? `nn.BatchNorm${rank === 4 ? 2 : 1}d(${ch}, eps=${eps}, momentum=${pyFloat(1 - (c.p.momentum as number))}, affine=${affine(c) ? "True" : "False"})`
          : `nn.LayerNorm(${ch}, eps=${eps}, elementwise_affine=${affine(c) ? "True" : "False"})`;
      const out: Record<string, string> = { "": core };
      if (!affine(c) && c.p.scale) out._gamma = `nn.Parameter(torch.ones(${ch}))`;
      if (!affine(c) && c.p.center) out._beta = `nn.Parameter(torch.zeros(${ch}))`;
      return out;
    },
    forward: (c) => {
      const rank = c.inShapes[0].length;
      let y = kind === "batch" ? `${c.m}(${c.x[0]})` : onChannels(c.x[0], rank, (x) => `${c.m}(${x})`);
      const view = rank >= 3 ? `.view(1, -1${", 1".repeat(rank - 2)})` : "";
      if (!affine(c) && c.p.scale) y = `${y} * ${c.m}_gamma${view}`;
      if (!affine(c) && c.p.center) y = `${y} + ${c.m}_beta${view}`;
      return y;
    },
    weights: (c) => ({
      gamma: { param: affine(c) ? "weight" : "_gamma", convert: "copy" },
      beta: { param: affine(c) ? "bias" : "_beta", convert: "copy" },
      moving_mean: { param: "running_mean", convert: "copy" },
      moving_variance: { param: "running_var", convert: "copy" },
    }),
  };
}

const merge = (f: (x: readonly string[]) => string): TorchLayer => ({ forward: (c) => f(c.x) });
const fold = (fn: string) => (x: readonly string[]) => x.slice(1).reduce((acc, y) => `${fn}(${acc}, ${y})`, x[0]);

/** Every layer type's PyTorch form; the compiler flags a registry type left out. */
export const torchLayers: Record<Exclude<LayerType, "Input">, TorchLayer> = {
  Conv1D: conv(1),
  Conv2D: conv(2),
  Conv2DTranspose: conv2dTranspose,
  DepthwiseConv2D: depthwise,
  SeparableConv2D: separable,
  MaxPooling1D: pooling(1, "max"),
  MaxPooling2D: pooling(2, "max"),
  AveragePooling1D: pooling(1, "avg"),
  AveragePooling2D: pooling(2, "avg"),
  GlobalMaxPooling1D: globalPooling(1, "max"),
  GlobalMaxPooling2D: globalPooling(2, "max"),
  GlobalAveragePooling1D: globalPooling(1, "avg"),
  GlobalAveragePooling2D: globalPooling(2, "avg"),
  Dense: {
    modules: (c) => ({ "": `nn.Linear(${channels(c.inShapes[0])}, ${c.p.units as number}, bias=${c.p.useBias ? "True" : "False"})` }),
    // Keras' Dense acts on the last axis, whatever the rank: the channels, here.
    forward: (c) =>
      activate(
        c.p.activation,
        onChannels(c.x[0], c.inShapes[0].length, (x) => `${c.m}(${x})`),
        channelDim(c.outShape),
      ),
    weights: () => ({ kernel: { param: "weight", convert: "dense" }, bias: { param: "bias", convert: "copy" } }),
  },
  // Keras flattens channels-last: the channels move last before flattening, as Keras orders the features.
  Flatten: { forward: (c) => (c.inShapes[0].length >= 3 ? `torch.flatten(${c.x[0]}.movedim(1, -1), 1)` : c.x[0]) },
  Reshape: {
    forward: (c) => {
      const x = c.inShapes[0].length >= 3 ? `${c.x[0]}.movedim(1, -1)` : c.x[0];
      const y = `${x}.reshape((${c.x[0]}.shape[0],) + ${pyTuple(ints(c.p.targetShape))})`;
      return c.outShape.length >= 3 ? `${y}.movedim(-1, 1)` : y;
    },
  },
  ...torchPreprocessing,
  Dropout: { modules: (c) => ({ "": `nn.Dropout(${pyFloat(c.p.rate as number)})` }), forward: (c) => `${c.m}(${c.x[0]})` },
  SpatialDropout2D: { modules: (c) => ({ "": `nn.Dropout2d(${pyFloat(c.p.rate as number)})` }), forward: (c) => `${c.m}(${c.x[0]})` },
  BatchNormalization: normalization("batch"),
  LayerNormalization: normalization("layer"),
  Activation: { forward: (c) => activate(c.p.activation, c.x[0], channelDim(c.outShape)) },
  ReLU: {
    forward: (c) => {
      const [max, slope, threshold] = [c.p.maxValue as number | null, c.p.negativeSlope as number, c.p.threshold as number];
      if (slope === 0 && threshold === 0) return max === null ? `F.relu(${c.x[0]})` : `torch.clamp(${c.x[0]}, 0.0, ${pyFloat(max)})`;
      return `_relu(${c.x[0]}, ${max === null ? "None" : pyFloat(max)}, ${pyFloat(slope)}, ${pyFloat(threshold)})`;
    },
  },
  LeakyReLU: { forward: (c) => `F.leaky_relu(${c.x[0]}, ${pyFloat(c.p.alpha as number)})` },
  ELU: { forward: (c) => `F.elu(${c.x[0]}, ${pyFloat(c.p.alpha as number)})` },
  Softmax: { forward: (c) => `F.softmax(${c.x[0]}, dim=${channelsFirstAxis(c.p.axis as number, c.inShapes[0].length)})` },
  ZeroPadding2D: {
    forward: (c) => {
      const [[t, b], [l, r]] = c.p.padding as number[][];
      return `F.pad(${c.x[0]}, (${l}, ${r}, ${t}, ${b}))`;
    },
  },
  Cropping2D: {
    forward: (c) => {
      const [[t, b], [l, r]] = c.p.cropping as number[][];
      return `${c.x[0]}[:, :, ${t}:${c.x[0]}.shape[2] - ${b}, ${l}:${c.x[0]}.shape[3] - ${r}]`;
    },
  },
  UpSampling2D: {
    forward: (c) => {
      const [h, w] = ints(c.p.size);
      const mode = c.p.interpolation === "bilinear" ? `"bilinear", align_corners=False` : `"nearest"`;
      return `F.interpolate(${c.x[0]}, scale_factor=(${pyFloat(h)}, ${pyFloat(w)}), mode=${mode})`;
    },
  },
  Add: merge((x) => x.join(" + ")),
  Multiply: merge((x) => x.join(" * ")),
  Average: merge((x) => `(${x.join(" + ")}) / ${x.length}`),
  Maximum: merge(fold("torch.maximum")),
  Minimum: merge(fold("torch.minimum")),
  Concatenate: { forward: (c) => `torch.cat([${c.x.join(", ")}], dim=${channelsFirstAxis(c.p.axis as number, c.inShapes[0].length)})` },
};

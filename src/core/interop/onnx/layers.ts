/**
 * How each layer type becomes ONNX operators (opset 13). Inside the graph tensors are channels first, as ONNX's
 * convolutions want them; the graph's inputs and outputs keep Keras' channels-last layout.
 */
import type { LayerType } from "../../layers/registry";
import { activation } from "./activations";
import { onnxPreprocessing } from "./preprocessing";
import { f, type OnnxBuilder } from "./builder";
import { channelsFirstAxis, onChannelAxis, type KShape } from "../common/layers";
import { msg, type Message } from "../../messages/format";

/** How a Keras weight is laid out for ONNX (as for PyTorch; `copy` keeps it, `dense` too: MatMul takes (in, out)). */
export type OnnxConvert = "conv" | "convT" | "depthwise" | "copy";

/** What an emitter knows and can ask for. */
export interface OnnxContext {
  readonly name: string;
  readonly p: Readonly<Record<string, unknown>>;
  /** The input tensors' names (channels first). */
  readonly x: readonly string[];
  readonly inShapes: readonly KShape[];
  readonly outShape: KShape;
  readonly b: OnnxBuilder;
  /** The initializer of this layer's Keras weight `name` (e.g. `kernel`), of Keras shape `shape`. */
  weight(name: string, shape: readonly number[], convert: OnnxConvert, init: "glorot" | "zeros" | "ones"): string;
}

/** One layer type's ONNX form. */
export interface OnnxLayer {
  refuse?(c: OnnxContext): Message | undefined;
  /** Adds the layer's nodes; returns its output tensor's name. */
  emit(c: OnnxContext): string;
}

const ints = (v: unknown) => v as number[];
const channels = (s: KShape) => s[s.length - 1] as number;
/** Channels last → first (for a rank-r tensor) and back. */
export const toFirst = (r: number) => [0, r - 1, ...Array.from({ length: r - 2 }, (_, i) => i + 1)];
export const toLast = (r: number) => [0, ...Array.from({ length: r - 2 }, (_, i) => i + 2), 1];

/** TensorFlow's 'same' padding of a window over the known input sizes: ONNX `pads` (all begins, then ends). */
function samePads(c: OnnxContext, kernel: number[], strides: number[], dilation: number[]): number[] {
  const sizes = c.inShapes[0].slice(1, -1) as number[];
  const totals = sizes.map((n, i) => Math.max((Math.ceil(n / strides[i]) - 1) * strides[i] + (kernel[i] - 1) * dilation[i] + 1 - n, 0));
  return [...totals.map((t) => Math.floor(t / 2)), ...totals.map((t) => t - Math.floor(t / 2))];
}

/**
 * A window's attributes; 'same' padding as explicit pads where the sizes are known, else as auto_pad SAME_UPPER,
 * which pads as TensorFlow does for any size (the extra pixel after).
 */
function window(c: OnnxContext, kernel: number[]): Record<string, number[] | string> {
  const strides = ints(c.p.strides ?? c.p.poolSize);
  const dilation = ints(c.p.dilationRate ?? kernel.map(() => 1));
  const attrs: Record<string, number[] | string> = { kernel_shape: kernel, strides };
  if (c.p.dilationRate) attrs.dilations = dilation;
  const unknown = c.inShapes[0].slice(1, -1).some((d) => d === null);
  if (c.p.padding === "same") {
    if (unknown) attrs.auto_pad = "SAME_UPPER";
    else attrs.pads = samePads(c, kernel, strides, dilation);
  }
  return attrs;
}

const conv: OnnxLayer = {
  emit: (c) => {
    const k = ints(c.p.kernelSize);
    const cin = channels(c.inShapes[0]);
    const filters = c.p.filters as number;
    let x = c.x[0];
    if (c.p.padding === "causal")
      x = c.b.op("Pad", [x, c.b.ints(`${c.name}/pads`, [0, 0, (k[0] - 1) * ints(c.p.dilationRate)[0], 0, 0, 0])], {}, c.name);
    const inputs = [x, c.weight("kernel", [...k, cin, filters], "conv", "glorot")];
    if (c.p.useBias) inputs.push(c.weight("bias", [filters], "copy", "zeros"));
    return activation(c.b, c.p.activation, c.b.op("Conv", inputs, window(c, k), c.name), 1, c.name);
  },
};

const depthwise: OnnxLayer = {
  emit: (c) => {
    const k = ints(c.p.kernelSize);
    const cin = channels(c.inShapes[0]);
    const dm = c.p.depthMultiplier as number;
    const inputs = [c.x[0], c.weight("depthwise_kernel", [...k, cin, dm], "depthwise", "glorot")];
    if (c.p.useBias) inputs.push(c.weight("bias", [cin * dm], "copy", "zeros"));
    return activation(c.b, c.p.activation, c.b.op("Conv", inputs, { ...window(c, k), group: cin }, c.name), 1, c.name);
  },
};

const separable: OnnxLayer = {
  refuse: depthwise.refuse,
  emit: (c) => {
    const k = ints(c.p.kernelSize);
    const cin = channels(c.inShapes[0]);
    const dm = c.p.depthMultiplier as number;
    const filters = c.p.filters as number;
    const dw = c.b.op(
      "Conv",
      [c.x[0], c.weight("depthwise_kernel", [...k, cin, dm], "depthwise", "glorot")],
      { ...window(c, k), group: cin },
      c.name,
    );
    const inputs = [dw, c.weight("pointwise_kernel", [1, 1, cin * dm, filters], "conv", "glorot")];
    if (c.p.useBias) inputs.push(c.weight("bias", [filters], "copy", "zeros"));
    return activation(c.b, c.p.activation, c.b.op("Conv", inputs, { kernel_shape: [1, 1] }, c.name), 1, c.name);
  },
};

const conv2dTranspose: OnnxLayer = {
  refuse: (c) => (c.inShapes[0].slice(1, -1).some((d) => d === null) ? msg("export.transposeUnknown") : undefined),
  emit: (c) => {
    const [k, s, d] = [ints(c.p.kernelSize), ints(c.p.strides), ints(c.p.dilationRate)];
    const cin = channels(c.inShapes[0]);
    const filters = c.p.filters as number;
    // The full transposed convolution, then the window TensorFlow keeps (zeros past its end, if any: outputPadding).
    const sizes = c.outShape.slice(1, 3) as number[];
    const full = sizes.map((_, i) => ((c.inShapes[0][i + 1] as number) - 1) * s[i] + (k[i] - 1) * d[i] + 1);
    const begins = sizes.map((out, i) => (c.p.padding === "same" ? Math.floor(Math.max(full[i] - out, 0) / 2) : 0));
    const extra = sizes.map((out, i) => Math.max(begins[i] + out - full[i], 0));
    const padded = extra.some((e) => e > 0);
    const inputs = [c.x[0], c.weight("kernel", [...k, filters, cin], "convT", "glorot")];
    // TensorFlow adds the bias to the padded rows too: then it comes after the padding.
    const bias = c.p.useBias ? c.weight("bias", [filters], "copy", "zeros") : undefined;
    if (bias && !padded) inputs.push(bias);
    let y = c.b.op("ConvTranspose", inputs, { kernel_shape: k, strides: s, dilations: d }, c.name);
    if (padded) y = c.b.op("Pad", [y, c.b.ints(`${c.name}/pads`, [0, 0, 0, 0, 0, 0, ...extra])], {}, c.name);
    if (bias && padded)
      y = c.b.op("Add", [y, c.b.op("Reshape", [bias, c.b.ints(`${c.name}/bias_shape`, [filters, 1, 1])], {}, c.name)], {}, c.name);
    y = c.b.op(
      "Slice",
      [
        y,
        c.b.ints(`${c.name}/starts`, begins),
        c.b.ints(
          `${c.name}/ends`,
          begins.map((b, i) => b + sizes[i]),
        ),
        c.b.ints(`${c.name}/axes`, [2, 3]),
      ],
      {},
      c.name,
    );
    return activation(c.b, c.p.activation, y, 1, c.name);
  },
};

function pooling(kind: "Max" | "Average"): OnnxLayer {
  return {
    emit: (c) => c.b.op(`${kind}Pool`, [c.x[0]], window(c, ints(c.p.poolSize)), c.name),
  };
}

function globalPooling(kind: "Max" | "Average"): OnnxLayer {
  return {
    emit: (c) => {
      const y = c.b.op(`Global${kind}Pool`, [c.x[0]], {}, c.name);
      return c.p.keepdims ? y : c.b.op("Flatten", [y], { axis: 1 }, c.name);
    },
  };
}

/** Runs `f` on the channels-last view of `x` (rank `r`), then goes back to channels first. */
function onChannels(c: OnnxContext, x: string, r: number, fn: (x: string) => string, back = r): string {
  const y = fn(r >= 3 ? c.b.op("Transpose", [x], { perm: toLast(r) }, c.name) : x);
  return back >= 3 ? c.b.op("Transpose", [y], { perm: toFirst(back) }, c.name) : y;
}

function normalization(kind: "batch" | "layer"): OnnxLayer {
  return {
    refuse: (c) => {
      const r = c.inShapes[0].length;
      const axes = [c.p.axis].flat() as number[];
      return onChannelAxis(axes, r)
        ? undefined
        : msg("export.onnxNormAxis", { kind: kind === "batch" ? "Batch" : "Layer", axis: JSON.stringify(c.p.axis) });
    },
    emit: (c) => {
      const ch = channels(c.inShapes[0]);
      const gamma = c.p.scale ? c.weight("gamma", [ch], "copy", "ones") : c.b.floats(`${c.name}/ones`, [ch], new Float32Array(ch).fill(1));
      const beta = c.p.center ? c.weight("beta", [ch], "copy", "zeros") : c.b.floats(`${c.name}/zeros`, [ch], new Float32Array(ch));
      const eps = c.p.epsilon as number;
      if (kind === "batch") {
        const mean = c.weight("moving_mean", [ch], "copy", "zeros");
        const variance = c.weight("moving_variance", [ch], "copy", "ones");
        return c.b.op("BatchNormalization", [c.x[0], gamma, beta, mean, variance], { epsilon: f(eps) }, c.name);
      }
      const r = c.inShapes[0].length;
      return onChannels(c, c.x[0], r, (x) => {
        const b = c.b;
        const centred = b.op("Sub", [x, b.op("ReduceMean", [x], { axes: [-1], keepdims: 1 }, c.name)], {}, c.name);
        const variance = b.op("ReduceMean", [b.op("Mul", [centred, centred], {}, c.name)], { axes: [-1], keepdims: 1 }, c.name);
        const normed = b.op(
          "Div",
          [centred, b.op("Sqrt", [b.op("Add", [variance, b.scalar(`${c.name}/eps`, eps)], {}, c.name)], {}, c.name)],
          {},
          c.name,
        );
        return b.op("Add", [b.op("Mul", [normed, gamma], {}, c.name), beta], {}, c.name);
      });
    },
  };
}

const merge = (op: string): OnnxLayer => ({ emit: (c) => c.b.op(op, c.x, {}, c.name) });
const axisOf = (c: OnnxContext) => channelsFirstAxis(c.p.axis as number, c.inShapes[0].length);

/** Every layer type's ONNX form; the compiler flags a registry type left out. */
export const onnxLayers: Record<Exclude<LayerType, "Input">, OnnxLayer> = {
  Conv1D: conv,
  Conv2D: conv,
  Conv2DTranspose: conv2dTranspose,
  DepthwiseConv2D: depthwise,
  SeparableConv2D: separable,
  MaxPooling1D: pooling("Max"),
  MaxPooling2D: pooling("Max"),
  AveragePooling1D: pooling("Average"),
  AveragePooling2D: pooling("Average"),
  GlobalMaxPooling1D: globalPooling("Max"),
  GlobalMaxPooling2D: globalPooling("Max"),
  GlobalAveragePooling1D: globalPooling("Average"),
  GlobalAveragePooling2D: globalPooling("Average"),
  Dense: {
    emit: (c) => {
      const r = c.inShapes[0].length;
      const units = c.p.units as number;
      const y = onChannels(c, c.x[0], r, (x) => {
        const z = c.b.op("MatMul", [x, c.weight("kernel", [channels(c.inShapes[0]), units], "copy", "glorot")], {}, c.name);
        return c.p.useBias ? c.b.op("Add", [z, c.weight("bias", [units], "copy", "zeros")], {}, c.name) : z;
      });
      return activation(c.b, c.p.activation, y, r >= 3 ? 1 : r - 1, c.name);
    },
  },
  // Keras flattens channels-last: the channels move last first, as Keras orders the features.
  Flatten: { emit: (c) => onChannels(c, c.x[0], c.inShapes[0].length, (x) => c.b.op("Flatten", [x], { axis: 1 }, c.name), 2) },
  Reshape: {
    emit: (c) =>
      onChannels(
        c,
        c.x[0],
        c.inShapes[0].length,
        (x) => c.b.op("Reshape", [x, c.b.ints(`${c.name}/shape`, [0, ...ints(c.p.targetShape)])], {}, c.name),
        c.outShape.length,
      ),
  },
  ...onnxPreprocessing,
  Dropout: { emit: (c) => c.b.op("Identity", [c.x[0]], {}, c.name) },
  SpatialDropout2D: { emit: (c) => c.b.op("Identity", [c.x[0]], {}, c.name) },
  BatchNormalization: normalization("batch"),
  LayerNormalization: normalization("layer"),
  Activation: { emit: (c) => activation(c.b, c.p.activation, c.x[0], c.outShape.length >= 3 ? 1 : c.outShape.length - 1, c.name) },
  ReLU: {
    emit: (c) => {
      const [max, slope, threshold] = [c.p.maxValue as number | null, c.p.negativeSlope as number, c.p.threshold as number];
      const b = c.b;
      let y = c.x[0];
      if (slope === 0 && threshold === 0) y = b.op("Relu", [y], {}, c.name);
      else {
        const t = b.scalar(`${c.name}/threshold`, threshold);
        const below = b.op("Mul", [b.op("Sub", [y, t], {}, c.name), b.scalar(`${c.name}/slope`, slope)], {}, c.name);
        y = b.op("Where", [b.op("GreaterOrEqual", [y, t], {}, c.name), y, below], {}, c.name);
      }
      return max === null ? y : b.op("Min", [y, b.scalar(`${c.name}/max`, max)], {}, c.name);
    },
  },
  LeakyReLU: { emit: (c) => c.b.op("LeakyRelu", [c.x[0]], { alpha: f(c.p.alpha as number) }, c.name) },
  ELU: { emit: (c) => c.b.op("Elu", [c.x[0]], { alpha: f(c.p.alpha as number) }, c.name) },
  Softmax: { emit: (c) => c.b.op("Softmax", [c.x[0]], { axis: axisOf(c) }, c.name) },
  ZeroPadding2D: {
    emit: (c) => {
      const [[t, bottom], [l, r]] = c.p.padding as number[][];
      return c.b.op("Pad", [c.x[0], c.b.ints(`${c.name}/pads`, [0, 0, t, l, 0, 0, bottom, r])], {}, c.name);
    },
  },
  Cropping2D: {
    emit: (c) => {
      const [[t, bottom], [l, r]] = c.p.cropping as number[][];
      const end = (n: number) => (n > 0 ? -n : 2 ** 53);
      return c.b.op(
        "Slice",
        [
          c.x[0],
          c.b.ints(`${c.name}/starts`, [t, l]),
          c.b.ints(`${c.name}/ends`, [end(bottom), end(r)]),
          c.b.ints(`${c.name}/axes`, [2, 3]),
        ],
        {},
        c.name,
      );
    },
  },
  UpSampling2D: {
    emit: (c) => {
      const [h, w] = ints(c.p.size);
      const scales = c.b.floats(`${c.name}/scales`, [4], Float32Array.of(1, 1, h, w));
      const attrs: Record<string, string> =
        c.p.interpolation === "bilinear"
          ? { mode: "linear", coordinate_transformation_mode: "half_pixel" }
          : { mode: "nearest", coordinate_transformation_mode: "asymmetric", nearest_mode: "floor" };
      return c.b.op("Resize", [c.x[0], "", scales], attrs, c.name);
    },
  },
  Add: merge("Sum"),
  Multiply: { emit: (c) => c.x.slice(1).reduce((acc, y) => c.b.op("Mul", [acc, y], {}, c.name), c.x[0]) },
  Average: merge("Mean"),
  Maximum: merge("Max"),
  Minimum: merge("Min"),
  Concatenate: { emit: (c) => c.b.op("Concat", c.x, { axis: axisOf(c) }, c.name) },
};

import { convOutputLength, dilatedSize, type Padding } from "./convLength";
import type { InferContext } from "./layerSpec";
import { formatDims, type Shape } from "./shape";
import { msg } from "../messages/format";

/** Every activation name tfjs-layers accepts. */
export const activationNames = [
  "linear",
  "relu",
  "relu6",
  "elu",
  "selu",
  "sigmoid",
  "hardSigmoid",
  "softmax",
  "softplus",
  "softsign",
  "tanh",
  "swish",
  "mish",
  "gelu",
  "gelu_new",
] as const;

/** An activation tfjs-layers accepts. */
export type ActivationName = (typeof activationNames)[number];

/** Weight initializer names tfjs-layers accepts. */
export const initializerNames = [
  "glorotUniform",
  "glorotNormal",
  "heNormal",
  "heUniform",
  "leCunNormal",
  "leCunUniform",
  "orthogonal",
  "randomNormal",
  "randomUniform",
  "truncatedNormal",
  "varianceScaling",
  "identity",
  "ones",
  "zeros",
] as const;

/** The `activation` parameter, `linear` (none) by default. */
export const activationParam = {
  kind: "enum",
  values: activationNames,
  default: "linear",
  doc: "Activation applied to the output; 'linear' applies none.",
} as const;

/** The `useBias` parameter. */
export const useBiasParam = { kind: "bool", default: true, doc: "Whether the layer adds a learned bias vector." } as const;

/** An initializer parameter with the given Keras default. */
export function initializerParam<const D extends string>(
  defaultName: D,
  what: string,
): { kind: "enum"; values: typeof initializerNames; default: D; doc: string } {
  return { kind: "enum", values: initializerNames, default: defaultName, doc: `Initializer of the ${what}.` };
}

/** Activation, bias and initializers of a layer with a kernel (Dense and the convolutions). */
export const kernelParams = {
  activation: activationParam,
  useBias: useBiasParam,
  kernelInitializer: initializerParam("glorotUniform", "kernel"),
  biasInitializer: initializerParam("zeros", "bias"),
} as const;

/** Input ranks (with the batch dimension) of layers over 1D sequences and 2D images, channels last. */
export const spatialRank = {
  1: { min: 3, max: 3, meaning: msg("rank.steps") },
  2: { min: 4, max: 4, meaning: msg("rank.image") },
} as const;

/** Multiplies sizes; `null` when any is unknown. */
export function mul(...xs: (number | null)[]): number | null {
  let n = 1;
  for (const x of xs) {
    if (x === null) return null;
    n *= x;
  }
  return n;
}

/** The last (channels) dimension, reporting an error when it is unknown. */
export function channelsOf(input: Shape, ctx: InferContext): number | undefined {
  const c = input[input.length - 1];
  if (c === null || c === undefined) {
    ctx.error("undefined-dimension", msg("layers.channelsUndefined"));
    return undefined;
  }
  return c;
}

/**
 * Spatial output sizes of a sliding window (conv or pooling), reporting an error when a `valid` window no
 * longer fits, e.g. "conv3: 3×3 kernel with padding 'valid' needs at least 3×3 input, gets 2×2".
 */
export function slideWindow(
  ctx: InferContext,
  what: "kernel" | "pool",
  spatial: Shape,
  window: readonly number[],
  strides: readonly number[],
  padding: Padding,
  dilation: readonly number[] = window.map(() => 1),
): (number | null)[] | undefined {
  const out = spatial.map((d, i) => convOutputLength(d, window[i], padding, strides[i], dilation[i]));
  if (out.some((d) => d !== null && d <= 0)) {
    const effective = window.map((k, i) => dilatedSize(k, dilation[i]));
    const dilated = dilation.some((d) => d > 1) ? msg("window.dilated", { size: formatDims(effective) }) : msg("hint.none");
    const name = msg(what === "kernel" ? "window.kernel" : "window.pool");
    const message =
      window.length === 1
        ? msg("window.steps", { window: name, size: window[0], dilated, padding, needs: effective[0], gets: String(spatial[0]) })
        : msg("window.dims", {
            size: formatDims(window),
            window: name,
            dilated,
            padding,
            needs: formatDims(effective),
            gets: formatDims(spatial),
          });
    ctx.error("shape-collapse", message, what === "kernel" ? "kernelSize" : "poolSize");
    return undefined;
  }
  return out;
}

/**
 * Resolves a Keras axis (counted with the batch dimension; negative from the end) to an index into a shape
 * without the batch dimension. The batch axis gives -1 with a warning where Keras allows it (`batchAxis`),
 * else an error, as does an axis out of range.
 */
export function featureAxis(axis: number, input: Shape, ctx: InferContext, batchAxis: "allowed" | "error" = "error"): number | undefined {
  const rank = input.length + 1;
  const full = axis < 0 ? axis + rank : axis;
  if (full < 0 || full >= rank) {
    ctx.error("invalid-parameter", msg("layers.axisOutOfRange", { axis, rank }), "axis");
    return undefined;
  }
  if (full === 0) {
    if (batchAxis === "error") {
      ctx.error("invalid-parameter", msg("layers.axisBatchUndefined", { axis }), "axis");
      return undefined;
    }
    ctx.warning("invalid-parameter", msg("layers.axisBatchMixes", { axis }), "axis");
  }
  return full - 1;
}

/** The size along a features axis (one mean, variance, gamma… per index), or undefined with the error said. */
export function featureSize(axis: number, input: Shape, ctx: InferContext): number | undefined {
  const a = featureAxis(axis, input, ctx);
  if (a === undefined) return undefined;
  const dim = input[a];
  if (dim === null) ctx.error("undefined-dimension", msg("layers.axisUndefined", { axis }), "axis");
  return dim ?? undefined;
}

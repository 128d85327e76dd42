import { deconvOutputLength } from "./convLength";
import { bias, defineLayer, weight, type InferContext } from "./layerSpec";
import { maxInteger, type EnumParam } from "../document/params";
import { type Shape } from "./shape";
import { channelsOf, initializerParam, kernelParams, mul, slideWindow, spatialRank } from "./common";
import { grouped, msg } from "../messages/format";

const filters = { kind: "int", min: 1, required: true, example: 32, doc: "Number of output channels (convolution filters)." } as const;
const depthMultiplier = {
  kind: "int",
  min: 1,
  default: 1,
  doc: "Depthwise output channels per input channel.",
} as const;

const padding2d = {
  kind: "enum",
  values: ["valid", "same"],
  default: "valid",
  doc: "'valid': no padding, the output shrinks; 'same': zero-pad so that the output is input / stride.",
} as const;

const padding1d = {
  ...padding2d,
  values: ["valid", "same", "causal"],
  doc: "'valid': no padding; 'same': zero-pad so that the output is input / stride; 'causal': pad on the left only (no look-ahead).",
} as const;

function windowParams<const R extends number, const P extends EnumParam>(rank: R, padding: P) {
  return {
    kernelSize: { kind: "ints", rank, min: 1, required: true, example: 3, doc: "Size of the convolution window." },
    strides: { kind: "ints", rank, min: 1, default: 1, doc: "Step of the window along each spatial axis." },
    padding,
    dilationRate: { kind: "ints", rank, min: 1, default: 1, doc: "Spacing between kernel elements (atrous)." },
  } as const;
}

/** Keras refuses strides > 1 together with dilation > 1. */
function checkStridesDilation(strides: readonly number[], dilation: readonly number[], ctx: InferContext): boolean {
  if (strides.some((s) => s > 1) && dilation.some((d) => d > 1)) {
    ctx.error("invalid-parameter", msg("layers.stridesDilation"), "dilationRate");
    return false;
  }
  return true;
}

/** What every sliding convolution needs first: the input channels, the output positions and the kernel size. */
function convWindow(
  p: { kernelSize: number[]; strides: number[]; padding: string; dilationRate: number[] },
  input: Shape,
  ctx: InferContext,
): { c: number; out: (number | null)[]; k: number } | undefined {
  const c = channelsOf(input, ctx);
  if (c === undefined || !checkStridesDilation(p.strides, p.dilationRate, ctx)) return undefined;
  const padding = p.padding as "valid" | "same" | "causal";
  const out = slideWindow(ctx, "kernel", input.slice(0, -1), p.kernelSize, p.strides, padding, p.dilationRate);
  return out && { c, out, k: mul(...p.kernelSize) ?? 0 };
}

/** Shared body of Conv1D and Conv2D. */
function convInfer(
  p: { filters: number; kernelSize: number[]; strides: number[]; padding: string; dilationRate: number[]; useBias: boolean },
  input: Shape,
  ctx: InferContext,
) {
  const w = convWindow(p, input, ctx);
  if (!w) return undefined;
  const { c, out, k } = w;
  return {
    shape: [...out, p.filters],
    weights: [weight("kernel", ...p.kernelSize, c, p.filters), ...bias(p.useBias, p.filters)],
    macs: mul(...out, k, c, p.filters),
  };
}

function convolution(rank: 1 | 2, doc: string, padding: typeof padding1d | typeof padding2d) {
  return defineLayer({
    category: "Convolution",
    doc,
    arity: "one",
    inputRank: spatialRank[rank],
    params: { filters, ...windowParams(rank, padding), ...kernelParams },
    infer: (p, [input], ctx) => convInfer(p, input, ctx),
  });
}

/** Conv1D: temporal convolution over (steps, channels). */
export const conv1d = convolution(1, "1D convolution over sequences (steps, channels); 'causal' padding never looks ahead.", padding1d);

/** Conv2D: spatial convolution over (height, width, channels). */
export const conv2d = convolution(2, "2D convolution: learned filters slide over the image, each producing one feature map.", padding2d);

/** Conv2DTranspose: learned upsampling. */
export const conv2dTranspose = defineLayer({
  category: "Convolution",
  doc: "Transposed 2D convolution (learned upsampling), the inverse shape mapping of Conv2D.",
  arity: "one",
  inputRank: spatialRank[2],
  params: {
    filters,
    ...windowParams(2, padding2d),
    outputPadding: {
      kind: "ints",
      rank: 2,
      min: 0,
      default: null,
      doc: "Extra rows/columns added to one side of the output; must be less than the stride.",
    },
    ...kernelParams,
  },
  infer: (p, [input], ctx) => {
    const c = channelsOf(input, ctx);
    if (c === undefined || !checkStridesDilation(p.strides, p.dilationRate, ctx)) return undefined;
    const op = p.outputPadding;
    if (op && op.some((v, i) => v >= p.strides[i])) {
      ctx.error(
        "invalid-parameter",
        msg("layers.outputPadding", { padding: JSON.stringify(op), strides: JSON.stringify(p.strides) }),
        "outputPadding",
      );
      return undefined;
    }
    const padding = p.padding as "valid" | "same";
    const spatial = input.slice(0, -1);
    const out = spatial.map((d, i) => deconvOutputLength(d, p.kernelSize[i], padding, p.strides[i], p.dilationRate[i], op ? op[i] : null));
    if (out.some((d) => d !== null && d <= 0)) {
      ctx.error("shape-collapse", msg("layers.noRowsOrColumns", { size: out.join("×") }), "kernelSize");
      return undefined;
    }
    const k = mul(...p.kernelSize) ?? 0;
    return {
      shape: [...out, p.filters],
      weights: [weight("kernel", ...p.kernelSize, p.filters, c), ...bias(p.useBias, p.filters)],
      macs: mul(...spatial, k, c, p.filters),
    };
  },
});

/** DepthwiseConv2D: one filter (or `depthMultiplier` filters) per input channel. */
export const depthwiseConv2d = defineLayer({
  category: "Convolution",
  doc: "Depthwise 2D convolution: each input channel is convolved with its own filters (MobileNet).",
  arity: "one",
  inputRank: spatialRank[2],
  params: {
    ...windowParams(2, padding2d),
    depthMultiplier,
    activation: kernelParams.activation,
    useBias: kernelParams.useBias,
    depthwiseInitializer: initializerParam("glorotUniform", "depthwise kernel"),
    biasInitializer: initializerParam("zeros", "bias"),
  },
  infer: (p, [input], ctx) => {
    const w = convWindow(p, input, ctx);
    if (!w) return undefined;
    const { c, out, k } = w;
    const outC = c * p.depthMultiplier;
    return {
      shape: [...out, outC],
      weights: [weight("depthwise_kernel", ...p.kernelSize, c, p.depthMultiplier), ...bias(p.useBias, outC)],
      macs: mul(...out, k, outC),
    };
  },
});

/** SeparableConv2D: depthwise then pointwise convolution. */
export const separableConv2d = defineLayer({
  category: "Convolution",
  doc: "Depthwise-separable 2D convolution: a depthwise conv then a 1×1 pointwise conv (Xception).",
  arity: "one",
  inputRank: spatialRank[2],
  params: {
    filters,
    ...windowParams(2, padding2d),
    depthMultiplier,
    activation: kernelParams.activation,
    useBias: kernelParams.useBias,
    depthwiseInitializer: initializerParam("glorotUniform", "depthwise kernel"),
    pointwiseInitializer: initializerParam("glorotUniform", "pointwise kernel"),
    biasInitializer: initializerParam("zeros", "bias"),
  },
  infer: (p, [input], ctx) => {
    const w = convWindow(p, input, ctx);
    if (!w) return undefined;
    const { c, out, k } = w;
    const mid = c * p.depthMultiplier;
    // The depthwise step's output is a tensor too, though not a layer's: its channels are bounded as any dimension.
    if (mid > maxInteger) {
      ctx.error(
        "too-large",
        msg("layers.depthwiseTooLarge", {
          size: grouped(mid),
          channels: c,
          multiplier: p.depthMultiplier,
          max: grouped(maxInteger),
        }),
        "depthMultiplier",
      );
      return undefined;
    }
    const macs = mul(...out, k * mid + mid * p.filters);
    const weights = [
      weight("depthwise_kernel", ...p.kernelSize, c, p.depthMultiplier),
      weight("pointwise_kernel", 1, 1, mid, p.filters),
      ...bias(p.useBias, p.filters),
    ];
    return { shape: [...out, p.filters], weights, macs };
  },
});

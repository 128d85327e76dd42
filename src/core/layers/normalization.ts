import { defineLayer, weight } from "./layerSpec";
import { featureAxis, featureSize } from "./common";
import { msg } from "../messages/format";

const epsilon = { kind: "float", min: 0, exclusiveMin: true, default: 0.001, doc: "Small constant added to the variance." } as const;
const center = { kind: "bool", default: true, doc: "Learn an offset beta." } as const;
const scale = { kind: "bool", default: true, doc: "Learn a scale gamma." } as const;

/** A normalisation's learned scale and offset, in Keras' order (gamma, then beta). */
const affine = (p: { center: boolean; scale: boolean }, shape: number[]) => [
  ...(p.scale ? [weight("gamma", ...shape)] : []),
  ...(p.center ? [weight("beta", ...shape)] : []),
];

/** BatchNormalization: normalises with batch statistics, keeps moving averages. */
export const batchNormalization = defineLayer({
  category: "Normalization",
  doc: "Normalises each channel with batch statistics; learns gamma/beta, keeps non-trainable moving mean/variance.",
  arity: "one",
  params: {
    axis: { kind: "axis", default: -1, doc: "The features axis (channels, -1 for channels last)." },
    momentum: { kind: "float", min: 0, max: 1, default: 0.99, doc: "Momentum of the moving averages." },
    epsilon,
    center,
    scale,
  },
  infer: (p, [input], ctx) => {
    const dim = featureSize(p.axis, input, ctx);
    if (dim === undefined) return undefined;
    const statistic = (name: string) => ({ name, shape: [dim], trainable: false });
    return { shape: input, weights: [...affine(p, [dim]), statistic("moving_mean"), statistic("moving_variance")] };
  },
});

/** LayerNormalization: normalises each sample over the given axes. */
export const layerNormalization = defineLayer({
  category: "Normalization",
  doc: "Normalises each sample over the given axes (independent of the batch); learns gamma/beta.",
  arity: "one",
  params: {
    axis: { kind: "axes", default: -1, doc: "Axis or axes to normalise over." },
    epsilon,
    center,
    scale,
  },
  infer: (p, [input], ctx) => {
    const dims: number[] = [];
    const seen = new Set<number>();
    for (const axis of p.axis) {
      // Keras lets the batch axis through when no gamma or beta needs its size.
      const a = featureAxis(axis, input, ctx, p.center || p.scale ? "error" : "allowed");
      if (a === undefined) return undefined;
      if (seen.has(a)) {
        ctx.error("invalid-parameter", msg("layers.axisTwice", { axis }), "axis");
        return undefined;
      }
      seen.add(a);
      const dim = a === -1 ? null : input[a];
      if (dim === null && (p.center || p.scale)) {
        ctx.error("undefined-dimension", msg("layers.axisUndefinedGammaBeta", { axis }), "axis");
        return undefined;
      }
      if (dim !== null) dims.push(dim);
    }
    return { shape: input, weights: affine(p, dims) };
  },
});

import { defineLayer } from "./layerSpec";
import { featureAxis } from "./common";

/** ReLU, with an optional cap (ReLU6), slope and threshold. */
export const relu = defineLayer({
  category: "Activation",
  doc: "Rectified linear unit: max(x, 0); maxValue 6 gives ReLU6 (MobileNet).",
  arity: "one",
  params: {
    maxValue: { kind: "float", min: 0, default: null, doc: "Upper bound of the output (6 for ReLU6); none by default." },
    negativeSlope: { kind: "float", min: 0, default: 0, doc: "Slope for values below the threshold." },
    threshold: { kind: "float", default: 0, doc: "Values below it are damped by negativeSlope." },
  },
  infer: (_p, [input]) => ({ shape: input }),
});

/** LeakyReLU. */
export const leakyRelu = defineLayer({
  category: "Activation",
  doc: "Leaky ReLU: x for x ≥ 0, alpha·x below, so that negative units still learn.",
  arity: "one",
  params: {
    alpha: { kind: "float", min: 0, default: 0.3, doc: "Slope for negative inputs." },
  },
  infer: (_p, [input]) => ({ shape: input }),
});

/** ELU. */
export const elu = defineLayer({
  category: "Activation",
  doc: "Exponential linear unit: x for x > 0, alpha·(eˣ − 1) below.",
  arity: "one",
  params: {
    alpha: { kind: "float", min: 0, default: 1, doc: "Scale of the negative part." },
  },
  infer: (_p, [input]) => ({ shape: input }),
});

/** Softmax over an axis. */
export const softmax = defineLayer({
  category: "Activation",
  doc: "Softmax: turns scores into probabilities that sum to 1 along an axis.",
  arity: "one",
  params: {
    axis: { kind: "axis", default: -1, doc: "Axis along which the probabilities sum to 1." },
  },
  infer: (p, [input], ctx) => (featureAxis(p.axis, input, ctx, "allowed") === undefined ? undefined : { shape: input }),
});

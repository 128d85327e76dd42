import { bias, defineLayer, weight } from "./layerSpec";
import { formatShape, sizeOf } from "./shape";
import { activationNames, kernelParams, spatialRank } from "./common";
import { msg } from "../messages/format";

/** Input: where data enters the model. */
export const input = defineLayer({
  category: "Input",
  doc: "Model input: the shape of one sample, without the batch dimension (e.g. [32, 32, 3]).",
  arity: "none",
  params: {
    shape: {
      kind: "shape",
      required: true,
      example: [28, 28, 1],
      doc: "Shape of one sample, channels last; null for a size known only at run time.",
    },
  },
  infer: (p) => ({ shape: p.shape }),
});

/** Dense: fully connected layer on the last axis. */
export const dense = defineLayer({
  category: "Core",
  doc: "Fully connected layer: every output unit sees every input feature of the last axis.",
  arity: "one",
  inputRank: { min: 2 },
  params: {
    units: { kind: "int", min: 1, required: true, example: 10, doc: "Number of output units." },
    ...kernelParams,
  },
  infer: (p, [input], ctx) => {
    const last = input[input.length - 1];
    if (last === null) {
      ctx.error("undefined-dimension", msg("layers.lastUndefined", { shape: formatShape(input) }));
      return undefined;
    }
    const shape = [...input.slice(0, -1), p.units];
    if (input.length > 1) {
      ctx.warning(
        "dense-rank",
        msg("layers.denseRank", {
          rank: input.length + 1,
          shape: formatShape(input),
          output: formatShape(shape),
          pooling: input.length - 1,
        }),
      );
    }
    const rows = sizeOf(input.slice(0, -1));
    const weights = [weight("kernel", last, p.units), ...bias(p.useBias, p.units)];
    return { shape, weights, macs: rows === null ? null : rows * last * p.units };
  },
});

/** Activation: applies an activation function. */
export const activation = defineLayer({
  category: "Activation",
  doc: "Applies an activation function element-wise (relu, sigmoid, softmax, …).",
  arity: "one",
  params: {
    activation: { kind: "enum", values: activationNames, required: true, example: "relu", doc: "The activation function." },
  },
  infer: (_p, [input]) => ({ shape: input }),
});

/** Dropout: randomly zeroes inputs during training. */
export const dropout = defineLayer({
  category: "Regularization",
  doc: "Randomly sets a fraction `rate` of inputs to 0 during training, against overfitting.",
  arity: "one",
  params: {
    rate: { kind: "float", min: 0, max: 1, exclusiveMax: true, required: true, example: 0.5, doc: "Fraction of the inputs to drop." },
    seed: { kind: "int", min: 0, default: null, doc: "Random seed." },
  },
  infer: (_p, [input]) => ({ shape: input }),
});

/** SpatialDropout2D: drops whole feature maps. */
export const spatialDropout2d = defineLayer({
  category: "Regularization",
  doc: "Drops entire 2D feature maps instead of single activations (better for correlated conv features).",
  arity: "one",
  inputRank: spatialRank[2],
  params: {
    rate: { kind: "float", min: 0, max: 1, exclusiveMax: true, required: true, example: 0.2, doc: "Fraction of the feature maps to drop." },
    seed: { kind: "int", min: 0, default: null, doc: "Random seed." },
  },
  infer: (_p, [input]) => ({ shape: input }),
});

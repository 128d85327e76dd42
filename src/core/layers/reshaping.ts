import { defineLayer } from "./layerSpec";
import { formatShape, sizeOf } from "./shape";
import { spatialRank } from "./common";
import { grouped, msg } from "../messages/format";

/** Flatten: collapses all but the batch axis. */
export const flatten = defineLayer({
  category: "Reshape",
  doc: "Flattens each sample to one vector; before Dense this costs many weights (compare global pooling).",
  arity: "one",
  params: {},
  infer: (_p, [input]) => ({ shape: [input.length === 0 ? 1 : sizeOf(input)] }),
});

/** Reshape: gives each sample a new shape with the same number of values. */
export const reshape = defineLayer({
  category: "Reshape",
  doc: "Reshapes each sample to targetShape (same number of values; one dimension may be -1).",
  arity: "one",
  params: {
    targetShape: { kind: "targetShape", required: true, example: [-1], doc: "New shape without the batch dimension; one entry may be -1." },
  },
  infer: (p, [input], ctx) => {
    const total = sizeOf(input);
    const known = p.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const free = p.targetShape.indexOf(-1);
    const target = p.targetShape.map((d) => (d === -1 ? null : d));
    if (total === null) return { shape: target };
    const fits = free >= 0 ? total % known === 0 : total === known;
    if (!fits) {
      ctx.error(
        "incompatible-shapes",
        msg(free >= 0 ? "layers.reshape" : "layers.reshapeKnown", {
          shape: formatShape(input),
          total: grouped(total),
          target: formatShape(target),
          known: grouped(known),
        }),
        "targetShape",
      );
      return undefined;
    }
    if (free >= 0) target[free] = total / known;
    return { shape: target };
  },
});

/** ZeroPadding2D: adds rows and columns of zeros. */
export const zeroPadding2d = defineLayer({
  category: "Reshape",
  doc: "Adds rows and columns of zeros around each feature map.",
  arity: "one",
  inputRank: spatialRank[2],
  params: {
    padding: { kind: "pairs", rank: 2, default: 1, doc: "Zeros to add: int, [rows, cols] or [[top, bottom], [left, right]]." },
  },
  infer: (p, [input]) => {
    const out = p.padding.map(([a, b], i) => (input[i] === null ? null : input[i] + a + b));
    return { shape: [...out, input[2]] };
  },
});

/** Cropping2D: removes rows and columns at the borders. */
export const cropping2d = defineLayer({
  category: "Reshape",
  doc: "Crops rows and columns at the borders of each feature map.",
  arity: "one",
  inputRank: spatialRank[2],
  params: {
    cropping: { kind: "pairs", rank: 2, default: 0, doc: "Amount to crop: int, [rows, cols] or [[top, bottom], [left, right]]." },
  },
  infer: (p, [input], ctx) => {
    const out = p.cropping.map(([a, b], i) => (input[i] === null ? null : input[i] - a - b));
    if (out.some((d) => d !== null && d <= 0)) {
      ctx.error("shape-collapse", msg("layers.cropping", { cropping: JSON.stringify(p.cropping), shape: formatShape(input) }), "cropping");
      return undefined;
    }
    return { shape: [...out, input[2]] };
  },
});

/** UpSampling2D: repeats rows and columns. */
export const upSampling2d = defineLayer({
  category: "Reshape",
  doc: "Upsamples each feature map by repeating rows and columns (or bilinear interpolation).",
  arity: "one",
  inputRank: spatialRank[2],
  params: {
    size: { kind: "ints", rank: 2, min: 1, default: 2, doc: "Upsampling factors for rows and columns." },
    interpolation: { kind: "enum", values: ["nearest", "bilinear"], default: "nearest", doc: "How new pixels are computed." },
  },
  infer: (p, [input]) => {
    const out = p.size.map((s, i) => (input[i] === null ? null : input[i] * s));
    return { shape: [...out, input[2]] };
  },
});

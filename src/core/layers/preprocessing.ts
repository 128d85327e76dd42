import { featureSize, spatialRank } from "./common";
import { defineLayer } from "./layerSpec";
import { formatShape } from "./shape";
import { msg } from "../messages/format";

/** Rescaling: `x * scale + offset`, as models that take raw pixels begin (Keras' preprocessing layer). */
export const rescaling = defineLayer({
  category: "Preprocessing",
  doc: "Multiplies the input by `scale` and adds `offset`, e.g. 1/255 to take pixels in [0, 255] to [0, 1].",
  arity: "one",
  params: {
    scale: { kind: "float", required: true, example: 0.00392156862745098, doc: "The factor every value is multiplied by." },
    offset: { kind: "float", default: 0, doc: "The value added after scaling." },
  },
  infer: (_p, [input]) => ({ shape: input }),
});

/**
 * Normalization: `(x - mean) / max(sqrt(variance), 1e-7)` per feature along `axis` (or the inverse). Its mean,
 * variance and count are non-trainable weights, as Keras counts them: learnt from the training data before
 * training (Keras' `adapt()`), or imported with a model.
 */
export const normalization = defineLayer({
  category: "Preprocessing",
  doc: "Standardises each feature with the mean and variance of the training data (adapted before training, as Keras' adapt()), or the inverse.",
  arity: "one",
  params: {
    axis: { kind: "axis", default: -1, doc: "The features axis: each index along it has its own mean and variance." },
    invert: { kind: "bool", default: false, doc: "Undo a normalisation instead: x · sqrt(variance) + mean." },
  },
  infer: (p, [input], ctx) => {
    const dim = featureSize(p.axis, input, ctx);
    if (dim === undefined) return undefined;
    const statistic = (name: string, ...shape: number[]) => ({ name, shape, trainable: false });
    return { shape: input, weights: [statistic("mean", dim), statistic("variance", dim), statistic("count")] };
  },
});

const height = { kind: "int", min: 1, required: true, example: 224, doc: "The output's height (rows)." } as const;
const width = { kind: "int", min: 1, required: true, example: 224, doc: "The output's width (columns)." } as const;

/**
 * Resizing: each image resized to `height` × `width` as Keras' `tf.image.resize` does (half-pixel centres, no
 * antialiasing); with `cropToAspectRatio`, the largest centred window of the target's aspect ratio first.
 */
export const resizing = defineLayer({
  category: "Preprocessing",
  doc: "Resizes each image to height × width (bilinear or nearest, as Keras' Resizing); optionally crops to the target's aspect ratio first.",
  arity: "one",
  inputRank: spatialRank[2],
  params: {
    height,
    width,
    interpolation: { kind: "enum", values: ["bilinear", "nearest"], default: "bilinear", doc: "How new pixels are computed." },
    cropToAspectRatio: {
      kind: "bool",
      default: false,
      doc: "Crop the largest centred window of the target's aspect ratio before resizing, instead of stretching.",
    },
  },
  infer: (p, [input]) => ({ shape: [p.height, p.width, input[2]] }),
});

/** CenterCrop: the centred `height` × `width` window of each image (Keras' preprocessing layer). */
export const centerCrop = defineLayer({
  category: "Preprocessing",
  doc: "Keeps the centred height × width window of each image.",
  arity: "one",
  inputRank: spatialRank[2],
  // Examples a small image takes (the palette adds a layer with them): 8 × 8.
  params: { height: { ...height, example: 8 }, width: { ...width, example: 8 } },
  infer: (p, [input], ctx) => {
    // Keras resizes an image smaller than the window instead of cropping it: say so rather than do something else.
    if ((input[0] !== null && input[0] < p.height) || (input[1] !== null && input[1] < p.width)) {
      ctx.error("incompatible-shapes", msg("layers.centerCrop", { height: p.height, width: p.width, shape: formatShape(input) }), "height");
      return undefined;
    }
    return { shape: [p.height, p.width, input[2]] };
  },
});

/** The centred window `crop` of an axis of `size` starts here (Keras: `(size - crop) // 2`). */
export function cropStart(size: number, crop: number): number {
  return Math.floor((size - crop) / 2);
}

/** The window Resizing's `cropToAspectRatio` keeps of an `h` × `w` image for a `th` × `tw` target (Keras' smart resize). */
export function aspectWindow(h: number, w: number, th: number, tw: number): { top: number; left: number; height: number; width: number } {
  const height = Math.max(Math.min(h, Math.trunc((w * th) / tw)), 1);
  const width = Math.max(Math.min(w, Math.trunc((h * tw) / th)), 1);
  return { top: Math.trunc((h - height) / 2), left: Math.trunc((w - width) / 2), height, width };
}

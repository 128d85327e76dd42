import { defineLayer } from "./layerSpec";
import { slideWindow, spatialRank } from "./common";

function poolParams<const R extends number>(rank: R) {
  return {
    poolSize: { kind: "ints", rank, min: 1, default: 2, doc: "Size of the pooling window." },
    strides: { kind: "ints", rank, min: 1, default: null, doc: "Step of the window; defaults to poolSize." },
    padding: {
      kind: "enum",
      values: ["valid", "same"],
      default: "valid",
      doc: "'valid': drop the windows that do not fit; 'same': pad so that the output is input / stride.",
    },
  } as const;
}

function pooling(rank: 1 | 2, kind: "max" | "average") {
  const doc =
    kind === "max"
      ? `Max pooling ${rank}D: keeps the strongest activation of each window in each feature map — the most salient feature.`
      : `Average pooling ${rank}D: keeps the mean of each window in each feature map — a smoother summary of the features.`;
  return defineLayer({
    category: "Pooling",
    doc,
    arity: "one",
    inputRank: spatialRank[rank],
    params: poolParams(rank),
    infer: (p, [input], ctx) => {
      const strides = p.strides ?? p.poolSize;
      const out = slideWindow(ctx, "pool", input.slice(0, -1), p.poolSize, strides, p.padding);
      return out && { shape: [...out, input[input.length - 1]] };
    },
  });
}

function globalPooling(rank: 1 | 2, kind: "max" | "average") {
  const what = kind === "max" ? "maximum" : "average";
  const axes = rank === 1 ? "step" : "spatial position";
  return defineLayer({
    category: "Pooling",
    doc: `Global ${kind} pooling ${rank}D: one ${what} per feature map over every ${axes} — the light alternative to Flatten + Dense (no weights, any input size).`,
    arity: "one",
    inputRank: spatialRank[rank],
    params: {
      keepdims: { kind: "bool", default: false, doc: "Keep the pooled axes with size 1 instead of dropping them." },
    },
    infer: (p, [input]) => {
      const c = input[input.length - 1];
      return { shape: p.keepdims ? [...input.slice(0, -1).map(() => 1), c] : [c] };
    },
  });
}

/** MaxPooling1D. */
export const maxPooling1d = pooling(1, "max");
/** MaxPooling2D. */
export const maxPooling2d = pooling(2, "max");
/** AveragePooling1D. */
export const averagePooling1d = pooling(1, "average");
/** AveragePooling2D. */
export const averagePooling2d = pooling(2, "average");
/** GlobalMaxPooling1D. */
export const globalMaxPooling1d = globalPooling(1, "max");
/** GlobalMaxPooling2D. */
export const globalMaxPooling2d = globalPooling(2, "max");
/** GlobalAveragePooling1D. */
export const globalAveragePooling1d = globalPooling(1, "average");
/** GlobalAveragePooling2D. */
export const globalAveragePooling2d = globalPooling(2, "average");

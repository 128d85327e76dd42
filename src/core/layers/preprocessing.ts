import { defineLayer } from "./layerSpec";

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

import { defineLayer } from "./layerSpec";
import { formatShape, type Shape } from "./shape";
import { featureAxis } from "./common";
import { msg, joined } from "../messages/format";

/** Keras' broadcasting of element-wise merges: shapes aligned from the right, size-1 dimensions stretch. */
function broadcast(shapes: readonly Shape[]): Shape | undefined {
  let out: (number | null)[] = [...shapes[0]];
  for (const next of shapes.slice(1)) {
    const [long, short] = out.length >= next.length ? [out, next] : [[...next], out];
    const lead = long.slice(0, long.length - short.length);
    const tail = long.slice(long.length - short.length);
    const merged: (number | null)[] = [];
    for (let i = 0; i < short.length; i++) {
      const a = tail[i];
      const b = short[i];
      if (a === null || b === null) merged.push(null);
      else if (a === 1 || b === 1 || a === b) merged.push(a === 1 ? b : a);
      else return undefined;
    }
    out = [...lead, ...merged];
  }
  return out;
}

function elementwise(name: string, what: string, example?: string) {
  return defineLayer({
    category: "Merge",
    doc: `${name}: ${what} of its inputs, element by element (shapes must match or broadcast)${example ? ` — e.g. ${example}` : ""}.`,
    arity: "many",
    params: {},
    infer: (_p, inputs, ctx) => {
      const shape = broadcast(inputs);
      if (!shape) {
        ctx.error("incompatible-shapes", msg("layers.mergeShapes", { shapes: joined(inputs.map(formatShape), "join.and") }));
        return undefined;
      }
      return { shape };
    },
  });
}

/** Add: element-wise sum (residual connections). */
export const add = elementwise("Add", "the sum", "residual connections");
/** Multiply: element-wise product (gating, attention). */
export const multiply = elementwise("Multiply", "the product", "gating and attention");
/** Average: element-wise mean. */
export const average = elementwise("Average", "the mean", "averaging an ensemble's outputs");
/** Maximum: element-wise maximum. */
export const maximum = elementwise("Maximum", "the maximum");
/** Minimum: element-wise minimum. */
export const minimum = elementwise("Minimum", "the minimum");

/** Concatenate: joins inputs along an axis (DenseNet, Inception). */
export const concatenate = defineLayer({
  category: "Merge",
  doc: "Concatenate: joins its inputs along an axis (channels by default) — e.g. DenseNet and Inception blocks.",
  arity: "many",
  params: {
    axis: { kind: "axis", default: -1, doc: "Axis along which to join; all other dimensions must match." },
  },
  infer: (p, inputs, ctx) => {
    const rank = inputs[0].length;
    const mismatch = () => {
      ctx.error(
        "incompatible-shapes",
        msg("layers.concatenateShapes", { axis: p.axis, shapes: joined(inputs.map(formatShape), "join.comma") }),
      );
      return undefined;
    };
    if (inputs.some((s) => s.length !== rank)) return mismatch();
    const a = featureAxis(p.axis, inputs[0], ctx, "allowed");
    if (a === undefined) return undefined;
    if (a === -1) return inputs.every((s) => s.every((d, i) => d === inputs[0][i])) ? { shape: inputs[0] } : mismatch();
    const out = [...inputs[0]];
    for (let i = 0; i < rank; i++) {
      const dims = inputs.map((s) => s[i]);
      if (i === a) out[i] = dims.includes(null) ? null : (dims as number[]).reduce((x, y) => x + y, 0);
      else {
        const known = dims.filter((d): d is number => d !== null);
        if (known.some((d) => d !== known[0])) return mismatch();
        out[i] = known[0] ?? null;
      }
    }
    return { shape: out };
  },
});

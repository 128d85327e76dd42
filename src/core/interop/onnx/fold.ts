/**
 * Folding small computations on constants, as exporters leave them: PyTorch writes `F.pad`'s pads (opset 11+) as
 * ConstantOfShape, Concat, Reshape, Slice, Transpose and Cast of constants. Each op here takes constants and
 * gives one, its size bounded by its inputs' (ConstantOfShape's by `maxValues`); anything else is not folded (and
 * the import says what it cannot read).
 */
import { attr, intAttr, intsAttr, permute, tensorValues, type Constant, type OnnxNode } from "./tensors";

/** The most values a ConstantOfShape may fill (shapes and pads; a tiny input must not ask for gigabytes). */
const maxValues = 4096;

const sizeOf = (dims: readonly number[]) => dims.reduce((a, d) => a * d, 1);
const numbers = (c: Constant) => Array.from(c.values, Number);

/** Row-major strides of `dims`. */
const stridesOf = (dims: readonly number[]) => dims.map((_, i) => sizeOf(dims.slice(i + 1)));

/** ONNX Slice of a constant (starts, ends, axes, steps as inputs, clamped as the operator clamps them). */
function slice(x: Constant, starts: number[], ends: number[], axes: number[], steps: number[]): Constant | undefined {
  const rank = x.dims.length;
  const ranges = x.dims.map((d) => ({ start: 0, step: 1, count: d }));
  for (const [k, a] of axes.entries()) {
    const axis = a < 0 ? a + rank : a;
    const d = x.dims[axis];
    const step = steps[k] ?? 1;
    if (axis < 0 || axis >= rank || step === 0) return undefined;
    const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + d : v, lo), hi);
    const start = step > 0 ? clamp(starts[k], 0, d) : clamp(starts[k], -1, d - 1);
    const end = step > 0 ? clamp(ends[k], 0, d) : clamp(ends[k], -1, d - 1);
    ranges[axis] = { start, step, count: Math.max(0, Math.ceil((end - start) / step)) };
  }
  const dims = ranges.map((r) => r.count);
  const strides = stridesOf(x.dims);
  const out: number[] = [];
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < sizeOf(dims); o++) {
    out.push(Number(x.values[index.reduce((at, i, k) => at + (ranges[k].start + i * ranges[k].step) * strides[k], 0)]));
    for (let k = rank - 1; k >= 0 && ++index[k] === dims[k]; k--) index[k] = 0;
  }
  return { dims, values: out };
}

/** The constant `n` computes from constant inputs, or undefined when it is not folded here. */
export function foldConstant(n: OnnxNode, ins: readonly (Constant | undefined)[]): Constant | undefined {
  if (ins.some((c) => c === undefined)) return undefined;
  const cs = ins as readonly Constant[];
  const x = cs[0];
  let result: Constant | undefined;
  switch (n.opType) {
    case "Identity":
    case "Cast":
      result = x;
      break;
    case "ConstantOfShape": {
      const dims = numbers(x);
      if (dims.length > 8 || dims.some((d) => !Number.isSafeInteger(d) || d < 0) || sizeOf(dims) > maxValues) return undefined;
      const t = attr(n, "value")?.t;
      const fill = t ? tensorValues(t)?.values[0] : 0;
      result = fill === undefined ? undefined : { dims, values: new Array<number>(sizeOf(dims)).fill(Number(fill)) };
      break;
    }
    case "Concat": {
      const axis = intAttr(n, "axis", 0);
      if (!cs.every((c) => c.dims.length === 1) || (axis !== 0 && axis !== -1)) return undefined;
      const values = cs.flatMap(numbers);
      result = { dims: [values.length], values };
      break;
    }
    case "Reshape": {
      const target = numbers(cs[1]);
      const known = target.reduce((a, d, i) => a * (d === -1 ? 1 : d === 0 ? x.dims[i] : d), 1);
      const dims = target.map((d, i) => (d === -1 ? x.values.length / known : d === 0 ? x.dims[i] : d));
      result = sizeOf(dims) === x.values.length && dims.every(Number.isSafeInteger) ? { dims, values: x.values } : undefined;
      break;
    }
    case "Transpose": {
      const perm = intsAttr(
        n,
        "perm",
        x.dims.map((_, i) => x.dims.length - 1 - i),
      );
      const values = permute(Float32Array.from(numbers(x)), x.dims, perm);
      const integral = numbers(x).every(Number.isSafeInteger);
      result = { dims: perm.map((p) => x.dims[p]), values: integral ? Array.from(values) : values };
      break;
    }
    case "Slice": {
      const [starts, ends, axes, steps] = [1, 2, 3, 4].map((k) => (cs[k] ? numbers(cs[k]) : undefined));
      if (!starts || !ends) return undefined;
      result = slice(x, starts, ends, axes ?? starts.map((_, i) => i), steps ?? starts.map(() => 1));
      break;
    }
    case "Unsqueeze":
    case "Squeeze":
      // Their shapes do not matter to the 1-D pads and shapes read here: the values are kept.
      result = x.dims.length <= 1 ? { dims: [x.values.length], values: x.values } : undefined;
      break;
    default:
      return undefined;
  }
  return result;
}

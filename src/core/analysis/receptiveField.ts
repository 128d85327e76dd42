/**
 * Receptive fields: for every layer and every spatial axis, which positions of the model's input one output position
 * depends on — for any graph, through convolutions (dilated, transposed), pooling, padding, cropping, resizing and
 * upsampling, with the hull of the fields that residual and concatenating branches bring together.
 *
 * Two readings are kept per axis:
 * - the usual one, as papers give it: the size, jump (effective stride) and start of the field, padding counted as
 *   if it were input (so a 3×3 'same' convolution's field is 3 wide at the border too);
 * - where every size is known, each output position's exact field: the first and last input positions it reads,
 *   or none (a position of zero padding) — what back-propagating from that one position reaches.
 */
import type { LayerType } from "../layers/registry";
import type { CountedLayer as LayerInfo } from "./analyze";
import { axisMaps, type AxisMap } from "./fieldRules";

/** A layer's field on one spatial axis of one model input, in the usual reading. */
export interface AxisField {
  /** Input positions one output position spans (dilation's holes and padding included). */
  readonly size: number;
  /** Input positions between neighbouring output positions (the product of strides; below 1 after upsampling). */
  readonly jump: number;
  /** Where the first output position's field starts (negative: in the padding before the input). */
  readonly start: number;
}

/** Each output position's exact field on one axis: input positions lo[o] to hi[o]; lo > hi where it reads none. */
export interface PositionFields {
  readonly lo: Int32Array;
  readonly hi: Int32Array;
}

/** The receptive field of one layer's output on the model input `input`. */
export interface LayerField {
  readonly input: string;
  /** The input's spatial size per axis (null where known only at run time). */
  readonly inputSize: readonly (number | null)[];
  readonly axes: readonly AxisField[];
  /** Per axis, each output position's exact field; null where a size is known only at run time. */
  readonly positions: readonly (PositionFields | null)[];
  /** True once the spatial axes are gone (Flatten, global pooling): the field of all the outputs together. */
  readonly collapsed: boolean;
}

/** A layer's receptive field on one model input in the usual reading, per spatial axis: what views show. */
export interface FieldReading {
  /** The model input's name. */
  readonly input: string;
  /** The input's spatial size per axis (null where known only at run time). */
  readonly inputSize: readonly (number | null)[];
  readonly size: readonly number[];
  readonly jump: readonly number[];
  readonly start: readonly number[];
  /** True once the spatial axes are gone (Flatten, global pooling). */
  readonly collapsed: boolean;
}

/**
 * A field's usual reading, without the exact positions. Once collapsed, it is cut to the input where its size is
 * known: padding that every output reads is no part of what the model sees.
 */
export function readingOf(f: LayerField): FieldReading {
  const cut = f.axes.map((a, k) => {
    const n = f.inputSize[k];
    if (!f.collapsed || n === null) return a;
    const start = Math.max(a.start, 0);
    return { ...a, start, size: Math.max(Math.min(a.start + a.size, n) - start, 0) };
  });
  return {
    input: f.input,
    inputSize: f.inputSize,
    size: cut.map((a) => a.size),
    jump: cut.map((a) => a.jump),
    start: cut.map((a) => a.start),
    collapsed: f.collapsed,
  };
}

/** Spatial sizes as a field is written: `7×7`; a size below one position (after upsampling) to two decimals. */
export function formatExtent(sizes: readonly (number | null)[]): string {
  return sizes.map((n) => (n === null ? "?" : Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100))).join("×");
}

/** Whether a field takes in its whole input: on every axis whose size is known, at least as wide as the input. */
export function coversInput(f: FieldReading): boolean {
  return f.size.every((n, k) => f.inputSize[k] === null || n >= (f.inputSize[k] as number));
}

/** One axis while the fields are followed: the usual reading, and the exact one where sizes are known. */
interface Axis {
  readonly start: number;
  readonly jump: number;
  readonly size: number;
  readonly exact: PositionFields | null;
}

interface Field {
  readonly axes: Axis[];
  readonly collapsed: boolean;
}

/** A layer output's field per model input (by the input layer's index); null where it is not followed (a Reshape). */
type Fields = Map<number, Field> | null;

/** Options of {@link receptiveFields}. */
export interface FieldOptions {
  /** Follow each output position's exact field too (default true); the usual reading alone costs one step a layer. */
  readonly exact?: boolean;
  /**
   * The most input positions the exact fields may visit in all (default 2·10⁷, well under a second): past it, the
   * exact fields of the layers that remain are left out (null), so that no model, however large, takes long.
   */
  readonly budget?: number;
}

/** What the exact fields may still visit; below zero, no more exact fields are made. */
interface Budget {
  left: number;
}

/** The receptive fields of every layer (by index): one entry per model input it depends on; [] where unknown. */
export function receptiveFields(
  analysis: { readonly layers: readonly LayerInfo[]; readonly order: readonly number[] },
  options: FieldOptions = {},
): LayerField[][] {
  const { layers, order } = analysis;
  const byName = new Map(layers.map((l) => [l.name, l]));
  const fields: Fields[] = [];
  const budget: Budget = { left: options.exact === false ? -1 : (options.budget ?? 2e7) };
  for (const i of order) {
    const layer = layers[i];
    fields[i] = layer.outputShape
      ? layerFields(
          layer,
          layer.inputs.map((n) => byName.get(n)),
          fields,
          budget,
        )
      : null;
  }
  return layers.map((_layer, i) => {
    const f = fields[i];
    if (!f) return [];
    return [...f.entries()].map(([input, { axes, collapsed }]) => ({
      input: layers[input].name,
      inputSize: spatialOf(layers[input]),
      axes: axes.map(({ start, jump, size }) => ({ start, jump, size })),
      positions: axes.map((a) => a.exact),
      collapsed,
    }));
  });
}

/** The spatial sizes of a layer's output: its shape without the batch and channel axes. */
function spatialOf(layer: LayerInfo): (number | null)[] {
  return (layer.outputShape ?? []).slice(1, -1);
}

/** The fields of `layer`'s output from those of its inputs. */
function layerFields(layer: LayerInfo, inputs: (LayerInfo | undefined)[], fields: Fields[], budget: Budget): Fields {
  if (layer.type === "Input") {
    const axes = spatialOf(layer).map((n) => {
      const known = n !== null && (budget.left -= n) >= 0;
      const exact = known ? { lo: Int32Array.from({ length: n }, (_, k) => k), hi: Int32Array.from({ length: n }, (_, k) => k) } : null;
      return { start: 0, jump: 1, size: 1, exact };
    });
    return new Map([[layer.index, { axes, collapsed: false }]]);
  }
  if (inputs.some((l) => !l || !l.outputShape || !fields[l.index])) return null;
  const rule = axisMaps(layer.type as LayerType, layer, inputs as LayerInfo[]);
  if (rule === "opaque") return null;
  const out = new Map<number, Field>();
  for (const from of inputs as LayerInfo[]) {
    for (const [input, field] of (fields[from.index] as Map<number, Field>).entries()) {
      let next: Field | null;
      if (field.collapsed) next = field;
      else if (rule === "collapse") next = collapse(field.axes, spatialOf(from), budget);
      else if (rule === "pointwise") next = field;
      else
        next =
          rule.length === field.axes.length
            ? { collapsed: false, axes: field.axes.map((a, k) => step(a, rule[k], spatialOf(layer)[k], budget)) }
            : null;
      if (!next) return null;
      const seen = out.get(input);
      out.set(input, seen ? union(seen, next) : next);
    }
  }
  return out;
}

/**
 * Every output reads every position of an input of spatial sizes `sizes`: the hull of the input's fields (one
 * position on each axis). The usual reading, the first position's field to the last's, is cut to the model input
 * where `inputSize` is known: padding read by every output is no part of what the model sees.
 */
function collapse(axes: Axis[], sizes: readonly (number | null)[], budget: Budget): Field {
  return {
    collapsed: true,
    axes: axes.map((a, k) => {
      const all = a.exact && hullOf(a.exact, 0, a.exact.lo.length - 1, 1, budget);
      const exact = a.exact && all !== "over" ? { lo: Int32Array.of(all ? all[0] : 1), hi: Int32Array.of(all ? all[1] : 0) } : null;
      const n = sizes[k];
      return { start: a.start, jump: a.jump, size: n === null ? a.size : a.size + (n - 1) * a.jump, exact };
    }),
  };
}

/**
 * The hull of the fields of input positions first, first + step … ≤ last, or null when none reads any input:
 * positions outside the input, and positions of zero padding, read none. (Not just the ends': where dilation's holes
 * meet the border, a field may start later than its neighbour's.)
 */
function hullOf(f: PositionFields, first: number, last: number, step: number, budget: Budget): [number, number] | null | "over" {
  const n = f.lo.length;
  let lo = Infinity;
  let hi = -Infinity;
  const from = first < 0 ? first + Math.ceil(-first / step) * step : first;
  const to = Math.min(last, n - 1);
  if (to >= from && (budget.left -= Math.floor((to - from) / step) + 1) < 0) return "over";
  for (let p = from; p <= to; p += step) {
    if (f.lo[p] > f.hi[p]) continue;
    lo = Math.min(lo, f.lo[p]);
    hi = Math.max(hi, f.hi[p]);
  }
  return lo <= hi ? [lo, hi] : null;
}

/** The field after a layer that maps each output position to input positions by `map`, on an output of `m`. */
function step(a: Axis, map: AxisMap, m: number | null, budget: Budget): Axis {
  const f = map.affine;
  const usual = { start: a.start + f.offset * a.jump, jump: a.jump * f.stride, size: a.size + (f.extent - 1) * a.jump };
  if (!a.exact || m === null || (budget.left -= m) < 0) return { ...usual, exact: null };
  const n = a.exact.lo.length;
  const lo = new Int32Array(m);
  const hi = new Int32Array(m);
  for (let o = 0; o < m; o++) {
    const [first, last, every] = map.at(o, n, m);
    const h = hullOf(a.exact, first, last, every, budget);
    if (h === "over") return { ...usual, exact: null };
    lo[o] = h ? h[0] : 1;
    hi[o] = h ? h[1] : 0;
  }
  return { ...usual, exact: { lo, hi } };
}

/** Two fields of one model input meeting (Add, Concatenate…): the hull of both. */
function union(a: Field, b: Field): Field {
  return {
    collapsed: a.collapsed || b.collapsed,
    axes: a.axes.map((x, k) => {
      const y = b.axes[k];
      const start = Math.min(x.start, y.start);
      const end = Math.max(x.start + x.size, y.start + y.size);
      const exact = x.exact && y.exact && x.exact.lo.length === y.exact.lo.length ? merged(x.exact, y.exact) : null;
      return { start, jump: Math.max(x.jump, y.jump), size: end - start, exact };
    }),
  };
}

/** Per position, the hull of two position fields (either may read nothing there). */
function merged(x: PositionFields, y: PositionFields): PositionFields {
  const lo = Int32Array.from(x.lo);
  const hi = Int32Array.from(x.hi);
  for (let o = 0; o < lo.length; o++) {
    if (y.lo[o] > y.hi[o]) continue;
    const xs = x.lo[o] <= x.hi[o];
    lo[o] = xs ? Math.min(x.lo[o], y.lo[o]) : y.lo[o];
    hi[o] = xs ? Math.max(x.hi[o], y.hi[o]) : y.hi[o];
  }
  return { lo, hi };
}

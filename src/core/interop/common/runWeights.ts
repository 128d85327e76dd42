/** A trained run's weights as its `model.json` lists them, and whether a run trained a given model. */
import { analyze } from "../../analysis/analyze";
import type { Result } from "../../result";
import type { WeightSpec } from "./layers";
import { grouped, msg, type Message } from "../../messages/format";
import { formatShape } from "../../layers/shape";

/** The weights of a run: every weight in file order, the weight files (relative to the run folder) and their size. */
export interface WeightsManifest {
  readonly specs: readonly WeightSpec[];
  readonly paths: readonly string[];
  /** The bytes the weight files hold together, as the manifest declares them (float32). */
  readonly bytes: number;
}

const isDims = (v: unknown): v is number[] => Array.isArray(v) && v.every((d) => Number.isSafeInteger(d) && d >= 0);

/**
 * Checks a run's weight manifest: every weight a name, a shape of non-negative integers and float32 values; every
 * path a plain relative path that stays in the run folder (no absolute path, no `..`), as the trainer writes them.
 */
export function readWeightsManifest(groups: unknown): Result<WeightsManifest> {
  const list = Array.isArray(groups) ? groups : [];
  const paths: string[] = [];
  const specs: WeightSpec[] = [];
  let bytes = 0;
  for (const g of list) {
    const group = (typeof g === "object" && g !== null ? g : {}) as { paths?: unknown; weights?: unknown };
    for (const p of Array.isArray(group.paths) ? group.paths : []) {
      if (
        typeof p !== "string" ||
        p === "" ||
        p === "." ||
        p.endsWith("/") ||
        p.startsWith("/") ||
        p.includes("\\") ||
        /^[a-zA-Z]:/.test(p) ||
        p.split("/").includes("..")
      )
        return { ok: false, problem: msg("weights.outside", { path: JSON.stringify(p) }) };
      paths.push(p);
    }
    for (const w of Array.isArray(group.weights) ? group.weights : []) {
      const spec = (typeof w === "object" && w !== null ? w : {}) as { name?: unknown; shape?: unknown; dtype?: unknown };
      if (typeof spec.name !== "string" || !isDims(spec.shape))
        return {
          ok: false,
          problem: msg("weights.badWeight", { weight: String(JSON.stringify(w)?.slice(0, 80)) }),
        };
      if (spec.dtype !== undefined && spec.dtype !== "float32")
        return { ok: false, problem: msg("weights.dtype", { name: spec.name, dtype: String(spec.dtype) }) };
      specs.push({ name: spec.name, shape: spec.shape, dtype: "float32" });
      bytes += spec.shape.reduce((a, d) => a * d, 1) * 4;
    }
  }
  if (paths.length === 0 || specs.length === 0) return { ok: false, problem: msg("weights.none") };
  return { ok: true, value: { specs, paths, bytes } };
}

/** Reads a run's `model.json` text (TF.js' format, as the trainer saves it). */
export function runWeights(modelJson: string): Result<WeightsManifest> {
  let json: { weightsManifest?: unknown };
  try {
    json = JSON.parse(modelJson) as typeof json;
  } catch (e) {
    return { ok: false, problem: msg("weights.notJson", { error: (e as Error).message }) };
  }
  return readWeightsManifest(typeof json === "object" && json !== null ? json.weightsManifest : undefined);
}

/** A model text's layers as `name type shape params` lines: what must match for a run's weights to fit. */
export function modelFigures(text: string): string[] {
  return analyze(text).layers.map((l) => `${l.name} ${l.type} ${JSON.stringify(l.outputShape)} ${l.params}`);
}

/**
 * The first layer (`name type shape params`) where two models differ, or `undefined` when they match; each is a
 * model text or its `modelFigures` (to compare one model with many without analysing it again).
 */
export function modelDifference(a: string | readonly string[], b: string | readonly string[]): string | undefined {
  const first = firstDifference(a, b);
  return first && (first.a ?? first.b);
}

/**
 * The first layer where two models differ, as each has it (`a` or `b` absent where that model has no layer there),
 * or `undefined` when they match.
 */
export function firstDifference(
  a: string | readonly string[],
  b: string | readonly string[],
): { readonly a?: string; readonly b?: string } | undefined {
  const [x, y] = [typeof a === "string" ? modelFigures(a) : a, typeof b === "string" ? modelFigures(b) : b];
  const i = x.findIndex((l, k) => l !== y[k]);
  if (i >= 0) return { a: x[i], b: y[i] };
  // No layer of `x` differs, so `y` is the longer: its first layer beyond `x` is the difference.
  return x.length === y.length ? undefined : { b: y[x.length] };
}

/** A `modelFigures` line said for a user: the layer's name and type, its output shape and parameters. */
export function figureMessage(figure: string | undefined): Message {
  const m = figure === undefined ? null : /^(.*) (\S+) (\[.*\]) (\d+)$/.exec(figure);
  if (!m) return msg("runFile.noLayer");
  const shape = JSON.parse(m[3]) as (number | null)[];
  // The figure holds the batch dimension, as Keras reports output shapes.
  return msg("runFile.layerFigure", { name: m[1], type: m[2], shape: formatShape(shape.slice(1)), params: grouped(Number(m[4])) });
}

/**
 * A run's weight name split into its layer and the Keras weight (`conv2d_1/kernel` → conv2d_1, kernel); TF.js
 * may number a repeated weight name (`kernel_1`), which names the same weight.
 */
export function splitWeightName(name: string): { readonly layer: string; readonly weight: string } {
  const [layer, ...rest] = name.split("/");
  return { layer, weight: rest.join("/").replace(/_\d+$/, "") };
}

/** One weight of a run: its shape and float32 values. */
export interface RunWeight {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/**
 * A run's weights by `layer/weight` (TF.js' numbering of repeated names removed), the values copied out of its
 * bytes (which need not be aligned); refused when the bytes and the manifest disagree.
 */
export function runWeightMap(run: { readonly specs: readonly WeightSpec[]; readonly bytes: Uint8Array }): Result<Map<string, RunWeight>> {
  const { bytes } = run;
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength - (bytes.byteLength % 4)));
  const map = new Map<string, RunWeight>();
  let offset = 0;
  for (const w of run.specs) {
    const size = w.shape.reduce((x, y) => x * y, 1);
    const { layer, weight } = splitWeightName(w.name);
    map.set(`${layer}/${weight}`, { shape: w.shape, values: data.subarray(offset, offset + size) });
    offset += size;
  }
  if (offset !== data.length || bytes.byteLength % 4 !== 0)
    return { ok: false, problem: msg("export.weightsCount", { values: bytes.byteLength / 4, listed: offset }) };
  return { ok: true, value: map };
}

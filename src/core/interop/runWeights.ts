/** A trained run's weights as its `model.json` lists them, and whether a run trained a given model. */
import { analyze } from "../analyze";
import type { ExportResult } from "./kerasExport";
import type { WeightSpec } from "./pytorchExport";

/** The weights of a run: every weight in file order, and the weight files (relative to the run folder). */
export interface RunWeights {
  readonly specs: readonly WeightSpec[];
  readonly paths: readonly string[];
}

/** Reads a run's `model.json` text (TF.js' format, as the trainer saves it). */
export function runWeights(modelJson: string): ExportResult<RunWeights> {
  let json: { weightsManifest?: { paths?: unknown; weights?: unknown }[] };
  try {
    json = JSON.parse(modelJson) as typeof json;
  } catch (e) {
    return { ok: false, message: `the run's model.json is not JSON: ${(e as Error).message}` };
  }
  const groups = Array.isArray(json.weightsManifest) ? json.weightsManifest : [];
  const paths = groups.flatMap((g) => (Array.isArray(g.paths) ? g.paths.map(String) : []));
  const specs = groups.flatMap((g) => (Array.isArray(g.weights) ? (g.weights as WeightSpec[]) : []));
  if (paths.length === 0 || specs.length === 0) return { ok: false, message: "the run's model.json lists no weights" };
  return { ok: true, value: { specs, paths } };
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
  const [x, y] = [typeof a === "string" ? modelFigures(a) : a, typeof b === "string" ? modelFigures(b) : b];
  const i = x.findIndex((l, k) => l !== y[k]);
  if (i >= 0) return x[i];
  return x.length === y.length ? undefined : (y[x.length] ?? "a layer");
}

/**
 * A run's weight name split into its layer and the Keras weight (`conv2d_1/kernel` → conv2d_1, kernel); TF.js
 * may number a repeated weight name (`kernel_1`), which names the same weight.
 */
export function splitWeightName(name: string): { readonly layer: string; readonly weight: string } {
  const [layer, ...rest] = name.split("/");
  return { layer, weight: rest.join("/").replace(/_\d+$/, "") };
}

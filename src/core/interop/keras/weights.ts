/**
 * A Keras file's weights (read from `.h5` or `.keras` at the edge) fitted to an imported model: each weighted
 * layer takes its file's weights in Keras' order, checked shape by shape against what the model needs, and the
 * result is a run's weights in the trainer's own form (TF.js' manifest and float32 values).
 */
import type { Analysis } from "../../analysis/analyze";
import type { Result } from "../../result";
import type { WeightSpec } from "../common/layers";
import { msg } from "../../messages/format";

/** One weight as a Keras file holds it: its name there (a path, or an index in `.keras` archives), shape and values. */
export interface FileWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
  /** Where the file keeps it, when `name` does not say it all: an HDF5 path, an ONNX tensor's name. */
  readonly source?: string;
}

/** A Keras file's weights by layer name, each layer's in the file's order (Keras' `layer.weights` order). */
export type FileWeights = ReadonlyMap<string, readonly FileWeight[]>;

/** A run's weights: the manifest (names `layer/weight`) and the values in its order. */
export interface ImportedWeights {
  readonly specs: readonly WeightSpec[];
  readonly values: Float32Array;
  /**
   * How layers found their weights: by name, or — when no layer's name is in the file, as with a `save_weights()`
   * file from another session (`conv2d_6` for `conv2d`) — by position, as Keras' `load_weights` does.
   */
  readonly matchedBy: "name" | "position";
  /** Each weight's place in the file it came from (an HDF5 path, an archive's `vars/0`, an ONNX tensor), by spec name. */
  readonly sources: Readonly<Record<string, string>>;
}

/** `conv2d/kernel:0`, `sequential_4/conv2d/kernel` or `kernel` → `kernel`. */
const baseName = (name: string) => name.split("/").pop()!.replace(/:\d+$/, "");

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * The weights of `model.inner`, an imported layer of a model used as a layer, where an `.h5` file keeps them: in
 * the model's group, named `…/inner/kernel:0` (a `.keras` archive gives them under `model.inner` itself).
 */
function innerWeights(file: FileWeights, name: string): readonly FileWeight[] | undefined {
  const dot = name.lastIndexOf(".");
  if (dot < 0) return undefined;
  const [model, inner] = [name.slice(0, dot), name.slice(dot + 1)];
  const within = file.get(model) ?? innerWeights(file, model);
  const mine = within?.filter((w) => w.name.split("/").at(-2) === inner);
  return mine && mine.length > 0 ? mine : undefined;
}

/**
 * The weights of the model analysed in `analysis`, taken from `file`. Keras lists a layer's weights in one order
 * in every version, so they are taken by position; a file that names a weight another of the layer's names
 * (a `bias` where the `kernel` goes) or gives another shape is refused, as is a weighted layer the file lacks.
 */
export function fitFileWeights(analysis: Analysis, file: FileWeights): Result<ImportedWeights> {
  const specs: WeightSpec[] = [];
  const sources: Record<string, string> = {};
  const parts: Float32Array[] = [];
  let size = 0;
  const weighted = analysis.layers.filter((l) => (l.weights ?? []).length > 0);
  const held = [...file].filter(([, ws]) => ws.length > 0);
  // TF.js names an inner layer's weights by the layer alone (`conv_pw_1/kernel` for `model1.conv_pw_1`).
  const own = (name: string) =>
    file.get(name) ?? innerWeights(file, name) ?? (name.includes(".") ? file.get(name.slice(name.lastIndexOf(".") + 1)) : undefined);
  const byName = weighted.length === 0 || weighted.some((l) => own(l.name));
  if (!byName && held.length > 0 && held.length !== weighted.length) {
    const list = (names: string[]) => `${names.slice(0, 4).join(", ")}${names.length > 4 ? ", …" : ""}`;
    return {
      ok: false,
      problem: msg("import.weightsOtherModel", {
        count: held.length,
        theirs: list(held.map(([n]) => n)),
        layers: weighted.length,
        ours: list(weighted.map((l) => l.name)),
      }),
    };
  }
  for (const [k, layer] of weighted.entries()) {
    const needed = layer.weights ?? [];
    const found = byName ? own(layer.name) : held[k]?.[1];
    if (!found || found.length === 0) return { ok: false, problem: msg("import.weightsMissing", { layer: layer.name }) };
    if (found.length !== needed.length)
      return {
        ok: false,
        problem: msg("import.weightsCount", { layer: layer.name, count: found.length, needs: needed.map((w) => w.name).join(", ") }),
      };
    const names = new Set(needed.map((w) => w.name));
    for (const [i, w] of needed.entries()) {
      const f = found[i];
      const named = baseName(f.name);
      if (names.has(named) && named !== w.name)
        return { ok: false, problem: msg("import.weightOrder", { layer: layer.name, weight: w.name, found: f.name }) };
      if (!sameShape(f.shape, w.shape) || f.values.length !== w.shape.reduce((a, d) => a * d, 1))
        return {
          ok: false,
          problem: msg("import.weightShape", { layer: layer.name, weight: w.name, shape: f.shape.join(", "), needs: w.shape.join(", ") }),
        };
      specs.push({ name: `${layer.name}/${w.name}`, shape: w.shape, dtype: "float32" });
      sources[`${layer.name}/${w.name}`] = f.source ?? f.name;
      parts.push(f.values);
      size += f.values.length;
    }
  }
  // Every weight the file holds belongs to a layer (or, for a model used as a layer, to one of its layers).
  if (!byName) return { ok: true, value: { specs, values: concat(parts, size), matchedBy: "position", sources } };
  const known = new Set(
    analysis.layers.flatMap((l) => [
      ...l.name.split(".").map((_, i, parts) => parts.slice(0, i + 1).join(".")),
      l.name.slice(l.name.lastIndexOf(".") + 1),
    ]),
  );
  const stray = [...file].find(([name, ws]) => ws.length > 0 && !known.has(name));
  if (stray) return { ok: false, problem: msg("import.weightsStray", { layer: stray[0] }) };
  return { ok: true, value: { specs, values: concat(parts, size), matchedBy: "name", sources } };
}

/** The parts end to end. */
function concat(parts: readonly Float32Array[], size: number): Float32Array {
  const values = new Float32Array(size);
  let at = 0;
  for (const p of parts) {
    values.set(p, at);
    at += p.length;
  }
  return values;
}

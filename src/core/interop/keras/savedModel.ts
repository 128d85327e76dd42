/**
 * What Keras' saved files (`.h5`, `.keras`) share: the model's Keras configuration in the file's layer order,
 * and each layer's weights, in Keras' order, from a trained run.
 */
import { analyze, type Analysis } from "../../analysis/analyze";
import { layerRegistry } from "../../layers/registry";
import type { Result } from "../../result";
import { msg } from "../../messages/format";
import type { TrainedWeights } from "../common/layers";
import { runWeightMap } from "../common/runWeights";
import { kerasTopology } from "../tfjs/export";

/** A Keras 2 layer entry of a functional configuration, as `model.to_json()` writes it. */
export interface KerasLayerEntry {
  readonly name: string;
  readonly class_name: string;
  readonly config: Record<string, unknown>;
  readonly inbound_nodes: unknown[];
}

/** One weight as a saved file holds it: its Keras name (`kernel`), shape and values. */
export interface SavedWeight {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
  /** An integer in Keras (Normalization's `count` is int64). */
  readonly int64?: boolean;
}

/** A model ready to save: its Keras 2 configuration, and every layer (in the configuration's order) with its weights. */
export interface SavedModel {
  readonly analysis: Analysis;
  /** `{class_name: "Functional", config: {name, layers, input_layers, output_layers}}`. */
  readonly config: {
    readonly name: string;
    readonly layers: readonly KerasLayerEntry[];
    readonly inputs: string[];
    readonly outputs: string[];
  };
  readonly weights: ReadonlyMap<string, readonly SavedWeight[]>;
}

/** Initializer classes whose Keras name differs from tfjs-layers' (`LeCunNormal` in TF.js, `LecunNormal` in Keras). */
const kerasInitializers: Readonly<Record<string, string>> = { LeCunNormal: "LecunNormal", LeCunUniform: "LecunUniform" };

/** A layer config in Keras' own names (activations and initializers), or the activation Keras cannot name. */
function kerasNames(config: Record<string, unknown>): { config: Record<string, unknown> } | { activation: string } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (key === "activation" && value === "gelu_new") return { activation: "gelu_new" };
    if (key === "activation" && value === "hardSigmoid") out[key] = "hard_sigmoid";
    else if (value && typeof value === "object" && !Array.isArray(value) && "class_name" in value) {
      const named = value as { class_name: string; config?: unknown };
      out[key] = { ...named, class_name: kerasInitializers[named.class_name] ?? named.class_name };
    } else out[key] = value;
  }
  return { config: out };
}

/**
 * A model text and a run's weights, ready for a Keras file: refused for a model with errors, a layer name a
 * Keras file cannot hold, an activation Keras cannot name, or a run whose weights are not the model's.
 */
export function savedModel(text: string, run: TrainedWeights | undefined, format: string): Result<SavedModel> {
  const analysis = analyze(text);
  const topology = kerasTopology(text, analysis);
  if (!topology.ok) return topology;
  if (!run) return { ok: false, problem: msg("export.needsRun", { format }) };
  const byName = runWeightMap(run);
  if (!byName.ok) return byName;
  const top = topology.value.config as { name: string; layers: KerasLayerEntry[] };
  const info = new Map(analysis.layers.map((l) => [l.name, l]));
  const layers: KerasLayerEntry[] = [];
  const weights = new Map<string, SavedWeight[]>();
  for (const entry of top.layers) {
    // Keras names a file's groups and weights after the layers: "/" would nest them.
    if (entry.name.includes("/"))
      return { ok: false, problem: msg("export.tfjsName", { name: entry.name, problem: msg("export.holdsSlash") }) };
    const named = kerasNames(entry.config);
    if ("activation" in named)
      return { ok: false, problem: msg("export.kerasActivation", { layer: entry.name, activation: named.activation }) };
    // Keras' InputLayer takes no `trainable` (tfjs-layers' does).
    if (entry.class_name === "InputLayer") delete named.config.trainable;
    layers.push({ ...entry, config: named.config });
    const layer = info.get(entry.name)!;
    const own: SavedWeight[] = [];
    for (const w of layer.weights ?? []) {
      const key = `${entry.name}/${w.name}`;
      const given = byName.value.get(key);
      if (!given) return { ok: false, problem: msg("export.runMissingWeight", { weight: key }) };
      if (given.shape.join() !== w.shape.join())
        return {
          ok: false,
          problem: msg("export.runWeightShape", { weight: key, shape: given.shape.join(", "), needs: w.shape.join(", ") }),
        };
      own.push({ name: w.name, shape: w.shape, values: given.values, int64: entry.class_name === "Normalization" && w.name === "count" });
    }
    weights.set(entry.name, own);
  }
  const inputs = analysis.layers.filter((l) => l.type === "Input").map((l) => l.name);
  return { ok: true, value: { analysis, config: { name: top.name, layers, inputs, outputs: [...analysis.outputs] }, weights } };
}

/** Whether a layer type merges a list of tensors (Keras calls it with a list, even of one). */
export function takesList(className: string): boolean {
  return (layerRegistry as Record<string, { category?: string }>)[className]?.category === "Merge";
}

/** Keras' `to_snake_case` of a class name (`Conv2DTranspose` → `conv2d_transpose`), which `.keras` files key weights by. */
export function kerasSnakeCase(className: string): string {
  return className
    .replace(/\W+/g, "")
    .replace(/(.)([A-Z][a-z]+)/g, "$1_$2")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/**
 * Export to Keras 3's `.keras` archive (`keras.saving.load_model`): `config.json` in Keras 3's serialization
 * (modules, `__keras_tensor__` inbound nodes, build configs), `metadata.json`, and `model.weights.h5`, whose
 * groups Keras names after each layer's class in the model's layer order (`layers/conv2d_1/vars/0`), not after
 * the layer.
 */
import type { Result } from "../../result";
import type { ExportOptions } from "../common/layers";
import { h5Group, h5Path, type Hdf5Group } from "../common/hdf5";
import { kerasSnakeCase, savedModel, takesList, type KerasLayerEntry } from "./savedModel";

/** The Keras 3 version whose serialization this writes (its layer configs load in every later Keras 3). */
export const kerasArchiveVersion = "3.3.3";

/** A `.keras` archive's parts: its two JSON files' objects and its weights file as a tree for the HDF5 writer. */
export interface KerasArchive {
  readonly config: Record<string, unknown>;
  /** `keras_version` (the writer adds `date_saved`). */
  readonly metadata: Record<string, unknown>;
  readonly weights: Hdf5Group;
}

type Shape = readonly (number | null)[];

/** A Keras 2 initializer object in Keras 3's form; other values as they are. */
function keras3Value(value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value) && "class_name" in value)
    return { module: "keras.initializers", ...(value as object), registered_name: null };
  return value;
}

/** A layer entry of a Keras 2 functional config in Keras 3's form. */
function keras3Layer(entry: KerasLayerEntry, shapeOf: ReadonlyMap<string, Shape>): Record<string, unknown> {
  const c = entry.config;
  if (entry.class_name === "InputLayer")
    return {
      module: "keras.layers",
      class_name: "InputLayer",
      config: { batch_shape: c.batch_input_shape, dtype: "float32", sparse: false, name: entry.name },
      registered_name: null,
      name: entry.name,
      inbound_nodes: [],
    };
  const sources = (entry.inbound_nodes[0] as [string, number, number, object][] | undefined) ?? [];
  const tensors = sources.map(([name]) => ({
    class_name: "__keras_tensor__",
    config: { shape: shapeOf.get(name), dtype: "float32", keras_history: [name, 0, 0] },
  }));
  const list = takesList(entry.class_name);
  const inputShapes = sources.map(([name]) => shapeOf.get(name));
  return {
    module: "keras.layers",
    class_name: entry.class_name,
    config: Object.fromEntries(Object.entries(c).map(([k, v]) => [k, keras3Value(v)])),
    registered_name: null,
    build_config: { input_shape: list ? inputShapes : inputShapes[0] },
    name: entry.name,
    inbound_nodes: [{ args: list ? [tensors] : tensors, kwargs: {} }],
  };
}

/** The `.keras` archive of a model text with a run's weights. */
export function kerasArchive(text: string, options: ExportOptions = {}): Result<KerasArchive> {
  const saved = savedModel(text, options.run, ".keras");
  if (!saved.ok) return saved;
  const { analysis, config, weights } = saved.value;
  const shapeOf = new Map(analysis.layers.map((l) => [l.name, l.outputShape as Shape]));
  const ends = (names: string[]) => (names.length === 1 ? [names[0], 0, 0] : names.map((n) => [n, 0, 0]));
  const model = {
    module: "keras.src.models.functional",
    class_name: "Functional",
    config: {
      name: config.name,
      trainable: true,
      layers: config.layers.map((l) => keras3Layer(l, shapeOf)),
      input_layers: ends(config.inputs),
      output_layers: ends(config.outputs),
    },
    registered_name: "Functional",
    build_config: { input_shape: null },
  };
  // Keras keys each layer's group by its class in snake case, numbered in the model's layer order.
  const root = h5Group();
  const used = new Map<string, number>();
  for (const layer of config.layers) {
    const base = kerasSnakeCase(layer.class_name);
    const count = used.get(base);
    used.set(base, (count ?? -1) + 1);
    const vars = h5Path(root, `layers/${count === undefined ? base : `${base}_${count + 1}`}/vars`);
    (weights.get(layer.name) ?? []).forEach((w, i) => vars.members.set(String(i), { shape: w.shape, values: w.values, int64: w.int64 }));
  }
  h5Path(root, "vars");
  return { ok: true, value: { config: model, metadata: { keras_version: kerasArchiveVersion }, weights: root } };
}

/**
 * The layer graph of a Keras topology as the import walks it: Sequential chains and functional graphs (Keras 2's
 * nested node lists, Keras 3's keras tensors), and models used as layers — a transfer-learning base, a
 * Teachable Machine export — flattened into one graph whose inner layers are named `model.layer` and carry
 * `group: "model"`, so the engine sees plain layers and the model file still says where each came from.
 */
import { isLayerType, type LayerType } from "../../layers/registry";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Keras' model classes: Sequential, and the functional Model (Keras 3 "Functional", Keras 2 "Model" or "Functional"). */
export const modelClasses: readonly string[] = ["Sequential", "Functional", "Model"];

/** What the walk asks of the importer: each layer read, and what cannot be imported. */
export interface GraphSink {
  /** Our layer object for a Keras layer of a known type (without `inputs`). */
  readLayer(type: LayerType, name: string, config: Json): Json;
  unsupported(layer: string): void;
  problem(description: string): void;
  /** A layer left out that changes nothing at inference (data augmentation), said to the user. */
  leftOut(description: string): void;
}

/** Keras' data augmentation layers: the identity at inference, random only in training. */
const augmentation = new Set([
  "RandomFlip",
  "RandomRotation",
  "RandomZoom",
  "RandomTranslation",
  "RandomContrast",
  "RandomBrightness",
  "RandomCrop",
  "RandomHeight",
  "RandomWidth",
  "GaussianNoise",
  "GaussianDropout",
]);

/** A model config's list of layers (Keras 2.1's Sequential config is the list itself). */
export function layerList(config: unknown): unknown[] | undefined {
  return Array.isArray(config) ? config : isObject(config) && Array.isArray(config.layers) ? config.layers : undefined;
}

/** A tensor a functional layer reads: the layer that makes it, and which of that layer's outputs it is. */
export interface TensorRef {
  readonly name: string;
  readonly index: number;
}

/** The tensors a functional layer reads (Keras 2's nested lists, Keras 3's keras tensors). */
export function inboundRefs(nodes: unknown): TensorRef[] {
  if (!Array.isArray(nodes) || nodes.length === 0) return [];
  const node = nodes[0];
  const refs: TensorRef[] = [];
  const index = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : 0);
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      if (typeof v[0] === "string" && typeof v[1] === "number") refs.push({ name: v[0], index: index(v[2]) });
      else v.forEach(visit);
    } else if (isObject(v)) {
      const history = isObject(v.config) ? v.config.keras_history : undefined;
      if (v.class_name === "__keras_tensor__" && Array.isArray(history)) refs.push({ name: String(history[0]), index: index(history[2]) });
      else if (Array.isArray(v.args)) visit(v.args);
    }
  };
  visit(isObject(node) ? node.args : node);
  return refs;
}

/** The names of the layers a functional layer reads. */
export function inboundNames(nodes: unknown): string[] {
  return inboundRefs(nodes).map((r) => r.name);
}

/** The tensors named by a functional config's `input_layers` or `output_layers` (a list, or tf.keras 2.3's named dict). */
export function endpointRefs(config: unknown, key: "input_layers" | "output_layers"): TensorRef[] {
  const listed = isObject(config) ? (isObject(config[key]) ? Object.values(config[key]) : config[key]) : undefined;
  return Array.isArray(listed) ? inboundRefs([listed]) : [];
}

/** The layers named by a functional config's `input_layers` or `output_layers`. */
export function endpointNames(config: unknown, key: "input_layers" | "output_layers"): string[] {
  return endpointRefs(config, key).map((r) => r.name);
}

/**
 * Walks `model` (a `{class_name, config}`), appending our layers to `out` with explicit `inputs`; returns its
 * outputs' names. `sources` are the tensors a model used as a layer is called on (its inputs become them),
 * `prefix` names its layers, `frozen` holds when it or a model around it is not trainable.
 */
export function walkModel(model: Json, out: Json[], sink: GraphSink, prefix = "", sources?: readonly string[], frozen = false): string[] {
  const list = layerList(model.config) ?? [];
  const sequential = model.class_name === "Sequential";
  const group = prefix.slice(0, -1);
  // Each local name's tensors in our graph: a layer's one output, or a model used as a layer's outputs.
  const alias = new Map<string, string[]>();
  const resolve = ({ name: n, index }: TensorRef) => {
    const tensors = alias.get(n);
    if (!tensors) return `${prefix}${n}`;
    // An index past a model's outputs names no layer: the engine says so when it checks the result.
    return tensors.length === 1 ? tensors[0] : (tensors[index] ?? `${prefix}${n}`);
  };
  const inputOrder = endpointNames(model.config, "input_layers");
  let previous = sequential ? sources?.[0] : undefined;
  let inputsSeen = 0;
  for (const [i, entry] of list.entries()) {
    const c = isObject(entry) && isObject(entry.config) ? entry.config : {};
    const className = isObject(entry) ? String(entry.class_name) : "?";
    const given = c.name ?? (isObject(entry) ? entry.name : undefined);
    const local = typeof given === "string" ? given : `layer_${i}`;
    const name = `${prefix}${local}`;
    const calls = isObject(entry) && Array.isArray(entry.inbound_nodes) ? entry.inbound_nodes.length : 0;
    if (calls > 1) {
      // A layer or model called more than once shares its weights between calls: a model file has one call per layer.
      sink.problem(`${name} (${className}): called ${calls} times, sharing its weights; a model file has one call per layer`);
      continue;
    }
    const reads = () =>
      sequential ? (previous === undefined ? [] : [previous]) : inboundRefs(isObject(entry) ? entry.inbound_nodes : undefined).map(resolve);
    if (modelClasses.includes(className) && layerList(entry && (entry as Json).config)) {
      // A model first in a Sequential reads nothing yet: its own input (or first layer's input shape) is the model's.
      const called = reads();
      const outputs = walkModel(
        entry as Json,
        out,
        sink,
        `${name}.`,
        called.length > 0 ? called : undefined,
        frozen || c.trainable === false,
      );
      // In a Sequential, the next layer reads one tensor; a functional model may read each of several outputs.
      if (outputs.length === 0 || (sequential && outputs.length !== 1)) {
        sink.problem(`${name} (${className}): a model used as a layer with ${outputs.length} outputs`);
        continue;
      }
      alias.set(local, outputs);
      previous = outputs[0];
      continue;
    }
    const type = className === "InputLayer" ? "Input" : className;
    if (augmentation.has(className) && className !== "RandomCrop" && reads().length === 1) {
      // The identity at inference: the layer is left out (and said), its input passes on.
      sink.leftOut(`${name}: ${className} (data augmentation, random only in training; CNN Designer's training does not augment)`);
      alias.set(local, [reads()[0]]);
      previous = reads()[0];
      continue;
    }
    if (!isLayerType(type)) {
      sink.unsupported(`${name} (${className})`);
      continue;
    }
    if (sources && type === "Input") {
      // A model used as a layer reads the tensors it is called on where its own inputs were.
      const k = inputOrder.indexOf(local);
      const source = sources[k >= 0 ? k : inputsSeen++];
      if (source !== undefined) alias.set(local, [source]);
      previous = source;
      continue;
    }
    // Keras 2's Sequential puts the input shape on its first layer.
    const shape = c.batch_input_shape ?? c.batch_shape;
    if (!sources && sequential && i === 0 && type !== "Input" && Array.isArray(shape)) {
      out.push({ type: "Input", name: `${name}_input`, shape: shape.slice(1) });
      previous = `${name}_input`;
    }
    const { type: t, name: n, ...rest } = sink.readLayer(type, name, c);
    const layer: Json = { type: t, name: n, ...(group ? { group } : {}), ...rest, ...(frozen ? { trainable: false } : {}) };
    if (type !== "Input") layer.inputs = reads();
    alias.set(local, [name]);
    previous = name;
    out.push(layer);
  }
  if (sequential) return previous === undefined ? [] : [previous];
  return endpointRefs(model.config, "output_layers").map(resolve);
}

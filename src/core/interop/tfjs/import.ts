/**
 * Import of Keras `model.to_json()` configurations (Keras 2 and Keras 3 layouts, Sequential and functional)
 * and TF.js `model.json` topologies into a `*.cnn.json` model text. All or nothing: a model with a layer or a
 * setting we cannot represent yields one message that lists them, and no text.
 */
import { analyze } from "../../analysis/analyze";
import { inlineJson } from "../../edits/edits";
import { activationNames, initializerNames } from "../../layers/common";
import type { ParamSpec } from "../../document/params";
import { defaultOf, readParam } from "../../document/readParam";
import { parseJsonText } from "../../document/document";
import { own } from "../../document/own";
import { layerRegistry, type LayerType } from "../../layers/registry";
import { layerList, modelClasses, walkModel } from "./importGraph";
import type { Result } from "../../result";
import { activationName, initializerName, toCamel } from "./names";
import { msg, joined, type Message } from "../../messages/format";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Keras config keys that say nothing our format needs (or only their defaults, checked below). Keras 2 and
 * tfjs-layers repeat the input's `batch_input_shape` on the first layer after it: the Input holds it.
 */
const ignored = new Set([
  "name",
  "trainable",
  "dtype",
  "batch_size",
  "sparse",
  "ragged",
  "autocast",
  "input_dtype",
  "build_config",
  "batch_input_shape",
  "batch_shape",
]);
/** Keras settings we have no parameter for that change the architecture, and their only importable value. */
const harmless: Record<string, unknown> = {
  data_format: "channels_last",
  groups: 1,
  noise_shape: null,
  lora_rank: null,
  synchronized: false,
  rms_scaling: false,
  pad_to_aspect_ratio: false,
  fill_mode: "constant",
  fill_value: 0,
  antialias: false,
};
/** Training-time settings the model file does not hold: imported without them, and said so. */
const dropped = /_(regularizer|constraint)$|^noise_shape$/;
/** Keras 3 and Keras 2 spell some parameters differently from our (tfjs-layers') names. */
const aliases: Partial<Record<LayerType, Record<string, string>>> = { LeakyReLU: { negative_slope: "alpha" } };
/** Keras' default initializer of each weight: one we have no parameter for is left out silently only at it. */
const initialValues: Record<string, string> = {
  kernel_initializer: "glorotUniform",
  depthwise_initializer: "glorotUniform",
  pointwise_initializer: "glorotUniform",
  bias_initializer: "zeros",
  gamma_initializer: "ones",
  beta_initializer: "zeros",
  moving_mean_initializer: "zeros",
  moving_variance_initializer: "ones",
};
/** Keras' defaults of its initializers' settings: a setting at another value is said to be left out. */
const initializerDefaults: Record<string, unknown> = { mean: 0, stddev: 0.05, minval: -0.05, maxval: 0.05, gain: 1, seed: null };

/** The settings of a Keras initializer that ours leave out (`stddev 0.02`), if any: ours are names only. */
function initializerLoss(value: unknown): string | undefined {
  const config = isObject(value) && isObject(value.config) ? value.config : {};
  if (isObject(value) && value.class_name === "VarianceScaling") return undefined;
  const lost = Object.entries(config).filter(
    ([k, v]) => !Object.hasOwn(initializerDefaults, k) || JSON.stringify(v) !== JSON.stringify(initializerDefaults[k]),
  );
  return lost.length > 0 ? lost.map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(", ") : undefined;
}

/** The topology inside whatever was given: a `model.json`, a `to_json()` string's object, or older wrappers. */
function topologyOf(json: Json): Json | undefined {
  const inner = isObject(json.modelTopology) ? json.modelTopology : json;
  const model = isObject(inner.model_config) ? inner.model_config : inner;
  return typeof model.class_name === "string" ? model : undefined;
}

/** A Keras value → ours for parameter `key` (tuples of equal values become one number). */
function ourValue(key: string, spec: ParamSpec, value: unknown): unknown {
  if (spec.kind === "enum" && spec.values === initializerNames) return initializerName(value, initializerNames) ?? value;
  if (key === "activation") return activationName(value, activationNames) ?? value;
  // A tuple of the layer's rank with equal values is one number; a tuple of another length stays, and is refused.
  if (spec.kind === "ints" && Array.isArray(value) && value.length === spec.rank && value.every((v) => v === value[0])) return value[0];
  if (spec.kind === "pairs" && Array.isArray(value)) {
    const flat = value.flat();
    if (flat.every((v) => v === flat[0])) return flat[0];
    if (value.every((p) => Array.isArray(p) && p[0] === p[1])) return value.map((p: number[]) => p[0]);
  }
  if ((spec.kind === "axis" || spec.kind === "axes") && Array.isArray(value) && value.length === 1) return value[0];
  return value;
}

/** Reads one Keras layer; settings we cannot represent go to `problems`, those left out to `notes`. */
function readLayer(type: LayerType, name: string, config: Json, problems: string[], invalid: Message[], notes: string[]): Json {
  const params = layerRegistry[type].params as Record<string, ParamSpec>;
  const layer: Json = { type, name };
  if (config.trainable === false) layer.trainable = false;
  if (type === "Input") {
    const shape = config.batch_input_shape ?? config.batch_shape;
    layer.shape = Array.isArray(shape) ? shape.slice(1) : config.shape;
    return layer;
  }
  for (const [kerasKey, value] of Object.entries(config)) {
    if (ignored.has(kerasKey)) continue;
    const key = own(own(aliases, type) ?? {}, kerasKey) ?? toCamel(kerasKey);
    const spec = own(params, key);
    if (kerasKey.endsWith("_initializer")) {
      // An initializer sets only the weights training starts from (imported weights replace them): never blocking.
      const ours = initializerName(value, initializerNames);
      const lost = initializerLoss(value);
      if (spec && ours) {
        if (ours !== defaultOf(spec)) layer[key] = ours;
        if (lost) notes.push(`${name}: ${kerasKey} ${lost}`);
      } else if (!(ours !== undefined && ours === own(initialValues, kerasKey) && !lost))
        notes.push(`${name}: ${kerasKey} ${JSON.stringify(value)}`);
      continue;
    }
    if (!spec) {
      if (Object.hasOwn(harmless, kerasKey) && JSON.stringify(value) === JSON.stringify(harmless[kerasKey])) continue;
      if (value === null) continue;
      if (dropped.test(kerasKey)) {
        notes.push(`${name}: ${kerasKey} ${JSON.stringify(value)}`);
        continue;
      }
      problems.push(`${name} (${type}): ${kerasKey} ${JSON.stringify(value)}`);
      continue;
    }
    if (value === null && defaultOf(spec) === null) continue;
    const ours = ourValue(key, spec, value);
    const read = readParam(key, spec, ours, kerasKey);
    if (!read.ok) invalid.push(msg("import.invalidSetting", { layer: name, type, problem: read.message }));
    else if (JSON.stringify(read.value) !== JSON.stringify(defaultOf(spec))) layer[key] = ours;
  }
  return layer;
}

/** An imported model: its text, and the training-time settings it was imported without. */
export interface Imported {
  readonly text: string;
  /**
   * `layer: setting value` for each setting left out that changes neither the architecture nor what the model
   * computes: regularizers, constraints, noise shapes, and initializers (or their settings) the model file cannot hold.
   */
  readonly dropped: readonly string[];
}

/** The `*.cnn.json` text of a Keras or TF.js model JSON, or one message naming what cannot be imported. */
export function importKeras(given: unknown): Result<Imported> {
  // `json.dump(model.to_json())` writes the topology as a JSON string inside JSON: unwrapped once.
  const unwrapped = typeof given === "string" ? parseJsonText(given) : undefined;
  const json = unwrapped?.ok ? unwrapped.value : given;
  if (isObject(json) && (json.format === "graph-model" || (isObject(json.modelTopology) && Array.isArray(json.modelTopology.node))))
    return { ok: false, problem: msg("import.graphModel") };
  const topology = isObject(json) ? topologyOf(json) : undefined;
  if (!topology)
    return {
      ok: false,
      problem: msg("import.notKeras"),
    };
  const config = topology.config;
  const list = layerList(config);
  if (!list) return { ok: false, problem: msg("import.noLayerList", { className: String(topology.class_name) }) };
  if (!modelClasses.includes(String(topology.class_name)))
    return {
      ok: false,
      problem: msg("import.notModelClass", { className: String(JSON.stringify(topology.class_name)) }),
    };
  if (list.length === 0) return { ok: false, problem: msg("import.noLayers", { className: String(topology.class_name) }) };
  const unsupported: string[] = [];
  const problems: string[] = [];
  const invalid: Message[] = [];
  const notes: string[] = [];
  for (const [i, entry] of list.entries()) {
    const given = isObject(entry) ? ((isObject(entry.config) ? entry.config.name : undefined) ?? entry.name) : undefined;
    if (given !== undefined && typeof given !== "string")
      invalid.push(
        msg("import.nameNotString", {
          index: i,
          className: String(isObject(entry) ? entry.class_name : "?"),
          name: String(JSON.stringify(given)),
        }),
      );
  }
  const layers: Json[] = [];
  const outputs = walkModel(topology, layers, {
    readLayer: (type, name, c) => readLayer(type, name, c, problems, invalid, notes),
    unsupported: (layer) => unsupported.push(layer),
    problem: (description) => problems.push(description),
    leftOut: (description) => notes.push(description),
  });
  // Each layer reads the one before it unless it says otherwise.
  let previous: string | undefined;
  for (const layer of layers) {
    const inputs = layer.inputs as string[] | undefined;
    if (inputs && inputs.length === 1 && inputs[0] === previous) delete layer.inputs;
    previous = layer.name as string;
  }
  // Theano-era models: Keras 1's class names and the channels-first layout get a message of their own, with the way on.
  const keras1 = unsupported.filter((u) =>
    /\((Convolution[123]D|AtrousConvolution[12]D|Deconvolution2D|SeparableConvolution2D|Merge)\)$/.test(u),
  );
  // Keras 1 with Theano's ordering stays channels first once saved again in Keras 2: the message says both steps.
  const th = JSON.stringify(topology).includes('"dim_ordering":"th"');
  if (keras1.length > 0)
    return { ok: false, problem: msg(th ? "import.keras1Th" : "import.keras1", { layers: joined(keras1, "join.comma") }) };
  const channelsFirst = problems.filter((p) => p.endsWith(': data_format "channels_first"'));
  if (channelsFirst.length > 0)
    return {
      ok: false,
      problem: msg("import.channelsFirst", {
        layers: joined(
          channelsFirst.map((p) => p.slice(0, p.lastIndexOf(":"))),
          "join.comma",
        ),
      }),
    };
  // Everything that blocks the import, in one message: the user fixes it all at once.
  const reasons = [
    ...(unsupported.length > 0
      ? [msg("import.unsupported", { count: unsupported.length, layers: joined(unsupported, "join.comma") })]
      : []),
    ...(invalid.length > 0 ? [msg("import.invalid", { settings: joined(invalid, "join.semicolon") })] : []),
    ...(problems.length > 0 ? [msg("import.unrepresentable", { settings: joined(problems, "join.semicolon") })] : []),
  ];
  if (reasons.length > 0) return { ok: false, problem: msg("import.refused", { reasons: joined(reasons, "join.semicolon") }) };
  const name = isObject(config) && typeof config.name === "string" ? config.name : "imported";
  const lines = [
    "{",
    `  "version": 1,`,
    `  "name": ${JSON.stringify(name)},`,
    ...(outputs.length > 0 && !(outputs.length === 1 && outputs[0] === previous) ? [`  "outputs": ${inlineJson(outputs)},`] : []),
    `  "layers": [`,
    layers.map((l) => `    ${inlineJson(l)}`).join(",\n"),
    "  ]",
    "}",
  ];
  const text = `${lines.join("\n")}\n`;
  const errors = analyze(text).diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) return { ok: false, problem: msg("import.doesNotCheck", { errors: joined(errors, "join.semicolon") }) };
  return { ok: true, value: { text, dropped: notes } };
}

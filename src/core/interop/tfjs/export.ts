/**
 * Export to the Keras JSON that TF.js reads: the `model.json` of `tf.loadLayersModel` (layers format), a
 * functional model whose layer configs are Keras' (snake_case keys, tuples, initializer objects).
 */
import { analyze, type Analysis } from "../../analysis/analyze";
import { tfjsNameProblem } from "../../analysis/model";
import { initializerNames } from "../../layers/common";
import type { ParamSpec } from "../../document/params";
import { layerRegistry, type LayerType } from "../../layers/registry";
import { initializerClass, toSnake } from "./names";
import type { Result } from "../../result";
import { exportableLayers, type ExportOptions } from "../common/layers";
import { msg, type Message } from "../../messages/format";

/** One layer's Keras config entries that our parameters do not give (beyond name, trainable and dtype). */
type Fixed = Readonly<Record<string, unknown>>;
const channelsLast: Fixed = { data_format: "channels_last" };
const none: Fixed = {};

/**
 * What each layer type adds to its Keras config. A `Record` over every type: a new registry entry must say
 * here how it exports.
 */
const kerasFixed: Record<LayerType, Fixed> = {
  Input: { sparse: false },
  Rescaling: none,
  Resizing: none,
  CenterCrop: none,
  Normalization: none,
  Conv1D: { data_format: "channels_last", groups: 1 },
  Conv2D: { data_format: "channels_last", groups: 1 },
  Conv2DTranspose: channelsLast,
  DepthwiseConv2D: channelsLast,
  SeparableConv2D: channelsLast,
  MaxPooling1D: channelsLast,
  MaxPooling2D: channelsLast,
  AveragePooling1D: channelsLast,
  AveragePooling2D: channelsLast,
  GlobalMaxPooling1D: channelsLast,
  GlobalMaxPooling2D: channelsLast,
  GlobalAveragePooling1D: channelsLast,
  GlobalAveragePooling2D: channelsLast,
  Dense: none,
  Flatten: channelsLast,
  Reshape: none,
  Dropout: { noise_shape: null },
  SpatialDropout2D: channelsLast,
  BatchNormalization: none,
  LayerNormalization: none,
  Activation: none,
  ReLU: none,
  LeakyReLU: none,
  ELU: none,
  Softmax: none,
  ZeroPadding2D: channelsLast,
  Cropping2D: channelsLast,
  UpSampling2D: channelsLast,
  Add: none,
  Multiply: none,
  Average: none,
  Maximum: none,
  Minimum: none,
  Concatenate: none,
};

/**
 * A model file's parameter value in Keras' form: initializers as class objects; activation names stay
 * tfjs-layers' own (hardSigmoid, gelu_new), which its loader expects.
 */
function kerasValue(spec: ParamSpec, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (spec.kind === "enum" && spec.values === initializerNames) return { class_name: initializerClass(String(value)), config: {} };
  return value;
}

/** A layer's resolved parameters (`settings`), in Keras' names and forms. */
function kerasParams(type: LayerType, settings: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const specs = layerRegistry[type].params as Record<string, ParamSpec>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (type === "Input" && key === "shape") out.batch_input_shape = [null, ...(value as unknown[])];
    else out[toSnake(key)] = kerasValue(specs[key], value);
  }
  return out;
}

/**
 * The Keras / TF.js layers-format topology of a model text (`modelTopology` of a `model.json`); refused, with
 * the reason, when the model has errors.
 */
export function kerasTopology(text: string, analysis: Analysis = analyze(text)): Result<Record<string, unknown>> {
  const read = exportableLayers(analysis);
  if (!read.ok) return read;
  const written = read.value;
  // The file's order when it already lists inputs first (Keras lists layers in creation order), else the graph's.
  const seen = new Set<string>();
  let fileOrder = true;
  for (const l of analysis.layers) {
    if (!l.inputs.every((n) => seen.has(n))) fileOrder = false;
    seen.add(l.name);
  }
  const order = fileOrder ? analysis.layers.map((l) => l.index) : analysis.order;
  const layers = order.map((index) => {
    const info = analysis.layers[index];
    const type = info.type as LayerType;
    const layer = written[index];
    const config = {
      name: info.name,
      trainable: layer.written.trainable !== false,
      dtype: "float32",
      ...kerasFixed[type],
      ...kerasParams(type, layer.settings),
    };
    return {
      name: info.name,
      class_name: type === "Input" ? "InputLayer" : type,
      config,
      inbound_nodes: info.inputs.length ? [info.inputs.map((n) => [n, 0, 0, {}])] : [],
    };
  });
  const inputs = analysis.layers.filter((l) => l.type === "Input").map((l) => [l.name, 0, 0]);
  return {
    ok: true,
    value: {
      class_name: "Model",
      config: { name: analysis.name ?? "model", layers, input_layers: inputs, output_layers: analysis.outputs.map((n) => [n, 0, 0]) },
      keras_version: "tfjs-layers 4.22.0",
      backend: "tensor_flow.js",
    },
  };
}

/** A TF.js `model.json` (layers format) for a model text; with a trained run's weights, their manifest. */
export function tfjsModelJson(
  text: string,
  options: ExportOptions = {},
  analysis: Analysis = analyze(text),
): Result<Record<string, unknown>> {
  const topology = kerasTopology(text, analysis);
  if (!topology.ok) return topology;
  const named = analysis.layers.find((l) => tfjsNameProblem(l.name));
  const problem = named && tfjsNameProblem(named.name);
  if (named && problem) return { ok: false, problem: msg("export.tfjsName", { name: named.name, problem }) };
  const { run } = options;
  keepdimsAsReshape(topology.value, analysis);
  const weightsManifest = run ? [{ paths: [run.file], weights: run.specs }] : [];
  return {
    ok: true,
    value: { format: "layers-model", generatedBy: "CNN Designer", convertedBy: null, modelTopology: topology.value, weightsManifest },
  };
}

type TopologyLayer = { name: string; class_name: string; config: Record<string, unknown>; inbound_nodes: unknown[][] };

/**
 * tfjs-layers' global pooling has no `keepdims` (it would load giving (batch, channels)): each such pooling is
 * written without it, under a free name, followed by a Reshape to the kept shape under the layer's own name — the
 * same model for tfjs-layers, and every reader of the layer reads the Reshape. Pooling has no weights to rename.
 */
function keepdimsAsReshape(topology: Record<string, unknown>, analysis: Analysis): void {
  const config = topology.config as { layers: TopologyLayer[] };
  const taken = new Set(analysis.layers.map((l) => l.name));
  config.layers = config.layers.flatMap((layer) => {
    const shape = analysis.layers.find((l) => l.name === layer.name)?.outputShape;
    if (layer.config.keepdims !== true || !shape) return [layer];
    let pooled = `${layer.name}_pooled`;
    for (let k = 2; taken.has(pooled); k++) pooled = `${layer.name}_pooled_${k}`;
    taken.add(pooled);
    const rest = { ...layer.config };
    delete rest.keepdims;
    const reshape: TopologyLayer = {
      name: layer.name,
      class_name: "Reshape",
      config: { name: layer.name, trainable: layer.config.trainable, dtype: "float32", target_shape: shape.slice(1) },
      inbound_nodes: [[[pooled, 0, 0, {}]]],
    };
    return [{ ...layer, name: pooled, config: { ...rest, name: pooled } }, reshape];
  });
}

/**
 * Why a model exported for TF.js users would predict otherwise than designed, if it would: tfjs-layers has
 * Resizing and CenterCrop classes that compute otherwise than Keras', no Normalization, and a Conv2DTranspose without
 * outputPadding. (A run's own model.json holds them too: the
 * trainer builds Keras' versions, and reads the file's weights only.)
 */
export function tfjsExportProblem(text: string, analysis: Analysis = analyze(text)): Message | undefined {
  const named = (type: string) => analysis.layers.filter((l) => l.type === type).map((l) => l.name);
  const norms = named("Normalization");
  if (norms.length) return msg("export.tfjsNormalization", { layer: norms.join(", ") });
  const differs = analysis.layers.filter((l) => l.type === "Resizing" || l.type === "CenterCrop");
  if (differs.length) return msg("export.tfjsPreprocessing", { layer: differs.map((l) => l.name).join(", ") });
  // tfjs-layers' Conv2DTranspose has no outputPadding: it would load with another output shape.
  const padded = analysis.layers
    .filter((l) => l.type === "Conv2DTranspose" && l.settings?.outputPadding !== null && l.settings?.outputPadding !== undefined)
    .map((l) => l.name);
  return padded.length ? msg("export.tfjsOutputPadding", { layer: padded.join(", ") }) : undefined;
}

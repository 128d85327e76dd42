import { maxInteger, type ParamSpec, type ParamSpecs } from "../document/params";
import { requiredParams, scheduleSpecs } from "../training/schedules";
import { datasetSpecs } from "../training/datasetSpecs";
import { earlyStoppingSpecs, metricNames, optimizerCommon, optimizerSpecs, trainingSpecs } from "../training/training";
import { activationNames, initializerNames } from "../layers/common";
import { commonLayerKeys, formatVersion } from "./model";
import { layerRegistry, layerTypes } from "../layers/registry";

/** A JSON Schema (draft-07) object. */
export type JsonSchema = Record<string, unknown>;

const nullable = (p: ParamSpec, s: JsonSchema): JsonSchema => ("default" in p && p.default === null ? { anyOf: [s, { type: "null" }] } : s);

/** The schema of one parameter value. */
export function paramSchema(p: ParamSpec): JsonSchema {
  const doc = { description: p.doc, ...("default" in p && p.default !== undefined ? { default: p.default } : {}) };
  const int = (minimum?: number, maximum = maxInteger): JsonSchema => ({
    type: "integer",
    ...(minimum === undefined ? { minimum: -maximum } : { minimum }),
    maximum,
  });
  const tuple = (item: JsonSchema, n: number): JsonSchema => ({ type: "array", items: item, minItems: n, maxItems: n });
  switch (p.kind) {
    case "int":
      return { ...doc, ...nullable(p, int(p.min, p.max)) };
    case "float": {
      const s: JsonSchema = { type: "number" };
      if (p.min !== undefined) s[p.exclusiveMin ? "exclusiveMinimum" : "minimum"] = p.min;
      if (p.max !== undefined) s[p.exclusiveMax ? "exclusiveMaximum" : "maximum"] = p.max;
      return { ...doc, ...nullable(p, s) };
    }
    case "bool":
      return { ...doc, type: "boolean" };
    case "enum":
      if (p.values === activationNames) return { ...doc, allOf: [{ $ref: "#/definitions/activation" }] };
      if (p.values === initializerNames) return { ...doc, allOf: [{ $ref: "#/definitions/initializer" }] };
      return { ...doc, enum: [...p.values] };
    case "ints":
      return { ...doc, ...nullable(p, { anyOf: [int(p.min), tuple(int(p.min), p.rank)] }) };
    case "pairs": {
      const forms = [int(0), tuple(int(0), p.rank)];
      if (p.rank > 1) forms.push(tuple(tuple(int(0), 2), p.rank));
      return { ...doc, anyOf: forms };
    }
    case "shape":
      return { ...doc, type: "array", items: { anyOf: [int(1), { type: "null" }] } };
    case "targetShape":
      return { ...doc, type: "array", items: { ...int(-1), not: { const: 0 } } };
    case "axis":
      return { ...doc, ...int() };
    case "axes":
      return { ...doc, anyOf: [int(), { type: "array", items: int(), minItems: 1 }] };
  }
}

const fieldsSchema = (specs: ParamSpecs) => Object.fromEntries(Object.entries(specs).map(([k, p]) => [k, paramSchema(p)]));

/** The schema of an optimizer's learning-rate `schedule`: a name (of one with no required parameter), or { "type": name, ...parameters }. */
function scheduleSchema(): JsonSchema {
  const specs: [string, ParamSpecs][] = Object.entries(scheduleSpecs);
  const names = specs.map(([type]) => type);
  const perSchedule = specs.map(([type, params]) => ({
    if: { properties: { type: { const: type } }, required: ["type"] },
    then: {
      properties: { type: { const: type }, ...fieldsSchema(params) },
      required: ["type", ...requiredParams(params)],
      additionalProperties: false,
    },
  }));
  return {
    description: "A learning-rate schedule (keras.optimizers.schedules), starting from learningRate.",
    anyOf: [
      { enum: specs.filter(([, params]) => requiredParams(params).length === 0).map(([type]) => type) },
      { type: "object", required: ["type"], properties: { type: { enum: names } }, allOf: perSchedule },
    ],
  };
}

/** The schema of the `training` section, from the same specs that read it. */
function trainingSchema(): JsonSchema {
  const optimizers = Object.keys(optimizerSpecs);
  const schedule = scheduleSchema();
  const perOptimizer = Object.entries(optimizerSpecs).map(([type, specs]) => ({
    if: { properties: { type: { const: type } }, required: ["type"] },
    then: {
      properties: { type: { const: type }, ...fieldsSchema({ ...optimizerCommon, ...specs }), schedule },
      additionalProperties: false,
    },
  }));
  const datasets = Object.entries(datasetSpecs).map(([type, fields]) => ({
    if: { properties: { type: { const: type } }, required: ["type"] },
    then: {
      properties: {
        type: { const: type },
        ...Object.fromEntries(
          Object.entries(fields).map(([k, f]) => [
            k,
            f.kind === "bool" ? { type: "boolean", description: f.doc } : { type: "string", minLength: 1, description: f.doc },
          ]),
        ),
      },
      required: ["type", ...Object.keys(fields).filter((k) => fields[k].kind === "path" && !fields[k].optional)],
      // A test set's images come with its labels.
      dependencies: Object.fromEntries(Object.entries(fields).flatMap(([k, f]) => (f.pairedWith ? [[k, [f.pairedWith]]] : []))),
      additionalProperties: false,
    },
  }));
  return {
    type: "object",
    description: "Compile and fit settings, as Keras' model.compile and model.fit take them.",
    additionalProperties: false,
    properties: {
      optimizer: {
        description: 'The optimizer: a name, or { "type": name, "learningRate": …, … }.',
        anyOf: [
          { enum: optimizers },
          { type: "object", required: ["type"], properties: { type: { enum: optimizers } }, allOf: perOptimizer },
        ],
      },
      ...fieldsSchema(trainingSpecs),
      metrics: { type: "array", items: { enum: [...metricNames] }, description: "Metrics reported during training." },
      earlyStopping: {
        type: "object",
        properties: fieldsSchema(earlyStoppingSpecs),
        additionalProperties: false,
        description: "Stop when the monitored quantity stops improving.",
      },
      dataset: {
        type: "object",
        required: ["type"],
        properties: { type: { enum: Object.keys(datasetSpecs) } },
        allOf: datasets,
        description: "The data to train on; paths are relative to the model file.",
      },
      initialWeights: {
        type: "string",
        minLength: 1,
        description:
          "A run folder (relative to the model file) whose weights training starts from: each layer whose name and weight shapes match takes them (fine-tuning, transfer learning); trainable: false layers stay as they are.",
      },
    },
  };
}

/** The JSON Schema of `*.cnn.json` files, generated from the layer registry. */
export function modelSchema(): JsonSchema {
  const common: Record<(typeof commonLayerKeys)[number], JsonSchema> = {
    type: {
      description: "The layer type (a Keras layer class name).",
      enum: [...layerTypes],
      markdownEnumDescriptions: layerTypes.map((t) => `**${t}** — ${layerRegistry[t].doc}`),
    },
    name: {
      type: "string",
      minLength: 1,
      pattern: "^[^/]+$",
      description: "Unique layer name; absent → automatic, as Keras names layers (conv2d, conv2d_1, …).",
    },
    inputs: {
      type: "array",
      items: { type: "string", minLength: 1 },
      description: "Names of the layers this one reads; absent → the previous layer in the list.",
    },
    trainable: { type: "boolean", default: true, description: "False freezes the layer: its weights count as non-trainable." },
    group: {
      type: "string",
      minLength: 1,
      description:
        "The model this layer belonged to when imported (a model used as a layer, dotted when nested): the designer groups its layers.",
    },
  };
  const refs = Object.fromEntries(commonLayerKeys.map((k) => [k, { $ref: `#/definitions/${k}` }]));
  const branches = layerTypes.map((t) => {
    const spec = layerRegistry[t];
    const params = Object.fromEntries(Object.entries(spec.params).map(([k, p]) => [k, paramSchema(p as ParamSpec)]));
    const required = Object.entries(spec.params)
      .filter(([, p]) => (p as ParamSpec).required)
      .map(([k]) => k);
    return {
      if: { properties: { type: { const: t } }, required: ["type"] },
      then: {
        description: spec.doc,
        properties: { ...refs, type: { const: t }, ...params },
        ...(required.length ? { required } : {}),
        additionalProperties: false,
      },
    };
  });
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "CNN Designer model",
    description: "A convolutional neural network as a list of Keras layers (*.cnn.json).",
    type: "object",
    required: ["version", "layers"],
    definitions: {
      ...common,
      activation: { enum: [...activationNames] },
      initializer: { enum: [...initializerNames] },
    },
    additionalProperties: false,
    properties: {
      $schema: { type: "string" },
      version: { const: formatVersion, description: "Format version of this file." },
      name: { type: "string", description: "Model name, shown in summaries." },
      description: { type: "string", description: "What the model is for." },
      layers: {
        type: "array",
        description: "The layers, in order; each reads the previous one unless it lists 'inputs'.",
        items: { type: "object", required: ["type"], properties: refs, allOf: branches },
      },
      outputs: { type: "array", items: { type: "string" }, description: "Output layer names; absent → every layer no other layer reads." },
      training: trainingSchema(),
    },
  };
}

/**
 * The independent oracle: builds a model file's layers with tfjs-layers (a port of Keras) and reads back
 * output shapes and weight counts. Tests only; where tfjs-layers departs from Keras the mapping says so.
 */
import * as tf from "@tensorflow/tfjs";
import type { LayerType } from "../../src/core";
import { preprocessingClasses } from "../../src/trainer/preprocessing";

/**
 * Keras' Resizing, CenterCrop and Normalization as the trainer builds them — tfjs-core's resize at half-pixel centres and a
 * slice — registered in place of tfjs-layers' classes of those names, which compute otherwise (see the trainer):
 * every model loaded from JSON in the tests uses them, and the exports are compared with them.
 */
const keras = preprocessingClasses(tf);
tf.serialization.registerClass(keras.Resizing as never);
tf.serialization.registerClass(keras.CenterCrop as never);
tf.serialization.registerClass(keras.Normalization as never);

/** A layer's figures as tfjs-layers reports them. */
export interface OracleLayer {
  readonly name: string;
  readonly outputShape: (number | null)[];
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  /** Each weight as `name shape trainable|statistic` (name without the layer's prefix), in tfjs' order. */
  readonly weights: readonly string[];
}

/** A weight as the oracle lists it: `kernel [3,3,1,8] trainable`. */
export const weightLine = (name: string, shape: readonly number[], trainable: boolean) =>
  `${name} ${JSON.stringify(shape)} ${trainable ? "trainable" : "statistic"}`;

type Config = Record<string, unknown>;
type Make = (c: Config) => tf.layers.Layer;

/** Every registry type, mapped to its tfjs-layers constructor; the compiler flags a type left out. */
export const tfjsLayers: Record<Exclude<LayerType, "Input">, Make> = {
  Rescaling: (c) => tf.layers.rescaling(c as never),
  Resizing: (c) => new keras.Resizing(c as never),
  CenterCrop: (c) => new keras.CenterCrop(c as never),
  // tfjs-layers has no Normalization: the trainer's (its weights' shapes and counts are what is compared here).
  Normalization: (c) => new keras.Normalization(c as never),
  Conv1D: (c) => tf.layers.conv1d(c as never),
  Conv2D: (c) => tf.layers.conv2d(c as never),
  Conv2DTranspose: (c) => tf.layers.conv2dTranspose(c as never),
  DepthwiseConv2D: (c) => tf.layers.depthwiseConv2d(c as never),
  SeparableConv2D: (c) => tf.layers.separableConv2d(c as never),
  MaxPooling1D: (c) => tf.layers.maxPooling1d(c as never),
  MaxPooling2D: (c) => tf.layers.maxPooling2d(c as never),
  AveragePooling1D: (c) => tf.layers.averagePooling1d(c as never),
  AveragePooling2D: (c) => tf.layers.averagePooling2d(c as never),
  GlobalMaxPooling1D: (c) => tf.layers.globalMaxPooling1d(c as never),
  GlobalMaxPooling2D: (c) => tf.layers.globalMaxPooling2d(c as never),
  GlobalAveragePooling1D: (c) => tf.layers.globalAveragePooling1d(c as never),
  GlobalAveragePooling2D: (c) => tf.layers.globalAveragePooling2d(c as never),
  Dense: (c) => tf.layers.dense(c as never),
  Flatten: (c) => tf.layers.flatten(c as never),
  Reshape: (c) => tf.layers.reshape(c as never),
  Dropout: (c) => tf.layers.dropout(c as never),
  // tfjs-layers has no SpatialDropout2D; Dropout has the same shape and weight semantics (none).
  SpatialDropout2D: (c) => tf.layers.dropout(c as never),
  BatchNormalization: (c) => tf.layers.batchNormalization(c as never),
  LayerNormalization: (c) => tf.layers.layerNormalization(c as never),
  Activation: (c) => tf.layers.activation(c as never),
  ReLU: (c) => tf.layers.reLU(c as never),
  LeakyReLU: (c) => tf.layers.leakyReLU(c as never),
  ELU: (c) => tf.layers.elu(c as never),
  Softmax: (c) => tf.layers.softmax(c as never),
  ZeroPadding2D: (c) => tf.layers.zeroPadding2d(c as never),
  Cropping2D: (c) => tf.layers.cropping2D(c as never),
  UpSampling2D: (c) => tf.layers.upSampling2d(c as never),
  Add: (c) => tf.layers.add(c as never),
  Multiply: (c) => tf.layers.multiply(c as never),
  Average: (c) => tf.layers.average(c as never),
  Maximum: (c) => tf.layers.maximum(c as never),
  Minimum: (c) => tf.layers.minimum(c as never),
  Concatenate: (c) => tf.layers.concatenate(c as never),
};

let ready: Promise<void> | undefined;
/** Selects the pure-JS backend once (tfjs-node is not installed on these machines). */
export function initTfjs(): Promise<void> {
  ready ??= tf.setBackend("cpu").then(() => undefined);
  return ready;
}

const count = (weights: tf.LayerVariable[]) => weights.reduce((n, w) => n + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);

/** A model-file layer, as plain JSON. */
export interface LayerJson {
  readonly type: string;
  readonly name: string;
  readonly inputs?: readonly string[];
  readonly [param: string]: unknown;
}

/** Converts model-file parameters to tfjs-layers arguments (tfjs reads `targetShape` etc. under the same names). */
function tfjsConfig(layer: LayerJson): Config {
  const config: Config = {};
  for (const [k, v] of Object.entries(layer)) {
    if (k === "type" || k === "inputs" || v === null) continue;
    config[k] = v;
  }
  // tfjs-layers' UpSampling2D reads `size` only as a pair (an int gives NaN sizes); Keras takes either.
  if (layer.type === "UpSampling2D" && typeof config.size === "number") config.size = [config.size, config.size];
  return config;
}

/**
 * Builds the layers (in file order, each reading `inputs` or the previous layer) with tfjs-layers and
 * returns each layer's output shape and weight counts. Throws what tfjs-layers throws.
 */
export function buildWithTfjs(layers: readonly LayerJson[]): OracleLayer[] {
  {
    const tensors = new Map<string, tf.SymbolicTensor>();
    const built: { name: string; layer?: tf.layers.Layer; tensor: tf.SymbolicTensor }[] = [];
    layers.forEach((l, i) => {
      if (l.type === "Input") {
        const tensor = tf.input({ shape: l.shape as number[], name: l.name });
        tensors.set(l.name, tensor);
        built.push({ name: l.name, tensor });
        return;
      }
      const sources = (l.inputs ?? [layers[i - 1].name]).map((n) => tensors.get(n) as tf.SymbolicTensor);
      const layer = tfjsLayers[l.type as Exclude<LayerType, "Input">](tfjsConfig(l));
      const tensor = layer.apply(sources.length === 1 ? sources[0] : sources) as tf.SymbolicTensor;
      tensors.set(l.name, tensor);
      built.push({ name: l.name, layer, tensor });
    });
    const result = built.map(({ name, layer, tensor }) => ({
      name,
      outputShape: tensor.shape.map((d) => (d === null || d === undefined ? null : d)),
      trainableParams: layer ? count(layer.trainableWeights) : 0,
      nonTrainableParams: layer ? count(layer.nonTrainableWeights) : 0,
      weights: (layer?.weights ?? []).map((w) =>
        // tfjs names a weight `<layer>/<weight>`, numbering a repeated name (`kernel_1`).
        weightLine(w.originalName.split("/").pop()!.replace(/_\d+$/, ""), w.shape as number[], layer!.trainableWeights.includes(w)),
      ),
    }));
    for (const { layer } of built) layer?.dispose();
    return result;
  }
}

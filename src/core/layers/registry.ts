import type { LayerSpec } from "./layerSpec";
import type { ParamSpecs } from "../document/params";
import * as act from "./activations";
import * as conv from "./convolutional";
import * as core from "./core";
import * as merge from "./merging";
import * as norm from "./normalization";
import * as pool from "./pooling";
import * as prep from "./preprocessing";
import * as reshape from "./reshaping";

/**
 * The layer registry: one entry per layer type, keyed by its Keras class name. It drives inference, the
 * JSON schema, the palette, property forms and export; places that must handle every type take a
 * `Record<LayerType, …>`, so adding an entry here makes the compiler point at each of them.
 */
export const layerRegistry = {
  Input: core.input,
  Rescaling: prep.rescaling,
  Resizing: prep.resizing,
  CenterCrop: prep.centerCrop,
  Normalization: prep.normalization,
  Conv1D: conv.conv1d,
  Conv2D: conv.conv2d,
  Conv2DTranspose: conv.conv2dTranspose,
  DepthwiseConv2D: conv.depthwiseConv2d,
  SeparableConv2D: conv.separableConv2d,
  MaxPooling1D: pool.maxPooling1d,
  MaxPooling2D: pool.maxPooling2d,
  AveragePooling1D: pool.averagePooling1d,
  AveragePooling2D: pool.averagePooling2d,
  GlobalMaxPooling1D: pool.globalMaxPooling1d,
  GlobalMaxPooling2D: pool.globalMaxPooling2d,
  GlobalAveragePooling1D: pool.globalAveragePooling1d,
  GlobalAveragePooling2D: pool.globalAveragePooling2d,
  Dense: core.dense,
  Flatten: reshape.flatten,
  Reshape: reshape.reshape,
  Dropout: core.dropout,
  SpatialDropout2D: core.spatialDropout2d,
  BatchNormalization: norm.batchNormalization,
  LayerNormalization: norm.layerNormalization,
  Activation: core.activation,
  ReLU: act.relu,
  LeakyReLU: act.leakyRelu,
  ELU: act.elu,
  Softmax: act.softmax,
  ZeroPadding2D: reshape.zeroPadding2d,
  Cropping2D: reshape.cropping2d,
  UpSampling2D: reshape.upSampling2d,
  Add: merge.add,
  Multiply: merge.multiply,
  Average: merge.average,
  Maximum: merge.maximum,
  Minimum: merge.minimum,
  Concatenate: merge.concatenate,
} as const;

/** A layer type name, e.g. `"Conv2D"`. */
export type LayerType = keyof typeof layerRegistry;

/** All layer type names, in registry order. */
export const layerTypes = Object.keys(layerRegistry) as LayerType[];

const byName = new Map<string, LayerSpec<ParamSpecs>>(Object.entries(layerRegistry) as [string, LayerSpec<ParamSpecs>][]);

/** The registry entry of a type name, or `undefined` for an unknown name. */
export function layerSpec(type: string): LayerSpec<ParamSpecs> | undefined {
  return byName.get(type);
}

/** Whether a string names a layer type. */
export function isLayerType(type: string): type is LayerType {
  return byName.has(type);
}

/** Keras' automatic layer name prefix: `Conv2D` → `conv2d`, `GlobalAveragePooling2D` → `global_average_pooling2d`. */
export function layerNamePrefix(type: string): string {
  if (type === "Input") return "input_layer";
  return type
    .replace(/(.)([A-Z][a-z0-9]+)/g, "$1_$2")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

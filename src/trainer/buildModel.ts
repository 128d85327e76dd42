/**
 * Builds a tfjs-layers model from a model file, layer by layer in graph order, with Keras semantics where
 * tfjs-layers departs from them (SpatialDropout2D, keepdims, UpSampling2D's int size, causal Conv1D).
 */
import { layerRegistry, type Analysis, type LayerType } from "../core";
import type { Tf } from "./backends";
import { preprocessingClasses } from "./preprocessing";

type Config = Record<string, unknown>;
type Layer = InstanceType<Tf["layers"]["Layer"]>;
type Symbolic = ReturnType<Tf["input"]>;

/** A model that tfjs cannot build; the message names the layer. */
export class BuildError extends Error {}

/** Every registry type but Input, mapped to its tfjs-layers constructor; the compiler flags a type left out. */
function constructors(tf: Tf): Record<Exclude<LayerType, "Input">, (c: Config) => Layer> {
  const l = tf.layers;
  return {
    Rescaling: (c) => l.rescaling(c as never),
    Resizing: (c) => new (preprocessingClasses(tf).Resizing)(c as never),
    CenterCrop: (c) => new (preprocessingClasses(tf).CenterCrop)(c as never),
    Normalization: (c) => new (preprocessingClasses(tf).Normalization)(c as never),
    Conv1D: (c) => l.conv1d(c as never),
    Conv2D: (c) => l.conv2d(c as never),
    Conv2DTranspose: (c) => l.conv2dTranspose(c as never),
    DepthwiseConv2D: (c) => l.depthwiseConv2d(c as never),
    SeparableConv2D: (c) => l.separableConv2d(c as never),
    MaxPooling1D: (c) => l.maxPooling1d(c as never),
    MaxPooling2D: (c) => l.maxPooling2d(c as never),
    AveragePooling1D: (c) => l.averagePooling1d(c as never),
    AveragePooling2D: (c) => l.averagePooling2d(c as never),
    GlobalMaxPooling1D: (c) => l.globalMaxPooling1d(c as never),
    GlobalMaxPooling2D: (c) => l.globalMaxPooling2d(c as never),
    GlobalAveragePooling1D: (c) => l.globalAveragePooling1d(c as never),
    GlobalAveragePooling2D: (c) => l.globalAveragePooling2d(c as never),
    Dense: (c) => l.dense(c as never),
    Flatten: (c) => l.flatten(c as never),
    Reshape: (c) => l.reshape(c as never),
    Dropout: (c) => l.dropout(c as never),
    SpatialDropout2D: (c) => spatialDropout2d(tf, c),
    BatchNormalization: (c) => l.batchNormalization(c as never),
    LayerNormalization: (c) => l.layerNormalization(c as never),
    Activation: (c) => l.activation(c as never),
    ReLU: (c) => l.reLU(c as never),
    LeakyReLU: (c) => l.leakyReLU(c as never),
    ELU: (c) => l.elu(c as never),
    // tfjs-layers' Softmax defaults to axis 1 where Keras' defaults to -1 (the last).
    Softmax: (c) => l.softmax({ axis: -1, ...c } as never),
    ZeroPadding2D: (c) => l.zeroPadding2d(c as never),
    Cropping2D: (c) => l.cropping2D(c as never),
    UpSampling2D: (c) => l.upSampling2d({ ...c, size: typeof c.size === "number" ? [c.size, c.size] : c.size } as never),
    Add: (c) => l.add(c as never),
    Multiply: (c) => l.multiply(c as never),
    Average: (c) => l.average(c as never),
    Maximum: (c) => l.maximum(c as never),
    Minimum: (c) => l.minimum(c as never),
    Concatenate: (c) => l.concatenate(c as never),
  };
}

/** Keras' SpatialDropout2D (tfjs-layers has none): drops whole feature maps during training. */
function spatialDropout2d(tf: Tf, c: Config): Layer {
  const rate = Number(c.rate);
  class SpatialDropout2D extends tf.layers.Layer {
    static className = "SpatialDropout2D";
    call(inputs: unknown, kwargs: Config) {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as ReturnType<Tf["zeros"]>;
      if (!kwargs.training || rate === 0) return x;
      return tf.dropout(x, rate, [x.shape[0], 1, 1, x.shape[3]] as number[]);
    }
    getConfig() {
      return { ...super.getConfig(), rate };
    }
  }
  return new SpatialDropout2D({ name: c.name as string, trainable: c.trainable as boolean | undefined }) as unknown as Layer;
}

/** Builds the model a model file describes, from its analysis (made without errors). */
export function buildModel(tf: Tf, analysis: Analysis): ReturnType<Tf["model"]> {
  const make = constructors(tf);
  const tensors = new Map<string, Symbolic>();
  const inputs: Symbolic[] = [];
  for (const index of analysis.order) {
    const info = analysis.layers[index];
    // Analysed without errors: every layer is an object.
    const raw = info.written as Config;
    const config: Config = { name: info.name };
    // Only the layer type's own parameters (the engine refused any other key, "__proto__" among them).
    const params = layerRegistry[info.type as LayerType].params;
    for (const [k, v] of Object.entries(raw)) if ((k === "trainable" || Object.hasOwn(params, k)) && v !== null) config[k] = v;
    if (info.type === "Input") {
      const t = tf.input({ shape: raw.shape as number[], name: info.name });
      tensors.set(info.name, t);
      inputs.push(t);
      continue;
    }
    const keepdims = config.keepdims === true;
    delete config.keepdims;
    if (info.type === "Conv1D" && config.padding === "causal")
      throw new BuildError(`${info.name}: tfjs-layers cannot train Conv1D with padding 'causal' (use 'valid' or 'same')`);
    const dilation = config.dilationRate;
    if (
      (Array.isArray(dilation) ? dilation.some((d) => d !== 1) : dilation !== undefined && dilation !== 1) &&
      info.type === "Conv2DTranspose"
    )
      throw new BuildError(`${info.name}: tfjs-layers' Conv2DTranspose has no dilation (dilationRate ${JSON.stringify(dilation)})`);
    let layer: Layer;
    try {
      layer = make[info.type as Exclude<LayerType, "Input">](config);
    } catch (e) {
      throw new BuildError(`${info.name}: tfjs-layers cannot build this ${info.type}: ${(e as Error).message}`);
    }
    // A frozen BatchNormalization normalises with its moving statistics and keeps them, as Keras' does (since TF 2):
    // fine-tuning does not overwrite what the frozen base learned. tfjs-layers would use and update batch statistics.
    if (info.type === "BatchNormalization" && config.trainable === false) {
      const call = layer.call.bind(layer);
      layer.call = (inputs, kwargs) => call(inputs, { ...kwargs, training: false });
    }
    const sources = info.inputs.map((n) => tensors.get(n) as Symbolic);
    let out = layer.apply(sources.length === 1 ? sources[0] : sources) as Symbolic;
    // Keras' keepdims on global pooling: tfjs-layers has no such option; a Reshape restores the kept axes.
    if (keepdims && info.outputShape)
      out = tf.layers.reshape({ targetShape: info.outputShape.slice(1) as number[] }).apply(out) as Symbolic;
    // Where tfjs-layers' shapes depart from Keras', the model would not be the one designed: refuse it.
    const shape = (d: readonly (number | null)[]) => `(${d.map((x) => x ?? "None").join(", ")})`;
    if (info.outputShape && shape(out.shape) !== shape(info.outputShape))
      throw new BuildError(
        `${info.name}: tfjs-layers gives this ${info.type} the output shape ${shape(out.shape)} where Keras gives ${shape(info.outputShape)}`,
      );
    tensors.set(info.name, out);
  }
  const outputs = analysis.outputs.map((name) => tensors.get(name) as Symbolic);
  return tf.model({ inputs, outputs, name: "model" });
}

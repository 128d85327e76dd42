/**
 * The receptive field's oracle, independent of the engine's rules: build the model with tfjs-layers, back-propagate
 * from one output position and measure, per spatial axis, the extent of the input positions whose gradient is not
 * zero. So that no gradient vanishes by chance, every path is made positive: weights drawn positive (scaled by their
 * fan-in), activations of a slope never zero, average instead of max pooling and an average of branches instead of their maximum
 * or minimum — layers with the same windows, so the same fields.
 */
import * as tf from "@tensorflow/tfjs";
import { layerRegistry, type LayerType } from "../../src/core";
import { tfjsLayers, type LayerJson } from "./tfjsOracle";

/**
 * The layers, each one that could zero a gradient by chance swapped for one with the same field (`ranks`: each
 * layer's output rank, with the batch axis, where known).
 */
export function gradientSafe(layers: readonly LayerJson[], ranks: ReadonlyMap<string, number> = new Map()): LayerJson[] {
  const swap: Partial<Record<string, string>> = {
    MaxPooling1D: "AveragePooling1D",
    MaxPooling2D: "AveragePooling2D",
    GlobalMaxPooling1D: "GlobalAveragePooling1D",
    GlobalMaxPooling2D: "GlobalAveragePooling2D",
    Maximum: "Average",
    Minimum: "Average",
  };
  return layers.map((l) => {
    const out: Record<string, unknown> = { ...l, type: swap[l.type] ?? l.type };
    if (["ReLU", "LeakyReLU", "ELU"].includes(l.type)) Object.assign(out, { type: "Activation", activation: "elu" });
    for (const k of ["negativeSlope", "maxValue", "threshold", "alpha"]) if (out.type === "Activation") delete out[k];
    // ELU's slope is never zero; and tfjs' fused convolution (linear activation), whose gradient refuses dilation,
    // is not used with it under a gradient.
    const spec = layerRegistry[out.type as LayerType] as { params: Record<string, unknown> } | undefined;
    // (A linear Activation hands its input on as it is, which tfjs' gradient then disposes twice: ELU there too.)
    if (spec && "activation" in spec.params) out.activation = "elu";
    // A softmax over the channels reads one position, as a linear activation does (tfjs computes none over others).
    const axis = (l.axis as number | undefined) ?? -1;
    // A layer normalisation over the channels alone reads one position, as batch normalisation does (and copies of
    // one channel, joined, normalise to a constant).
    const rank = ranks.get(l.name) ?? 0;
    const axes = ([l.axis ?? -1].flat() as number[]).map((a) => (a < 0 ? a + rank : a));
    if (l.type === "LayerNormalization" && rank > 0 && axes.every((a) => a === rank - 1)) {
      Object.assign(out, { type: "BatchNormalization", axis: -1, scale: true, center: true });
      delete out.epsilon;
    }
    if (l.type === "Softmax" && (axis === -1 || axis === (ranks.get(l.name) ?? 0) - 1)) {
      Object.assign(out, { type: "Activation", activation: "elu" });
      delete out.axis;
    }
    if (l.type === "Rescaling") Object.assign(out, { scale: 0.5, offset: 0 });
    // Dropout at inference hands its input on as it is, which tfjs' gradient may then dispose twice (a merge of
    // one branch after it): a pointwise ELU reads the same one position.
    if (l.type === "Dropout") {
      Object.assign(out, { type: "Activation", activation: "elu" });
      for (const k of ["rate", "noiseShape", "seed"]) delete out[k];
    }
    // (tfjs' normalisation gradients fail without a scale or an offset: both kept, which changes no field.)
    const batchAxis = [l.axis].flat().includes(0);
    if ((l.type === "BatchNormalization" || l.type === "LayerNormalization") && !batchAxis)
      Object.assign(out, { scale: true, center: true });
    return out as unknown as LayerJson;
  });
}

/**
 * Keras' bilinear UpSampling2D: tf.image.resize at half-pixel centres. (tfjs-layers' resizes with the legacy
 * corner-aligned sampling, which reads other positions.)
 */
class KerasBilinearUpSampling extends tf.layers.Layer {
  static readonly className = "KerasBilinearUpSampling";
  constructor(private readonly size: [number, number]) {
    super({});
  }
  computeOutputShape(s: tf.Shape): tf.Shape {
    return [s[0], s[1] === null ? null : (s[1] as number) * this.size[0], s[2] === null ? null : (s[2] as number) * this.size[1], s[3]];
  }
  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return tf.image.resizeBilinear(x, [x.shape[1] * this.size[0], x.shape[2] * this.size[1]], false, true);
  }
}

/** A deterministic generator of numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The model built with tfjs-layers: every layer's output, by name, from the one input. */
export function buildForGradients(
  layers: readonly LayerJson[],
  seed = 1,
): { input: tf.SymbolicTensor; outputs: Map<string, tf.SymbolicTensor>; dispose(): void } {
  const tensors = new Map<string, tf.SymbolicTensor>();
  const built: tf.layers.Layer[] = [];
  let input: tf.SymbolicTensor | undefined;
  const next = random(seed);
  layers.forEach((l, i) => {
    if (l.type === "Input") {
      input = tf.input({ shape: l.shape as number[], name: l.name });
      tensors.set(l.name, input);
      return;
    }
    const config: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(l)) if (k !== "type" && k !== "inputs" && v !== null) config[k] = v;
    if (l.type === "UpSampling2D" && typeof config.size === "number") config.size = [config.size, config.size];
    const layer =
      l.type === "UpSampling2D" && config.interpolation === "bilinear"
        ? new KerasBilinearUpSampling(config.size as [number, number])
        : tfjsLayers[l.type as Exclude<LayerType, "Input">](config);
    const sources = (l.inputs ?? [layers[i - 1].name]).map((n) => tensors.get(n) as tf.SymbolicTensor);
    tensors.set(l.name, layer.apply(sources.length === 1 ? sources[0] : sources) as tf.SymbolicTensor);
    // Positive weights, each scaled by its fan-in, so that values neither vanish nor overflow.
    layer.setWeights(
      layer.getWeights().map((w) => {
        const fanIn = w.shape.length > 1 ? w.size / (w.shape[w.shape.length - 1] as number) : 1;
        return tf.tensor(
          Float32Array.from({ length: w.size }, () => (0.2 + 0.8 * next()) / fanIn),
          w.shape,
        );
      }),
    );
    built.push(layer);
  });
  return { input: input as tf.SymbolicTensor, outputs: tensors, dispose: () => built.forEach((b) => b.dispose()) };
}

/**
 * Per spatial axis of the input, the first and last input positions whose gradient is not zero, back-propagating
 * from every channel at `position` of `output`'s output (from all its outputs when it has no spatial axes); null when
 * none is.
 */
export function measuredField(
  model: ReturnType<typeof buildForGradients>,
  output: string,
  position: readonly number[],
  seed = 2,
): [number, number][] | null {
  const sub = tf.model({ inputs: model.input, outputs: model.outputs.get(output) as tf.SymbolicTensor });
  const shape = model.input.shape.slice(1) as number[];
  const next = random(seed);
  const x = tf.tensor([Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 0.5 + next())], [1, ...shape]);
  // (Not in a tidy: layers that hand their input on unchanged — Dropout at inference — would have it disposed twice.)
  const grad = (() =>
    tf.grad((v: tf.Tensor) => {
      const y = sub.apply(v) as tf.Tensor;
      // (No position: the spatial axes are gone, and all the outputs together are what is measured.)
      if (position.length === 0) return y.sum();
      // Every channel at the position: a Concatenate's channels each come from one branch.
      const begin = [0, ...position, ...Array(y.rank - 1 - position.length).fill(0)];
      return y.slice(begin, [1, ...position.map(() => 1), ...Array(y.rank - 1 - position.length).fill(-1)]).sum();
    })(x))();
  const values = grad.dataSync();
  const spatial = shape.slice(0, -1);
  const channels = shape[shape.length - 1];
  const extents: [number, number][] = spatial.map(() => [Infinity, -Infinity]);
  for (let k = 0; k < values.length; k++) {
    if (values[k] === 0) continue;
    let rest = Math.floor(k / channels);
    for (let a = spatial.length - 1; a >= 0; a--) {
      const p = rest % spatial[a];
      rest = Math.floor(rest / spatial[a]);
      extents[a] = [Math.min(extents[a][0], p), Math.max(extents[a][1], p)];
    }
  }
  tf.dispose([x, grad]);
  return extents[0]?.[0] === Infinity ? null : extents;
}

/**
 * The field of every output position of a one-layer model (a resize), by perturbing each input position in turn and
 * seeing which outputs move: per output position and axis, the first and last input positions that move it.
 */
export function forwardFields(layers: readonly LayerJson[]): { lo: number[][]; hi: number[][] } | null {
  const model = buildForGradients(layers);
  const sub = tf.model({ inputs: model.input, outputs: model.outputs.get(layers[layers.length - 1].name) as tf.SymbolicTensor });
  const [h, w] = model.input.shape.slice(1, 3) as number[];
  const out = sub.outputs[0].shape.slice(1, 3) as number[];
  const lo = [Array(out[0]).fill(Infinity), Array(out[1]).fill(Infinity)];
  const hi = [Array(out[0]).fill(-Infinity), Array(out[1]).fill(-Infinity)];
  for (let i = 0; i < h; i++)
    for (let j = 0; j < w; j++) {
      const x = tf.buffer([1, h, w, 1]);
      x.set(1, 0, i, j, 0);
      const input = x.toTensor();
      const y = sub.predict(input) as tf.Tensor;
      const values = y.dataSync();
      tf.dispose([input, y]);
      for (let a = 0; a < out[0]; a++)
        for (let b = 0; b < out[1]; b++) {
          if (values[a * out[1] + b] === 0) continue;
          [lo[0][a], hi[0][a]] = [Math.min(lo[0][a], i), Math.max(hi[0][a], i)];
          [lo[1][b], hi[1][b]] = [Math.min(lo[1][b], j), Math.max(hi[1][b], j)];
        }
    }
  model.dispose();
  return { lo, hi };
}

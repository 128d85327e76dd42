/** Models with known weights and predictions, from tfjs-layers: what the exports must reproduce. */
import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import * as fc from "fast-check";
import { analyze, formatMessage, kerasTopology, onnxModel, pytorchModule, type WeightSpec } from "../../src/core";
import { modelText, planArb, realise } from "../helpers/randomModel";

/** A model run by tfjs-layers: its weights as a run saves them, an input batch and the first output. */
export interface Weighted {
  readonly specs: WeightSpec[];
  readonly weights: Buffer;
  readonly x: Float32Array;
  readonly xShape: number[];
  readonly y: Float32Array;
}

/**
 * tfjs-layers builds the model from the exported topology, sets every weight at random (moving variances
 * positive), saves them as a run does, and predicts on random inputs (batch 3).
 */
export async function weighted(text: string, seed: number, inputShape?: readonly number[]): Promise<Weighted> {
  const topology = kerasTopology(text);
  assert.ok(topology.ok);
  // tfjs-layers has no SpatialDropout2D class; at inference it is the identity, as a Dropout is.
  const json = JSON.stringify(topology.value).replace(/"class_name":"SpatialDropout2D","config":\{/g, '"class_name":"Dropout","config":{');
  const model = await tf.models.modelFromJSON({ modelTopology: JSON.parse(json) });
  let k = 0;
  for (const layer of model.layers) {
    const values = layer.weights.map((w) => {
      // Variances (BatchNormalization's moving_variance, Normalization's variance) are positive.
      const [lo, hi] = w.originalName.endsWith("variance") ? [0.5, 1.5] : [-0.5, 0.5];
      return tf.randomUniform(w.shape as number[], lo, hi, "float32", seed + k++);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
  let specs: WeightSpec[] = [];
  let weights = Buffer.alloc(0);
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      specs = (artifacts.weightSpecs ?? []) as WeightSpec[];
      weights = Buffer.from(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  // A model whose input sizes are unknown (null) takes the sizes given.
  const xShape = [3, ...(inputShape ?? ((analyze(text).layers[0].outputShape ?? []).slice(1) as number[]))];
  const input = tf.randomUniform(xShape, -1, 1, "float32", seed);
  // The first output (the exports' first too, in the same order).
  const outputs = [model.predict(input)].flat();
  const x = (await input.data()) as Float32Array;
  const y = (await outputs[0].data()) as Float32Array;
  tf.dispose([input, ...outputs]);
  model.dispose();
  return { specs, weights, x, xShape, y };
}

/** A model whose input sizes are unknown (Xception files have them): 'same' windows over any size, then pooled. */
export const dynamicSizeModel = JSON.stringify({
  version: 1,
  name: "dynamic",
  layers: [
    { type: "Input", shape: [null, null, 3] },
    { type: "Conv2D", filters: 4, kernelSize: 3, strides: 2, padding: "same", activation: "relu" },
    { type: "MaxPooling2D", poolSize: 3, strides: 2, padding: "same" },
    { type: "DepthwiseConv2D", kernelSize: 3, padding: "same" },
    { type: "AveragePooling2D", poolSize: 3, strides: 2, padding: "same" },
    { type: "GlobalAveragePooling2D" },
    { type: "Dense", units: 3, activation: "softmax" },
  ],
});

/**
 * The preprocessing layers where they are hard to get right: bilinear and nearest resizing by ratios that are not
 * whole (13×11 → 7×17, 224/300-like), the aspect-ratio window, centre crops of odd and even margins — the exports
 * against tfjs-core's own resize (half-pixel centres, as tf.image.resize) and slice.
 */
export const preprocessingModels = [
  [{ type: "Resizing", height: 7, width: 17 }],
  [{ type: "Resizing", height: 9, width: 4, interpolation: "nearest" }],
  [{ type: "Resizing", height: 5, width: 8, cropToAspectRatio: true }],
  [{ type: "Resizing", height: 6, width: 6, interpolation: "nearest", cropToAspectRatio: true }],
  [
    { type: "CenterCrop", height: 8, width: 10 },
    { type: "Conv2D", filters: 2, kernelSize: 3 },
  ],
  [
    { type: "Rescaling", scale: 0.5, offset: -1 },
    { type: "CenterCrop", height: 13, width: 4 },
    { type: "Resizing", height: 20, width: 3 },
  ],
].map((layers) =>
  JSON.stringify({ version: 1, name: "prep", layers: [{ type: "Input", shape: [13, 11, 3] }, ...layers, { type: "Flatten" }] }),
);

/**
 * `count` random models (seeded), without a merge that reads one tensor twice: tfjs-layers' predict fails on
 * those (it disposes the tensor after its first use).
 */
export function randomTexts(count: number, seed: number): string[] {
  const texts: string[] = [];
  fc.assert(
    fc.property(planArb, (plan) => {
      const { layers } = realise(plan);
      // tfjs predicts a Softmax along the last axis only ("not yet supported" otherwise): such models are left out.
      const softmaxInside = layers.some((l) => l.type === "Softmax" && l.axis !== undefined && l.axis !== -1);
      // tfjs-layers' bilinear UpSampling2D samples with asymmetric coordinates; Keras (tf.image.resize), PyTorch
      // (align_corners=False) and our exports use half-pixel centres: tfjs cannot judge those (docs/interop.md).
      const bilinear = layers.some((l) => l.type === "UpSampling2D" && l.interpolation === "bilinear");
      if (softmaxInside || bilinear || layers.some((l) => new Set(l.inputs).size !== (l.inputs?.length ?? 0))) return;
      // The ONNX and PyTorch exports normalise the channel axis only, and refuse other axes (docs/interop.md).
      const text = modelText(layers);
      const refused = [onnxModel(text), pytorchModule(text)].some(
        (r) => !r.ok && /normalises the channel axis only|on a rank-5 input/.test(formatMessage(r.problem)),
      );
      if (!refused) texts.push(text);
    }),
    { numRuns: count, seed },
  );
  return texts;
}

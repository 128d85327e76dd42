/**
 * The engine's training-memory estimate (src/core/analysis/tape.ts, memory.ts) against a measurement: the peak of
 * the wasm heap's bytes in use during a real training step of the trainer's model (heapPeak.ts).
 */
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { analyze, readTraining } from "../../src/core";
import { optimizer } from "../../src/trainer/compileSettings";
import { registerWasmKernels } from "../../src/trainer/kernels/register";
import { stepMemory } from "./heapPeak";

const root = join(__dirname, "..", "..", "..");

describe("training memory, estimated and measured on wasm", function () {
  this.timeout(120_000);
  before(async () => {
    registerWasmKernels();
    await tf.setBackend("wasm");
  });

  // Convolutions with pooling, Dropout and Dense; batch normalisation with residual Adds; Concatenate; depthwise
  // and pointwise convolutions with ReLU6; the pooling article's wide convolutions, whose patches exceed the budget.
  for (const [name, batch] of [
    ["mnist-convnet", 16],
    ["lenet5", 16],
    ["small-resnet", 8],
    ["densenet-mini", 4],
    ["small-mobilenet", 2],
    ["pooling-gap", 2],
  ] as const)
    it(`${name} at batch ${batch}: the estimate is within 0.8–1.25 of the measured peak`, async () => {
      const analysis = analyze(readFileSync(join(root, "examples", `${name}.cnn.json`), "utf8"), { batchSize: batch, optimizer: "adam" });
      const estimate = analysis.memory.training.totalBytes as number;
      const measured = await stepMemory(analysis, batch);
      const ratio = estimate / measured.peak;
      assert.ok(ratio >= 0.8 && ratio <= 1.25, `estimate ${estimate} / measured ${measured.peak} = ${ratio.toFixed(3)}`);
    });

  // One layer inserted between a convolution and global pooling: what it adds, estimated and measured.
  const probe = (extra: object[]) =>
    analyze(
      JSON.stringify({
        version: 1,
        layers: [
          { type: "Input", shape: [16, 16, 4] },
          { type: "Conv2D", filters: 16, kernelSize: 3, padding: "same", activation: "relu" },
          ...extra,
          { type: "GlobalAveragePooling2D" },
          { type: "Dense", units: 10, activation: "softmax" },
        ],
      }),
      { batchSize: 32, optimizer: "adam" },
    );
  for (const layer of [
    { type: "BatchNormalization" },
    { type: "Dropout", rate: 0.5 },
    { type: "ReLU", maxValue: 6 },
    { type: "Activation", activation: "sigmoid" },
    { type: "MaxPooling2D", poolSize: 2 },
    { type: "DepthwiseConv2D", kernelSize: 3, padding: "same" },
    { type: "Conv2D", filters: 32, kernelSize: 1, activation: "relu" },
  ])
    it(`what a ${JSON.stringify(layer)} adds to a step: estimated within 25 % of measured`, async () => {
      const [without, withIt] = [probe([]), probe([layer])];
      const estimated = (withIt.memory.training.totalBytes as number) - (without.memory.training.totalBytes as number);
      const measured = (await stepMemory(withIt, 32)).peak - (await stepMemory(without, 32)).peak;
      assert.ok(measured > 0);
      assert.ok(Math.abs(estimated / measured - 1) <= 0.25, `estimated ${estimated}, measured ${measured}`);
    });

  it("optimizer state as the trainer's optimizers keep it (tfjs' getWeights after a step), for each optimizer the engine sizes", async () => {
    const lenet = JSON.parse(readFileSync(join(root, "examples", "lenet5.cnn.json"), "utf8")) as { training?: object };
    for (const o of [
      { type: "sgd" },
      { type: "sgd", momentum: 0.9 },
      { type: "rmsprop" },
      { type: "adam" },
      { type: "adagrad" },
      { type: "adadelta" },
    ]) {
      const analysis = analyze(JSON.stringify({ ...lenet, training: { ...lenet.training, optimizer: o } }));
      const built = optimizer(tf, readTraining({ optimizer: o }, [])!.optimizer);
      const v = tf.variable(tf.ones([1000]));
      built.minimize(() => v.square().sum(), false, [v]);
      const slots = (await built.getWeights()).filter((w) => w.tensor.size === 1000).length;
      assert.equal(analysis.memory.training.optimizerStateBytes, slots * analysis.memory.training.gradientBytes, JSON.stringify(o));
      built.dispose();
      v.dispose();
    }
  });

  it("the measurement is real: a model with twice the batch takes more, and the estimate follows", async () => {
    const text = readFileSync(join(root, "examples", "mnist-convnet.cnn.json"), "utf8");
    const [small, large] = [8, 16].map((n) => analyze(text, { batchSize: n, optimizer: "adam" }));
    const [a, b] = [await stepMemory(small, 8), await stepMemory(large, 16)];
    assert.ok(b.peak - b.before > 1.8 * (a.peak - a.before), `${a.peak - a.before} → ${b.peak - b.before}`);
    assert.ok((large.memory.training.activationBytes as number) > 1.8 * (small.memory.training.activationBytes as number));
  });
});

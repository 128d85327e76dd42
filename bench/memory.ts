/**
 * `npm run bench:memory`: the training-memory estimate against a measured peak. For each template, the engine's
 * estimate of one training step (weights, gradients, Adam's slots, activations and their gradients for the batch)
 * beside the peak of tfjs' tensor bytes during a real step of the trainer's model (`tf.profile` of
 * `trainOnBatch`, after a first step has made the optimizer's slots), on tfjs' CPU backend, where every
 * intermediate is a tensor. Prints estimate / measured (the goal: 0.8–1.25).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { analyze, formatBytes } from "../src/core";
import { buildModel } from "../src/trainer/buildModel";

const root = join(__dirname, "..", "..");
// Smallest first: tfjs' CPU backend takes minutes for a step of the pooling article's 218-M-MAC model at batch 32.
const all = ["lenet5", "mnist-convnet", "densenet-mini", "small-mobilenet", "small-resnet", "small-vgg", "pooling-flatten", "pooling-gap"];
const templates = process.env.BENCH_TEMPLATES ? process.env.BENCH_TEMPLATES.split(",") : all;
const batch = Number(process.env.BENCH_BATCH ?? 32);

/** One template: the estimate, and the measured peak of a training step. */
async function measure(name: string): Promise<{ estimate: number; measured: number; before: number }> {
  const text = readFileSync(join(root, "examples", `${name}.cnn.json`), "utf8");
  const analysis = analyze(text, { batchSize: batch, optimizer: "adam" });
  const estimate = analysis.memory.training.totalBytes as number;
  const model = buildModel(tf, analysis);
  model.compile({ optimizer: tf.train.adam(0.001), loss: "categoricalCrossentropy" });
  const input = analysis.layers.find((l) => l.type === "Input")?.outputShape?.slice(1) as number[];
  const output = analysis.layers.find((l) => l.name === analysis.outputs[0])?.outputShape?.slice(1) as number[];
  const x = tf.randomUniform([batch, ...input]);
  const y = tf.oneHot(tf.randomUniform([batch], 0, output[0], "int32"), output[0]).toFloat();
  // A first step makes Adam's slots; the second is the one measured.
  await model.trainOnBatch(x, y);
  const before = tf.memory().numBytes;
  const info = await tf.profile(async () => {
    await model.trainOnBatch(x, y);
  });
  model.dispose();
  x.dispose();
  y.dispose();
  // (The batch itself, x and y, is counted in both: the estimate's input layer, the measured tensors.)
  return { estimate, measured: info.peakBytes, before };
}

async function main(): Promise<void> {
  await tf.setBackend("cpu");
  await tf.ready();
  console.log(`Training memory, one step at batch ${batch} with Adam (tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}):`);
  console.log("template             estimate    measured peak   held before   estimate/measured");
  for (const name of templates) {
    const r = await measure(name);
    console.log(
      `${name.padEnd(18)} ${formatBytes(r.estimate).padStart(11)} ${formatBytes(r.measured).padStart(15)} ${formatBytes(r.before).padStart(13)} ${(r.estimate / r.measured).toFixed(2).padStart(19)}`,
    );
  }
}

void main();

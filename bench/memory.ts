/**
 * `npm run bench:memory`: the training-memory estimate against a measured peak. For each template, the engine's
 * estimate of one training step at its peak (weights, gradients, Adam's slots, the tensors tfjs keeps for
 * back-propagation with the gradients computed by then, the gradient kernels' scratch) beside the peak of the
 * wasm heap's bytes in use during a real step of the trainer's model (test/trainer/heapPeak.ts: every allocation
 * the backend makes, through the heap's malloc and free). Prints estimate / measured (the issue's goal: 0.8–1.25).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { analyze, formatBytes } from "../src/core";
import { selectBackend } from "../src/trainer/backends";
import { stepMemory } from "../test/trainer/heapPeak";

const root = join(__dirname, "..", "..");
const all = ["lenet5", "mnist-convnet", "densenet-mini", "small-mobilenet", "small-resnet", "small-vgg", "pooling-flatten", "pooling-gap"];
const templates = process.env.BENCH_TEMPLATES ? process.env.BENCH_TEMPLATES.split(",") : all;
const batches = (process.env.BENCH_BATCH ?? "32").split(",").map(Number);

async function main(): Promise<void> {
  await selectBackend({ forced: "wasm", wasmDir: join(root, "node_modules", "@tensorflow", "tfjs-backend-wasm", "dist") });
  console.log(
    `bench:memory — ${new Date().toISOString().slice(0, 10)}, one training step with Adam, tfjs ${tf.version.tfjs} on ${tf.getBackend()}`,
  );
  console.log("template          batch    estimate  (of it: workspace)  measured peak  held before  estimate/measured");
  const ratios: number[] = [];
  for (const batch of batches)
    for (const name of templates) {
      const analysis = analyze(readFileSync(join(root, "examples", `${name}.cnn.json`), "utf8"), { batchSize: batch, optimizer: "adam" });
      const t = analysis.memory.training;
      const m = await stepMemory(analysis, batch);
      const ratio = (t.totalBytes as number) / m.peak;
      ratios.push(ratio);
      console.log(
        `${name.padEnd(17)} ${String(batch).padStart(5)} ${formatBytes(t.totalBytes as number).padStart(11)} ${formatBytes(t.workspaceBytes as number).padStart(20)} ` +
          `${formatBytes(m.peak).padStart(14)} ${formatBytes(m.before).padStart(12)} ${ratio.toFixed(2).padStart(18)}`,
      );
    }
  console.log(`estimate/measured from ${Math.min(...ratios).toFixed(2)} to ${Math.max(...ratios).toFixed(2)} (goal 0.8–1.25)`);
  process.exit(0);
}

void main();

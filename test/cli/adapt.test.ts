/**
 * Normalization learns its statistics from the training set before training (Keras' `adapt()`): on the built-in
 * MNIST sample, the pixels' mean and standard deviation are MNIST's published 0.1307 and 0.3081 (the constants of
 * PyTorch's MNIST example); after a convolution, what it reads comes out of the layers before it. A layer whose
 * statistics come from `training.initialWeights` keeps them.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readWeightsOf } from "../../src/node/runFolder";
import { cli } from "../helpers/cliProcess";

/** Each weight's values by name. */
function weightsOf(run: string): Map<string, number[]> {
  const read = readWeightsOf(run);
  const all = new Float32Array(read.bytes.buffer.slice(read.bytes.byteOffset, read.bytes.byteOffset + read.bytes.byteLength));
  let at = 0;
  return new Map(read.specs.map((s) => [s.name, Array.from(all.subarray(at, (at += s.shape.reduce((a, d) => a * d, 1))))]));
}

/** Trains `model` in `dir` (one epoch of 2,000 samples) and returns its run folder and log. */
function train(dir: string, model: object): { run: string; log: string } {
  writeFileSync(join(dir, "norm.cnn.json"), JSON.stringify(model));
  const r = spawnSync(process.execPath, [cli, "train", join(dir, "norm.cnn.json"), "--runs-dir", join(dir, "runs"), "--samples", "2000"], {
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  const runs = join(dir, "runs", "norm");
  const run = join(runs, readdirSync(runs).sort().at(-1)!);
  return { run, log: readFileSync(join(run, "training.log"), "utf8") };
}

describe("Normalization adapts to the training set (Keras' adapt())", function () {
  this.timeout(300_000);

  it("learns MNIST's mean and deviation from the pixels, and its features' after a convolution; initialWeights' are kept", () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-adapt-"));
    const model = {
      version: 1,
      name: "norm",
      layers: [
        { type: "Input", shape: [28, 28, 1] },
        { type: "Normalization", name: "pixels" },
        { type: "Conv2D", filters: 3, kernelSize: 3, activation: "relu" },
        { type: "Normalization", name: "features" },
        { type: "Flatten" },
        { type: "Dense", units: 10, activation: "softmax" },
      ],
      training: { loss: "sparseCategoricalCrossentropy", epochs: 1, batchSize: 64, seed: 3, dataset: { type: "mnist-sample" } },
    };
    const first = train(dir, model);
    assert.match(first.log, /Adapted pixels \(Normalization\) to the training set: mean and variance of [\d,]+ values per feature/);
    const w = weightsOf(first.run);
    const [mean, variance] = [w.get("pixels/mean")![0], w.get("pixels/variance")![0]];
    assert.ok(
      Math.abs(mean - 0.1307) < 0.01 && Math.abs(Math.sqrt(variance) - 0.3081) < 0.01,
      `mean ${mean}, deviation ${Math.sqrt(variance)}`,
    );
    // Features after a ReLU: non-negative means, one per channel, a positive variance each, counted per value.
    assert.equal(w.get("features/mean")!.length, 3);
    assert.ok(w.get("features/mean")!.every((m) => m >= 0) && w.get("features/variance")!.every((v) => v > 0));
    assert.ok(w.get("pixels/count")![0] > 1_000_000, "every pixel of every training image counted");

    // Starting from that run, the statistics are the run's, not adapted again.
    const again = train(dir, { ...model, training: { ...model.training, initialWeights: first.run } });
    assert.doesNotMatch(again.log, /Adapted pixels/);
    assert.deepEqual(weightsOf(again.run).get("pixels/mean"), w.get("pixels/mean"));
  });
});

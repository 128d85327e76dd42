/**
 * [train] The wasm backend on two threads (tfjs' threaded build, which the trainer starts in Node: see
 * src/trainer/wasmThreads.ts): it says so, and trains to the very weights one thread gives — XNNPACK splits the
 * work by output, never a sum — with the trainer's own kernels running on the shared memory.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EndEvent, StartEvent, TrainerEvent } from "../../src/protocol/trainer";
import { cli, modelFile } from "../helpers/cliProcess";

/** Convolutions (their gradients are the trainer's kernels), pooling, batch normalization and a dense head. */
const model = JSON.stringify({
  version: 1,
  layers: [
    { type: "Input", shape: [28, 28, 1] },
    { type: "Conv2D", filters: 16, kernelSize: 3, activation: "relu" },
    { type: "MaxPooling2D", poolSize: 2 },
    { type: "Conv2D", filters: 32, kernelSize: 3, strides: 2, padding: "same" },
    { type: "BatchNormalization" },
    { type: "ReLU" },
    { type: "GlobalAveragePooling2D" },
    { type: "Dense", units: 10, activation: "softmax" },
  ],
  training: { metrics: ["accuracy"], batchSize: 64, epochs: 2, validationSplit: 0.1, seed: 3, dataset: { type: "mnist-sample" } },
});

describe("[train] the wasm backend on two threads", function () {
  this.timeout(300_000);
  const file = modelFile(model, "threads.cnn.json");
  const runs = mkdtempSync(join(tmpdir(), "cnn-threads-"));
  const train = (threads: string, temporary = tmpdir()) => {
    const r = spawnSync(process.execPath, [cli, "train", "--json", "--backend", "wasm", "--samples", "1500", "--runs-dir", runs, file], {
      encoding: "utf8",
      env: { ...process.env, CNN_DESIGNER_WASM_THREADS: threads, TMPDIR: temporary },
    });
    assert.equal(r.status, 0, r.stderr);
    const events = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as TrainerEvent);
    const start = events.find((e): e is StartEvent => e.type === "start") as StartEvent;
    const end = events.find((e): e is EndEvent => e.type === "end") as EndEvent;
    return { device: start.device, weights: readFileSync(join(end.runDir, "weights.bin")) };
  };

  it("says it runs two threads, and trains to the same weights as one thread, bit for bit", () => {
    const one = train("1");
    const two = train("2");
    assert.match(one.device, /WebAssembly \(SIMD\) with/);
    assert.match(two.device, /WebAssembly \(SIMD, 2 threads\) with/);
    assert.ok(two.weights.equals(one.weights), "the same weights");
  });

  it("0 turns threads off as 1 does; a value that is not a whole number is refused, saying so", () => {
    assert.match(train("0").device, /WebAssembly \(SIMD\) with/);
    const r = spawnSync(process.execPath, [cli, "train", "--backend", "wasm", "--samples", "200", "--runs-dir", runs, file], {
      encoding: "utf8",
      env: { ...process.env, CNN_DESIGNER_WASM_THREADS: "1.5" },
    });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /CNN_DESIGNER_WASM_THREADS must be a whole number of threads \(0 or 1: no threads\), not '1\.5'/);
  });

  it("writes the threads' modules once, into a folder of the user's own, and leaves nothing else", () => {
    const temporary = mkdtempSync(join(tmpdir(), "cnn-threads-tmp-"));
    train("2", temporary);
    const folder = `cnn-designer-wasm-${process.getuid?.() ?? "user"}`;
    const listing = () => readdirSync(join(temporary, folder)).sort();
    const first = listing();
    train("2", temporary);
    assert.deepEqual(readdirSync(temporary), [folder]);
    assert.deepEqual(listing(), first);
    assert.ok(first.length >= 2 && first.every((f) => /^[0-9a-f]{32}\.js$/.test(f)), first.join(", "));
    assert.equal(statSync(join(temporary, folder)).mode & 0o777, 0o700);
  });
});

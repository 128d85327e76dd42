/**
 * [run-folder] What a run folder holds after each epoch, for a run that ends well and one that is killed: the status,
 * the metrics so far, and checkpoints complete enough to resume from — weights, the optimizer's state, step and
 * epoch, the next step's learning rate, early stopping's and the random generator's state — in a documented form
 * that Python reads with numpy alone.
 */
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { learningRateAt, readTraining, type Schedule } from "../../src/core";
import { readCheckpoint, type CheckpointManifest } from "../../src/node/checkpoint";
import { effectiveState, type RunStatus } from "../../src/node/runFolder";
import { cli, modelFile } from "../helpers/cliProcess";

const training = {
  optimizer: { type: "adam", learningRate: 0.01, schedule: { type: "polynomialDecay", endLearningRate: 0.001 } },
  metrics: ["accuracy"],
  batchSize: 32,
  epochs: 2,
  validationSplit: 0.1,
  testSplit: 0.1,
  seed: 5,
  earlyStopping: { monitor: "val_loss", patience: 5 },
  dataset: { type: "mnist-sample" },
};
const model = JSON.stringify({
  version: 1,
  layers: [
    { type: "Input", shape: [28, 28, 1] },
    { type: "Conv2D", filters: 4, kernelSize: 3, strides: 2, activation: "relu" },
    { type: "BatchNormalization" },
    { type: "GlobalAveragePooling2D" },
    { type: "Dense", units: 10, activation: "softmax" },
  ],
  training,
});

describe("[run-folder] a run folder, epoch by epoch", () => {
  let runDir = "";
  before(() => {
    const runs = mkdtempSync(join(tmpdir(), "cnn-ckpt-"));
    execFileSync(process.execPath, [cli, "train", modelFile(model), "--samples", "400", "--runs-dir", runs], { encoding: "utf8" });
    runDir = join(runs, "model", readdirSync(join(runs, "model"))[0]);
  });
  const json = (file: string) => JSON.parse(readFileSync(join(runDir, file), "utf8"));

  it("[run-folder] status.json says done, with the epochs, the process and the machine", () => {
    const s = json("status.json") as RunStatus;
    assert.deepEqual([s.format, s.state, s.reason, s.epochsDone, s.epochs, s.host], [1, "done", null, 2, 2, hostname()]);
    assert.ok(Date.parse(s.startedAt) <= Date.parse(s.updatedAt));
  });

  it("[run-folder] the last checkpoint holds the final weights, the optimizer's state and the position of everything", () => {
    const metrics = json("metrics.json") as { epochs: Record<string, number>[]; bestEpoch: number };
    const c = readCheckpoint(runDir, "last");
    const m: CheckpointManifest = c.manifest;
    const batches = Math.ceil(Math.round(Math.round(400 - 400 * 0.1) * 0.9) / 32);
    assert.deepEqual([m.kind, m.epoch, m.epochs, m.batchesPerEpoch, m.step], ["last", 2, 2, batches, 2 * batches]);
    assert.deepEqual(m.logs, metrics.epochs[1]);
    assert.deepEqual(m.monitor, { name: "val_loss", mode: "min", value: metrics.epochs[1].val_loss });
    // The rate the next step would take: the schedule's, at the step reached.
    const schedule = readTraining(training, [])?.optimizer.schedule as Schedule;
    assert.equal(m.learningRate, learningRateAt(schedule, 0.01, m.step, 2 * batches));
    assert.equal(m.optimizer.type, "adam");
    assert.deepEqual(Object.keys(m.earlyStopping ?? {}).sort(), ["best", "bestEpoch", "monitor", "wait"]);
    assert.deepEqual([m.random?.algorithm, m.random?.seed, typeof m.random?.state], ["mulberry32", 6, "number"]);
    // The weights: the final model's, byte for byte (no restore), in its order and names.
    const manifest = json("model.json") as { weightsManifest: { weights: { name: string; shape: number[] }[] }[] };
    assert.deepEqual(
      m.model.map((t) => [t.name, t.shape]),
      manifest.weightsManifest[0].weights.map((w) => [w.name, w.shape]),
    );
    assert.deepEqual(Buffer.from(c.model), readFileSync(join(runDir, "weights.bin")));
    // Adam's state: its step count, then a first and a second moment per trainable weight.
    const trainable = m.model.filter((t) => !/moving_(mean|variance)/.test(t.name));
    assert.deepEqual(
      m.optimizerState.map((t) => [t.name, t.shape, t.dtype]),
      [
        ["iter", [], "int32"],
        ...trainable.map((t) => [`${t.name}/m`, t.shape, "float32"]),
        ...trainable.map((t) => [`${t.name}/v`, t.shape, "float32"]),
      ],
    );
    assert.equal(new Int32Array(c.optimizer.buffer.slice(c.optimizer.byteOffset, c.optimizer.byteOffset + 4))[0], m.step);
    const best = readCheckpoint(runDir, "best").manifest;
    assert.equal(best.epoch, metrics.bestEpoch);
  });

  it("[run-folder] Python reads a checkpoint with numpy alone, as docs/run-folder.md describes it", () => {
    const code = [
      "import json, sys, numpy as np",
      "d = sys.argv[1] + '/checkpoints/'",
      "m = json.load(open(d + 'last.json'))",
      "raw = open(d + m['data'], 'rb').read()",
      "def read(t): return np.frombuffer(raw, dtype='<f4' if t['dtype'] == 'float32' else '<i4', count=int(np.prod(t['shape'])), offset=t['offset']).reshape(t['shape'])",
      "print(json.dumps({t['name']: float(read(t).astype(np.float64).sum()) for t in m['model'] + m['optimizerState']}))",
    ].join("\n");
    const sums = JSON.parse(execFileSync("/usr/bin/python3", ["-c", code, runDir], { encoding: "utf8" })) as Record<string, number>;
    const c = readCheckpoint(runDir, "last");
    for (const t of [...c.manifest.model, ...c.manifest.optimizerState]) {
      const bytes = readFileSync(join(runDir, "checkpoints", c.manifest.data)).subarray(
        t.offset,
        t.offset + 4 * t.shape.reduce((a, b) => a * b, 1),
      );
      const values =
        t.dtype === "int32"
          ? new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)
          : new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
      const sum = [...values].reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sums[t.name] - sum) <= 1e-6 * Math.max(1, Math.abs(sum)), `${t.name}: ${sums[t.name]} vs ${sum}`);
    }
  });

  it("[run-folder] a checkpoint manifest that is not JSON is named in the reason", () => {
    const copy = mkdtempSync(join(tmpdir(), "cnn-ckpt-bad-"));
    cpSync(runDir, copy, { recursive: true });
    writeFileSync(join(copy, "checkpoints", "last.json"), "{bad");
    assert.throws(() => readCheckpoint(copy, "last"), /has no usable last checkpoint: .*checkpoints\/last\.json is not JSON: /);
  });

  it("[run-folder] a status left 'running' by a process that is gone reads as killed", () => {
    const gone = spawnSync(process.execPath, ["-e", "0"]).pid as number;
    const s = { ...(json("status.json") as RunStatus), state: "running" as const, reason: null, pid: gone, host: hostname() };
    assert.equal(effectiveState(s).state, "killed");
    assert.equal(effectiveState({ ...s, pid: process.pid }).state, "running");
  });
});

/**
 * Transfer learning end to end, as a user does it: import a Keras file whose base model is frozen (a Sequential of
 * Conv2D and BatchNormalization called as a layer, written by test/interop/nestedKeras.py), name its imported run
 * as `training.initialWeights`, give it a new head, and train. The frozen layers come out exactly as imported —
 * BatchNormalization's moving statistics too, as Keras runs a frozen one in inference mode — the trainable layer
 * the run had learns on, and the new head starts fresh; the log says which layers took the run's weights.
 */
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readWeightsOf } from "../../src/node/runFolder";
import { cli, root } from "../helpers/cliProcess";

const python = "/usr/bin/python3";

/** Each weight's values by name (`layer/weight`). */
function weightsOf(run: string): Map<string, Float32Array> {
  const read = readWeightsOf(run);
  const all = new Float32Array(read.bytes.buffer.slice(read.bytes.byteOffset, read.bytes.byteOffset + read.bytes.byteLength));
  const out = new Map<string, Float32Array>();
  let at = 0;
  for (const s of read.specs) {
    const size = s.shape.reduce((a, d) => a * d, 1);
    out.set(s.name.replace(/_\d+$/, ""), all.slice(at, at + size));
    at += size;
  }
  return out;
}

describe("fine-tuning from imported weights (training.initialWeights)", function () {
  this.timeout(300_000);

  it("a frozen base keeps its weights and statistics, the trainable layers learn, a new head starts fresh", () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-finetune-"));
    execFileSync(python, [join(root, "test", "interop", "nestedKeras.py"), dir]);
    // A small data set the model's input takes: 12×12 RGB images, 5 classes.
    execFileSync(python, [
      "-c",
      "import numpy as np, sys; r = np.random.default_rng(3); np.save(sys.argv[1] + '/x.npy', r.random((96, 12, 12, 3), dtype=np.float32)); np.save(sys.argv[1] + '/y.npy', r.integers(0, 5, 96))",
      dir,
    ]);
    const imported = spawnSync(process.execPath, [cli, "import", join(dir, "nested.keras"), "--weights-run", join(dir, "base-run")], {
      encoding: "utf8",
    });
    assert.equal(imported.status, 0, imported.stderr);
    const model = JSON.parse(readFileSync(join(dir, "nested.cnn.json"), "utf8"));
    // Keep the frozen base and the head "head", add a new head under a new name: it has no weights in the run.
    model.layers.push({ type: "Dense", name: "new_head", units: 5, activation: "softmax" });
    model.training = {
      dataset: { type: "npy", x: "x.npy", y: "y.npy" },
      loss: "sparseCategoricalCrossentropy",
      epochs: 2,
      batchSize: 16,
      seed: 5,
      initialWeights: "base-run",
    };
    writeFileSync(join(dir, "nested.cnn.json"), JSON.stringify(model, null, 1));
    const trained = spawnSync(process.execPath, [cli, "train", join(dir, "nested.cnn.json"), "--runs-dir", join(dir, "runs")], {
      encoding: "utf8",
    });
    assert.equal(trained.status, 0, trained.stderr);
    const runs = join(dir, "runs", "nested");
    const run = join(runs, readdirSync(runs)[0]);
    const log = readFileSync(join(run, "training.log"), "utf8");
    assert.match(log, /Initial weights: 3 layers from .*base-run/);
    assert.match(log, /starting fresh \(no weights of that name and shape\): new_head/);
    const before = weightsOf(join(dir, "base-run"));
    const after = weightsOf(run);
    for (const name of [
      "base.conv/kernel",
      "base.conv/bias",
      "base.bn/gamma",
      "base.bn/beta",
      "base.bn/moving_mean",
      "base.bn/moving_variance",
    ])
      assert.deepEqual(after.get(name), before.get(name), `${name} is frozen`);
    assert.notDeepEqual(after.get("head/kernel"), before.get("head/kernel"), "the head was trained");
  });

  it("a run that is not there is said before training, naming the setting", () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-finetune-missing-"));
    const model = {
      version: 1,
      layers: [{ type: "Input", shape: [28, 28, 1] }, { type: "Flatten" }, { type: "Dense", units: 10, activation: "softmax" }],
      training: { dataset: { type: "mnist-sample" }, initialWeights: "no-such-run" },
    };
    writeFileSync(join(dir, "m.cnn.json"), JSON.stringify(model));
    const r = spawnSync(process.execPath, [cli, "train", join(dir, "m.cnn.json"), "--samples", "64"], { encoding: "utf8" });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /training\.initialWeights: the run '.*no-such-run' is not a folder/);
  });
});

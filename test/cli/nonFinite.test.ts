/**
 * [non-finite] NaN or infinity in the data is refused before training, naming the file and the first index; a
 * loss that becomes NaN or infinite stops the run with a clear error (Keras' TerminateOnNaN), the run marked
 * failed and its last good epoch kept as the checkpoint — never a "successful" run of NaN weights.
 */
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "../helpers/cliProcess";

/** Writes x.npy (200 × 8 floats) and y.npy (200 × 1) with numpy, then runs `python` on them first. */
function dataset(python = ""): string {
  const dir = mkdtempSync(join(tmpdir(), "cnn-nan-"));
  execFileSync(
    "/usr/bin/python3",
    [
      "-c",
      `import numpy as np\nx = np.random.RandomState(0).rand(200, 8).astype('float32')\ny = np.random.RandomState(1).rand(200, 1).astype('float32')\n${python}\nnp.save('x.npy', x)\nnp.save('y.npy', y)`,
    ],
    { cwd: dir },
  );
  return dir;
}

/** A small regression model on the NPY files in `dir`, with SGD at `learningRate`. */
function model(dir: string, learningRate: number, epochs = 3): string {
  const file = join(dir, "m.cnn.json");
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      layers: [
        { type: "Input", shape: [8] },
        { type: "Dense", units: 16, activation: "relu" },
        { type: "Dense", units: 1 },
      ],
      training: {
        optimizer: { type: "sgd", learningRate },
        loss: "meanSquaredError",
        metrics: [],
        batchSize: 16,
        epochs,
        validationSplit: 0.1,
        testSplit: 0.1,
        seed: 1,
        dataset: { type: "npy", x: "x.npy", y: "y.npy" },
      },
    }),
  );
  return file;
}

const train = (file: string, runs: string) => spawnSync(process.execPath, [cli, "train", file, "--runs-dir", runs], { encoding: "utf8" });

describe("[non-finite] NaN and infinity", () => {
  it("[non-finite] a NaN in the inputs is refused before training, naming the file and the first index", () => {
    const dir = dataset("x[3, 5] = np.nan\nx[9, 0] = np.nan");
    const runs = mkdtempSync(join(tmpdir(), "cnn-nan-runs-"));
    const r = train(model(dir, 0.01), runs);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /x\.npy: the value at index 29 \(sample 3, element 5\) is NaN; training needs finite numbers/);
    assert.deepEqual(readdirSync(runs), [], "no run was started");
  });

  it("[non-finite] an infinity in float targets is refused the same way", () => {
    const dir = dataset("y[7, 0] = -np.inf");
    const r = train(model(dir, 0.01), mkdtempSync(join(tmpdir(), "cnn-nan-runs-")));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /y\.npy: the value at index 7 \(sample 7, element 0\) is -Infinity/);
  });

  it("[non-finite] a loss that becomes infinite stops the run: failed, exit 1, the last good epoch kept", () => {
    // SGD at a learning rate of 2 diverges, geometrically, in the fourth epoch of this seeded run.
    const dir = dataset();
    const runs = mkdtempSync(join(tmpdir(), "cnn-nan-runs-"));
    const r = train(model(dir, 2, 30), runs);
    assert.equal(r.status, 1, r.stderr);
    const m =
      /the loss became (NaN|Infinity|-Infinity) at epoch (\d+), batch \d+; training stopped \(TerminateOnNaN\): the last good epoch, (\d+), is kept in checkpoints\/last\.json/.exec(
        r.stderr,
      );
    assert.ok(m, r.stderr);
    const [epoch, kept] = [Number(m[2]), Number(m[3])];
    assert.ok(epoch >= 2 && kept === epoch - 1, `diverged at ${epoch}, kept ${kept}`);
    const runDir = join(runs, "m", readdirSync(join(runs, "m"))[0]);
    const status = JSON.parse(readFileSync(join(runDir, "status.json"), "utf8"));
    assert.equal(status.state, "failed");
    assert.match(status.reason, /TerminateOnNaN/);
    const last = JSON.parse(readFileSync(join(runDir, "checkpoints", "last.json"), "utf8"));
    assert.equal(last.epoch, kept);
    assert.ok(Number.isFinite(last.logs.loss));
    assert.equal(existsSync(join(runDir, "model.json")), false, "no final model of non-finite weights");
  });

  it("[non-finite] class labels beyond 32 bits (int64 2**40, uint64 2**63) are refused, not wrapped to another class", () => {
    for (const [python, shown] of [
      ["y = np.full((200,), 2**40, dtype=np.int64)", "1099511627776"],
      ["y = (np.arange(200) % 2).astype(np.uint64) + np.uint64(2**63)", "9223372036854776000"],
    ]) {
      const dir = dataset(python);
      const file = join(dir, "m.cnn.json");
      writeFileSync(
        file,
        readFileSync(model(dir, 0.01), "utf8")
          .replace('"meanSquaredError"', '"sparseCategoricalCrossentropy"')
          .replace('"units":1}', '"units":2,"activation":"softmax"}'),
      );
      const r = train(file, mkdtempSync(join(tmpdir(), "cnn-nan-runs-")));
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`y\\.npy: the label at index 0 is ${shown}, not a class index`));
    }
  });
});

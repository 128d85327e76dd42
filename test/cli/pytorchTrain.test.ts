/**
 * [pytorch] `export --format pytorch-train`: the standalone training folder, run by Debian's python3-torch with no
 * Node, against `train --backend pytorch` on the same model — the same weights after training, alone and under
 * torchrun with 2 processes — and its run folder read back by the trainer (`--resume`).
 */
import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EndEvent, TrainerEvent } from "../../src/protocol/trainer";
import { cli, modelFile, python, tinyModel } from "../helpers/cliProcess";

/** Dropout, a cosine schedule over the run, Adam and early stopping that restores the best weights. */
const model = JSON.stringify({
  version: 1,
  layers: [
    { type: "Input", shape: [28, 28, 1] },
    { type: "Conv2D", filters: 8, kernelSize: 3, strides: 2, activation: "relu" },
    { type: "BatchNormalization" },
    { type: "Dropout", rate: 0.3 },
    { type: "GlobalAveragePooling2D" },
    { type: "Dense", units: 10, activation: "softmax" },
  ],
  training: {
    optimizer: { type: "adam", learningRate: 0.01, schedule: { type: "cosineDecay" } },
    metrics: ["accuracy"],
    batchSize: 32,
    epochs: 3,
    validationSplit: 0.1,
    seed: 5,
    // (No epoch improves on the first by 1: early stopping ends the run after the second and restores the first's.)
    earlyStopping: { monitor: "val_loss", patience: 1, minDelta: 1, restoreBestWeights: true },
    dataset: { type: "mnist-sample" },
  },
});

const weights = (runDir: string) => {
  const b = readFileSync(join(runDir, "weights.bin"));
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};
const worst = (x: Float32Array, y: Float32Array) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);
/** The one run folder under `runs`. */
const theRun = (runs: string) => {
  const base = join(runs, readdirSync(runs)[0]);
  return join(base, readdirSync(base)[0]);
};

describe("[pytorch] export --format pytorch-train: a standalone PyTorch training", function () {
  this.timeout(600_000);
  const file = modelFile(model, "drop.cnn.json");
  const work = mkdtempSync(join(tmpdir(), "cnn-pytorch-train-"));
  const out = join(work, "train-drop");
  const node = (args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
    return {
      ...r,
      events: r.stdout
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as TrainerEvent),
    };
  };
  const trained = (args: string[]) => {
    const r = node(["train", "--json", "--python", python, "--samples", "3000", ...args, file]);
    assert.equal(r.status, 0, r.stderr);
    return (r.events.find((e): e is EndEvent => e.type === "end") as EndEvent).runDir;
  };

  before(() => {
    const r = node(["export", file, "--format", "pytorch-train", "-o", out]);
    assert.equal(r.status, 0, r.stderr);
  });

  it("python train.py trains as train --backend pytorch does: the same weights, and a run folder the trainer resumes", () => {
    const runs = join(work, "alone");
    const r = spawnSync(python, [join(out, "train.py"), "--samples", "3000", "--runs-dir", runs], { encoding: "utf8", cwd: work });
    assert.equal(r.status, 0, r.stderr);
    const standalone = theRun(runs);
    const ours = trained(["--backend", "pytorch", "--runs-dir", join(work, "ours")]);
    const difference = worst(weights(standalone), weights(ours));
    console.log(`      largest weight difference from train --backend pytorch: ${difference}`);
    assert.ok(difference <= 1e-6, `${difference}`);
    const [a, b] = [standalone, ours].map((d) => JSON.parse(readFileSync(join(d, "metrics.json"), "utf8")));
    assert.equal(a.epochs.length, b.epochs.length);
    assert.equal(a.stopReason, b.stopReason);
    assert.match(a.stopReason, /^early stopping/);
    assert.equal(a.bestEpoch, b.bestEpoch);
    assert.equal(a.bestEpoch, 1);
    assert.ok(Math.abs(a.test.accuracy - b.test.accuracy) <= 1e-6);
    assert.equal(JSON.parse(readFileSync(join(standalone, "status.json"), "utf8")).state, "done");
    // The trainer takes the standalone run's checkpoint: it goes on from it, on its data (--samples 3000 recorded).
    const resumed = node(["train", "--json", "--backend", "pytorch", "--python", python, "--resume", standalone, "--epochs", "5", file]);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.ok(
      resumed.events.some((e) => e.type === "log" && /^Resumed from epoch \d of 5 \(checkpoints\/last\.json, step \d+\)$/.test(e.line)),
    );
  });

  it("under torchrun, 2 processes train as train --distribute does", () => {
    const runs = join(work, "group");
    // (launch.py is torchrun, mended for torch 1.x on Python 3.11.)
    const r = spawnSync(
      python,
      [
        join(out, "launch.py"),
        "--standalone",
        "--nnodes",
        "1",
        "--nproc_per_node",
        "2",
        join(out, "train.py"),
        "--samples",
        "3000",
        "--runs-dir",
        runs,
      ],
      { encoding: "utf8", cwd: work },
    );
    assert.equal(r.status, 0, r.stderr);
    const ours = trained(["--distribute", "--nproc-per-node", "2", "--runs-dir", join(work, "ours-group")]);
    const difference = worst(weights(theRun(runs)), weights(ours));
    console.log(`      largest weight difference from train --distribute: ${difference}`);
    assert.ok(difference <= 1e-5, `${difference}`);
  });

  it("a Ctrl+C stops python train.py at a batch end: the run saved as stopped, exit 130", async () => {
    // (A model without early stopping, that would train long.)
    const tiny = join(work, "tiny");
    assert.equal(node(["export", modelFile(tinyModel(), "tiny.cnn.json"), "--format", "pytorch-train", "-o", tiny]).status, 0);
    const runs = join(work, "interrupted");
    const child = spawn(python, [join(tiny, "train.py"), "--runs-dir", runs, "--epochs", "1000"], { cwd: work });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => {
      if (!stdout.includes("Training ") && (stdout += d.toString()).includes("Training ")) setTimeout(() => child.kill("SIGINT"), 1500);
      else stdout += d.toString();
    });
    const status = await new Promise((resolve) => child.on("close", resolve));
    assert.equal(status, 130, stdout);
    assert.match(stdout, /^Stopped: stop request$/m);
    const run = theRun(runs);
    assert.equal(JSON.parse(readFileSync(join(run, "status.json"), "utf8")).state, "stopped");
    assert.ok(readdirSync(run).includes("weights.bin"));
  });

  it("refuses what it cannot train yet, and a folder in the way", () => {
    const folder = modelFile(
      JSON.stringify({ ...JSON.parse(model), training: { ...JSON.parse(model).training, dataset: { type: "imageFolder", path: "img" } } }),
    );
    mkdirSync(join(folder, "..", "img"));
    const images = node(["export", folder, "--format", "pytorch-train", "-o", join(work, "x")]);
    assert.equal(images.status, 2);
    assert.match(images.stderr, /cannot export: the standalone PyTorch script does not read image folders yet/);
    writeFileSync(join(work, "taken"), "");
    mkdirSync(join(work, "full"));
    writeFileSync(join(work, "full", "mine.txt"), "keep");
    assert.match(
      node(["export", file, "--format", "pytorch-train", "-o", join(work, "taken")]).stderr,
      /is a file: --format pytorch-train writes a folder/,
    );
    const full = node(["export", file, "--format", "pytorch-train", "-o", join(work, "full")]);
    assert.equal(full.status, 2);
    assert.match(full.stderr, /is not empty \(--force writes into it\)/);
    assert.equal(readFileSync(join(work, "full", "mine.txt"), "utf8"), "keep");
    // train.py's own mistakes: one line each, exit 2, no traceback.
    const script = (...args: string[]) => spawnSync(python, [join(out, "train.py"), ...args], { encoding: "utf8", cwd: work });
    for (const [args, said] of [
      [["--epochs", "0"], /--epochs: takes a whole number of 1 or more, not '0'/],
      [["--samples", "-5"], /--samples: takes a whole number of 1 or more, not '-5'/],
      [["--device", "cuda:1"], /^train\.py: --device cuda:1: torch \S+ cannot use CUDA here/m],
      [["--device", "tpu"], /^train\.py: --device takes cpu, cuda, cuda:N or mps, not 'tpu'/m],
      [["--runs-dir", "/proc/none"], /^train\.py: cannot create the run's folder under \/proc\/none: /m],
    ] as const) {
      const r = script(...args);
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, said);
      assert.doesNotMatch(r.stderr, /Traceback/);
    }
    // Its dataset gone: where it looked, and the way to another folder.
    const moved = join(work, "moved");
    cpSync(out, moved, { recursive: true });
    rmSync(join(moved, "datasets"), { recursive: true });
    const lost = spawnSync(python, [join(moved, "train.py")], { encoding: "utf8", cwd: work });
    assert.equal(lost.status, 2, lost.stderr);
    assert.match(lost.stderr, /^train\.py: the dataset's file .*mnist-sample.* is not there: give --data-dir/m);
    // It trains from the model's initial weights: a run's are refused, not ignored.
    for (const extra of [["--checkpoint", "best"], ["--run", work], ["--distribute"]]) {
      const r = node(["export", file, "--format", "pytorch-train", "-o", join(work, "y"), ...extra]);
      assert.equal(r.status, 2, extra.join(" "));
      assert.match(r.stderr, /--format pytorch-train takes no --run, --checkpoint or --distribute/);
    }
  });
});

/**
 * `train FILE --resume RUN`: a run stopped by Ctrl+C goes on from its last checkpoint, in its own folder, and ends
 * with what the uninterrupted run ends with — weights, curves, best epoch — on tfjs and on PyTorch; a checkpoint
 * written on one backend resumes on the other.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import type { EndEvent, ErrorEvent, StartEvent, TrainerEvent } from "../../src/protocol/trainer";
import { cli, modelFile, python, startInGroup } from "../helpers/cliProcess";

/** Dropout, a cosine schedule over the whole run, Adam and early stopping: every state a checkpoint must carry. */
const model = JSON.stringify({
  version: 1,
  layers: [
    { type: "Input", shape: [28, 28, 1] },
    { type: "Conv2D", filters: 4, kernelSize: 3, strides: 2, activation: "relu" },
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
    earlyStopping: { monitor: "val_loss", patience: 5 },
    dataset: { type: "mnist-sample" },
  },
});

/** The final weights of a run, as one array. */
const weights = (runDir: string) => {
  const b = readFileSync(join(runDir, "weights.bin"));
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};
const metrics = (runDir: string) => JSON.parse(readFileSync(join(runDir, "metrics.json"), "utf8"));

describe("[resume] train --resume: a stopped run goes on from its last checkpoint", function () {
  this.timeout(300_000);
  const file = modelFile(model);
  const runs = mkdtempSync(join(tmpdir(), "cnn-resume-"));
  // (A resumed run goes on in its own folder: --runs-dir is for new runs.)
  const base = (backend: string) => ["train", "--json", "--samples", "3000", "--backend", backend, "--python", python];
  const fresh = (backend: string) => [...base(backend), "--runs-dir", runs];
  const cliJson = (args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", timeout: 300_000 });
    const events = r.stdout
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as TrainerEvent);
    return { status: r.status, events, stderr: r.stderr };
  };
  const endOf = (events: TrainerEvent[]) => events.find((e): e is EndEvent => e.type === "end") as EndEvent;

  /** Trains without a stop, then with a Ctrl+C in epoch 2 and a resume; returns both runs' folders. */
  async function pair(backend: string, resumeOn = backend) {
    const whole = cliJson([...fresh(backend), file]);
    assert.equal(whole.status, 0, whole.stderr);
    const stopped = await startInGroup([...fresh(backend), file], (e, run) => {
      if (e.type === "batchEnd" && e.epoch === 2 && e.batch === 2) run.signalGroup("SIGINT");
    }).done;
    assert.equal(stopped.status, 130, stopped.stderr);
    const runDir = (stopped.events.find((e): e is StartEvent => e.type === "start") as StartEvent).runDir;
    const last = JSON.parse(readFileSync(join(runDir, "checkpoints", "last.json"), "utf8"));
    // A cut-short epoch is no checkpoint. (PyTorch reports its batches in groups: it may have ended epoch 2.)
    assert.ok(last.epoch === 1 || (backend === "pytorch" && last.epoch === 2), `the last checkpoint is of epoch ${last.epoch}`);
    const resumed = cliJson([...base(resumeOn), "--resume", runDir, file]);
    assert.equal(resumed.status, 0, resumed.stderr);
    const end = endOf(resumed.events);
    assert.equal(end.runDir, runDir, "the same run folder");
    const step = last.epoch * 85;
    assert.ok(
      resumed.events.some(
        (e) => e.type === "log" && e.line === `Resumed from epoch ${last.epoch} of 3 (checkpoints/last.json, step ${step})`,
      ),
    );
    assert.deepEqual(
      resumed.events.filter((e) => e.type === "epochEnd").map((e) => (e as { epoch: number }).epoch),
      last.epoch === 1 ? [2, 3] : [3],
    );
    return { whole: endOf(whole.events).runDir, resumed: runDir };
  }

  it("on tfjs (wasm): the same weights, curves and best epoch as the uninterrupted run", async () => {
    const { whole, resumed } = await pair("wasm");
    assert.deepEqual(weights(resumed), weights(whole), "bit for bit");
    const [a, b] = [metrics(whole), metrics(resumed)];
    assert.deepEqual(
      b.epochs.map((r: { epoch: number }) => r.epoch),
      [1, 2, 3],
    );
    assert.deepEqual(b.epochs, a.epochs);
    assert.equal(b.bestEpoch, a.bestEpoch);
    assert.equal(JSON.parse(readFileSync(join(resumed, "status.json"), "utf8")).state, "done");
  });

  it("on PyTorch: the same weights and curves as the uninterrupted run (1e-5)", async () => {
    const { whole, resumed } = await pair("pytorch");
    const [x, y] = [weights(whole), weights(resumed)];
    const worst = x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);
    assert.ok(worst < 1e-5, `weights differ by ${worst}`);
    const [a, b] = [metrics(whole).epochs, metrics(resumed).epochs];
    for (let i = 0; i < 3; i++)
      assert.ok(Math.abs(a[i].val_loss - b[i].val_loss) < 1e-5, `epoch ${i + 1}: ${a[i].val_loss} vs ${b[i].val_loss}`);
  });

  it("a checkpoint written on tfjs resumes on PyTorch; a finished run is refused with the way to train on", async () => {
    const { resumed } = await pair("wasm", "pytorch");
    assert.equal(metrics(resumed).epochs.length, 3);
    assert.equal(metrics(resumed).backend, "pytorch");
    const again = cliJson([...base("wasm"), "--resume", resumed, file]);
    assert.equal(again.status, 2);
    const error = again.events.find((e): e is ErrorEvent => e.type === "error") as ErrorEvent;
    assert.match(error.message, /has trained all its 3 epochs; to train on, resume it with more epochs \(--epochs 8\)$/);
    const fewer = cliJson([...base("wasm"), "--resume", resumed, "--epochs", "2", file]);
    assert.equal(fewer.status, 2);
    assert.match(
      (fewer.events.find((e): e is ErrorEvent => e.type === "error") as ErrorEvent).message,
      /has trained 3 epochs already; give --epochs more than 3$/,
    );
    // A run still training (its status names a live process on this machine) is not resumed by another trainer.
    const status = join(resumed, "status.json");
    const saved = readFileSync(status, "utf8");
    writeFileSync(status, JSON.stringify({ ...JSON.parse(saved), state: "running", pid: process.pid, host: hostname() }));
    const twice = cliJson([...base("wasm"), "--resume", resumed, "--epochs", "4", file]);
    assert.equal(twice.status, 2);
    assert.match(
      (twice.events.find((e): e is ErrorEvent => e.type === "error") as ErrorEvent).message,
      new RegExp(`it is still training \\(process ${process.pid} on .*\\); stop it first$`),
    );
    writeFileSync(status, saved);
    // The run's own data: another --samples is refused, and so is --runs-dir; without --samples, the run's 3000.
    const other = cliJson(["train", "--json", "--samples", "2000", "--backend", "wasm", "--resume", resumed, "--epochs", "4", file]);
    assert.equal(other.status, 2);
    assert.match(
      (other.events.find((e): e is ErrorEvent => e.type === "error") as ErrorEvent).message,
      /trained on --samples 3000; resume it with the same \(or without --samples\), not --samples 2000$/,
    );
    const elsewhere = spawnSync(process.execPath, [cli, ...fresh("wasm"), "--resume", resumed, file], { encoding: "utf8" });
    assert.equal(elsewhere.status, 2);
    assert.match(elsewhere.stderr, /--runs-dir is where new runs go: a resumed run goes on in its own folder/);
    const more = cliJson(["train", "--json", "--backend", "wasm", "--resume", resumed, "--epochs", "4", file]);
    assert.equal(more.status, 0, more.stderr);
    assert.equal(metrics(resumed).epochs.length, 4);
    const start = more.events.find((e): e is StartEvent => e.type === "start") as StartEvent;
    assert.deepEqual(start.split, { train: 2700, validation: 300, test: 600 });
  });
});

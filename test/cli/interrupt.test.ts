/**
 * [interrupt] Ctrl+C in a terminal signals the whole process group, the trainer included: the run must stop at the
 * batch end and be saved; a second Ctrl+C stops at once, still saving what was trained; a third ends the trainer,
 * and the run keeps its last checkpoint. Tested with real signals to a real process group.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EndEvent, StartEvent, TrainerEvent } from "../../src/protocol/trainer";
import { alive, cli, modelFile, startInGroup, type GroupRun } from "../helpers/cliProcess";

/** Batches of about half a second on this machine's CPU, so that signals sent together land in one batch. */
const slow = (epochs: number) =>
  JSON.stringify({
    version: 1,
    layers: [
      { type: "Input", shape: [28, 28, 1] },
      { type: "Conv2D", filters: 32, kernelSize: 3, activation: "relu" },
      { type: "Conv2D", filters: 32, kernelSize: 3, activation: "relu" },
      { type: "GlobalAveragePooling2D" },
      { type: "Dense", units: 10, activation: "softmax" },
    ],
    training: {
      metrics: ["accuracy"],
      batchSize: 256,
      epochs,
      validationSplit: 0.1,
      testSplit: 0.1,
      seed: 3,
      dataset: { type: "mnist-sample" },
    },
  });

const status = (runDir: string) =>
  JSON.parse(readFileSync(join(runDir, "status.json"), "utf8")) as { state: string; reason: string | null };
const startOf = (events: TrainerEvent[]) => events.find((e): e is StartEvent => e.type === "start") as StartEvent;
const endOf = (events: TrainerEvent[]) => events.find((e): e is EndEvent => e.type === "end");
const trainerPid = (run: GroupRun) =>
  Number(
    spawnSync("pgrep", ["-P", String(run.child.pid), "-f", "trainer.js"], { encoding: "utf8" })
      .stdout.trim()
      .split("\n")[0],
  );

/** Sends `count` Ctrl+C to the group, 30 ms apart, once `when` holds for an event. */
function interruptWhen(count: number, when: (e: TrainerEvent) => boolean, pids: { trainer?: number }) {
  let sent = false;
  return (e: TrainerEvent, run: GroupRun) => {
    if (sent || !when(e)) return;
    sent = true;
    pids.trainer = trainerPid(run);
    for (let i = 0; i < count; i++) setTimeout(() => run.signalGroup("SIGINT"), 30 * i);
  };
}

describe("[interrupt] Ctrl+C in a terminal (SIGINT to the whole process group)", () => {
  const runs = mkdtempSync(join(tmpdir(), "cnn-interrupt-"));
  const args = (model: string, ...more: string[]) => ["train", "--json", "--runs-dir", runs, "--samples", "2000", model, ...more];

  it("[interrupt] one Ctrl+C stops at the batch end, evaluates and saves the run (status stopped), exit 130", async () => {
    const pids: { trainer?: number } = {};
    const run = startInGroup(
      args(modelFile(slow(3))),
      interruptWhen(1, (e) => e.type === "batchEnd" && e.batch === 2, pids),
    );
    const r = await run.done;
    assert.equal(r.status, 130, r.stderr);
    const end = endOf(r.events);
    assert.ok(end, `no end event; stderr: ${r.stderr}`);
    assert.deepEqual([end.stopped, end.stopReason], [true, "stop request"]);
    assert.ok(end.test !== null, "the test set was evaluated");
    // The stop comes at a batch end within the first epoch, not at its end. The signal goes after batch 2; on a
    // loaded machine the CLI may read that event a batch or two late, so only the epoch's end is the bound.
    const ends = r.events.filter((e) => e.type === "batchEnd") as { epoch: number; batch: number; batches: number }[];
    const last = ends.at(-1)!;
    assert.ok(last.epoch === 1 && last.batch < last.batches, `stopped after batch ${last.batch} of ${last.batches} in epoch ${last.epoch}`);
    assert.deepEqual(status(end.runDir).state, "stopped");
    assert.ok(existsSync(join(end.runDir, "model.json")) && existsSync(join(end.runDir, "weights.bin")), "the trained model is saved");
    assert.equal(alive(pids.trainer as number), false, "no trainer left behind");
  });

  it("[interrupt] a second Ctrl+C stops at once: no evaluation, what was trained saved, exit 130", async () => {
    const run = startInGroup(
      args(modelFile(slow(3))),
      interruptWhen(2, (e) => e.type === "batchEnd" && e.batch === 2, {}),
    );
    const r = await run.done;
    assert.equal(r.status, 130, r.stderr);
    const end = endOf(r.events);
    assert.ok(end, `no end event; stderr: ${r.stderr}`);
    assert.deepEqual([end.stopReason, end.test], ["stopped at once", null], "not evaluated");
    assert.deepEqual(status(end.runDir), { ...status(end.runDir), state: "stopped", reason: "stopped at once" });
    assert.ok(existsSync(join(end.runDir, "model.json")), "what was trained is saved");
    assert.match(r.stderr, /Stopping as soon as the trainer can/);
  });

  it("[interrupt] a third Ctrl+C ends the trainer: status killed, the last checkpoint kept and exportable", async () => {
    const pids: { trainer?: number } = {};
    const model = modelFile(slow(3));
    const run = startInGroup(
      args(model),
      interruptWhen(3, (e) => e.type === "batchEnd" && e.epoch === 2 && e.batch === 2, pids),
    );
    const r = await run.done;
    assert.equal(r.status, 130, r.stderr);
    const runDir = startOf(r.events).runDir;
    assert.equal(endOf(r.events), undefined, "the trainer was ended");
    assert.equal(status(runDir).state, "killed");
    const last = JSON.parse(readFileSync(join(runDir, "checkpoints", "last.json"), "utf8")) as { epoch: number };
    assert.equal(last.epoch, 1, "epoch 1's checkpoint");
    assert.equal(alive(pids.trainer as number), false);
    const out = join(runDir, "..", "exported.onnx");
    const exported = spawnSync(process.execPath, [cli, "export", model, "--format", "onnx", "--run", runDir, "-o", out], {
      encoding: "utf8",
    });
    assert.equal(exported.status, 0, exported.stderr);
    assert.match(exported.stderr, /the last checkpoint \(epoch 1\)/);
  });

  it("[interrupt] SIGTERM to the CLI alone (as `timeout` sends it) stops at once and saves, exit 143", async () => {
    let sent = false;
    const run = startInGroup(args(modelFile(slow(3))), (e, r) => {
      if (sent || e.type !== "batchEnd" || e.batch !== 2) return;
      sent = true;
      r.child.kill("SIGTERM");
    });
    const r = await run.done;
    assert.equal(r.status, 143, r.stderr);
    const end = endOf(r.events);
    assert.ok(end);
    assert.equal(end.stopReason, "stopped at once");
    assert.equal(status(end.runDir).state, "stopped");
  });

  it("[interrupt] Ctrl+C while the trainer is still starting: nothing trained, no run folder, exit 130, no trainer left", async () => {
    const runsDir = mkdtempSync(join(tmpdir(), "cnn-early-"));
    const pids: { trainer?: number } = {};
    const run = startInGroup(["train", "--json", "--runs-dir", runsDir, modelFile(slow(3))], () => undefined);
    // As soon as the trainer process exists (the CLI has its handlers by then), well before the trainer could set
    // one of its own: it loads tfjs for about half a second.
    for (let i = 0; i < 200 && !pids.trainer; i++) {
      await new Promise((r) => setTimeout(r, 10));
      pids.trainer = trainerPid(run) || undefined;
    }
    assert.ok(pids.trainer, "the trainer started");
    run.signalGroup("SIGINT");
    const r = await run.done;
    assert.equal(r.status, 130, r.stderr);
    const error = r.events.find((e) => e.type === "error");
    assert.deepEqual(error, { type: "error", message: "stopped before training began: nothing was trained", usage: false, stopped: true });
    assert.doesNotMatch(r.stderr, /killed/);
    assert.deepEqual(readdirSync(runsDir), [], "no run folder");
    if (pids.trainer) assert.equal(alive(pids.trainer), false);
  });

  it("[interrupt] a second Ctrl+C during the test evaluation stops it: not evaluated, what was trained saved", async () => {
    // One epoch on 100 samples, then 1,800 test samples: the evaluation is the long part.
    const model = JSON.parse(slow(1)) as { training: Record<string, unknown> };
    Object.assign(model.training, { testSplit: 0.9, validationSplit: 0 });
    const run = startInGroup(
      args(modelFile(JSON.stringify(model))),
      interruptWhen(2, (e) => e.type === "epochEnd", {}),
    );
    const r = await run.done;
    assert.equal(r.status, 130, r.stderr);
    const end = endOf(r.events);
    assert.ok(end, r.stderr);
    assert.deepEqual([end.test, end.stopReason], [null, "stopped at once, before the evaluation"]);
    assert.equal(status(end.runDir).state, "stopped");
    assert.ok(existsSync(join(end.runDir, "model.json")));
  });

  it("[interrupt] standard output that goes away (`| head`) stops the run and saves it (exit 141); a full one says so", async () => {
    let closed = false;
    const run = startInGroup(args(modelFile(slow(3))), (e, r) => {
      if (closed || e.type !== "batchEnd") return;
      closed = true;
      r.child.stdout?.destroy();
    });
    const r = await run.done;
    assert.equal(r.status, 141, r.stderr);
    const runDir = startOf(r.events).runDir;
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(status(runDir).state, "stopped");
    const full = spawnSync("sh", ["-c", `node ${cli} summary ${modelFile(slow(1))} > /dev/full`], { encoding: "utf8" });
    assert.equal(full.status, 2);
    // (The model's receptive-field note, an info, may come first: it goes to stderr.)
    assert.match(full.stderr, /^(?:[^\n]*: info: [^\n]*\n)*cnn-designer: cannot print: the disk is full writing 'standard output'\n$/);
  });
});

/**
 * [distributed] `train --distribute --nproc-per-node 2`: torch.distributed (DDP over gloo) under torchrun on this
 * machine, with Debian's python3-torch — the same global batch as one process, streamed as one run; Stop and a dead
 * rank end every process.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EndEvent, ErrorEvent, StartEvent, TrainerEvent } from "../../src/protocol/trainer";
import { alive, cli, descendants, python, root, startInGroup } from "../helpers/cliProcess";

const gone = async (pids: number[]) => {
  const deadline = Date.now() + 15_000;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return !pids.some(alive);
};

describe("[distributed] train --distribute: torch.distributed under torchrun, 2 processes over gloo", function () {
  this.timeout(600_000);
  const runs = mkdtempSync(join(tmpdir(), "cnn-ddp-"));
  const template = join(root, "examples", "mnist-convnet.cnn.json");
  const train = (...more: string[]) => ["train", "--json", "--runs-dir", runs, "--python", python, "--backend", "pytorch", ...more];

  it("the MNIST template at the same global batch: within 0.5 points of one process, streamed as one run", async () => {
    const one = spawnSync(process.execPath, [cli, ...train(template)], { encoding: "utf8" });
    assert.equal(one.status, 0, one.stderr);
    const single = one.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as TrainerEvent);
    const two = await startInGroup(train("--distribute", "--nproc-per-node", "2", template)).done;
    assert.equal(two.status, 0, two.stderr);
    const [a, b] = [single, two.events].map((events) => events.find((e): e is EndEvent => e.type === "end") as EndEvent);
    console.log(`      test accuracy: 1 process ${a.test?.accuracy.toFixed(4)}, 2 processes ${b.test?.accuracy.toFixed(4)}`);
    assert.ok(Math.abs((a.test?.accuracy ?? 0) - (b.test?.accuracy ?? 1)) <= 0.005);
    assert.ok((b.test?.accuracy ?? 0) >= 0.98);
    // One run: one start, every batch of the model's batch size once, five epochs, one end, one run folder.
    const start = two.events.filter((e): e is StartEvent => e.type === "start");
    assert.equal(start.length, 1);
    assert.equal(two.events.filter((e) => e.type === "batchEnd").length, 5 * start[0].batchesPerEpoch);
    assert.equal(two.events.filter((e) => e.type === "epochEnd").length, 5);
    assert.equal(two.events.filter((e) => e.type === "end").length, 1);
    assert.ok(two.events.some((e) => e.type === "log" && e.line.startsWith("Distributed: 2 processes (torch.distributed under torchrun)")));
    assert.ok(existsSync(join(b.runDir, "model.json")));
  });

  it("more processes than a batch has samples are refused before anything starts", () => {
    const r = spawnSync(process.execPath, [cli, ...train("--distribute", "--nproc-per-node", "17", template)], { encoding: "utf8" });
    assert.equal(r.status, 2);
    assert.match(
      (JSON.parse(r.stdout.trim()) as ErrorEvent).message,
      /^17 processes cannot share batches of 16 samples: use at most 16 processes, or a larger batchSize$/,
    );
  });

  it("Ctrl+C stops every rank at the same batch, the run saved; no rank or torchrun is left", async () => {
    let pythons: number[] = [];
    const run = startInGroup(train("--distribute", "--nproc-per-node", "2", "--samples", "4000", template), (e, r) => {
      if (e.type === "batchEnd" && e.epoch === 2 && pythons.length === 0) {
        pythons = descendants(r, "python");
        r.signalGroup("SIGINT");
      }
    });
    const { status, events } = await run.done;
    assert.equal(status, 130);
    assert.ok(pythons.length >= 3, `torchrun and its two ranks: ${pythons.length}`);
    const end = events.find((e): e is EndEvent => e.type === "end") as EndEvent;
    assert.equal(end.stopReason, "stop request");
    assert.ok(await gone(pythons), "every Python process has ended");
  });

  it("a rank that dies fails the run, saying so, with its last checkpoint; no process is left", async () => {
    let pythons: number[] = [];
    const run = startInGroup(train("--distribute", "--nproc-per-node", "2", "--samples", "4000", template), (e, r) => {
      if (e.type === "batchEnd" && e.epoch === 2 && pythons.length === 0) {
        pythons = descendants(r, "python");
        // A rank, not torchrun (its launcher): the highest pid is the last rank started.
        const ranks = descendants(r, "driver.py").filter((p) => !descendants(r, "launch.py").includes(p));
        process.kill(Math.max(...ranks), "SIGKILL");
      }
    });
    const { status, events } = await run.done;
    assert.equal(status, 1);
    const error = events.find((e): e is ErrorEvent => e.type === "error") as ErrorEvent;
    assert.match(error.message, /^training failed in PyTorch: /);
    assert.match(error.message, /the last checkpoint \(epoch 1\) is in checkpoints\/last\.json/);
    assert.ok(await gone(pythons), "every Python process has ended");
  });
});

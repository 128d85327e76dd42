/**
 * [pytorch] The pytorch backend's Stop, faults and processes, with Debian's python3-torch: Ctrl+C, a Python killed
 * as the out-of-memory killer kills it, a trainer that dies under it, and no Python or no torch at all.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EndEvent, ErrorEvent, StartEvent, TrainerEvent } from "../../src/protocol/trainer";
import { alive, cli, descendants, modelFile, python, startInGroup, tinyModel } from "../helpers/cliProcess";

/** The work folders the pytorch backend has in the temporary folder now. */
const workFolders = () => new Set(readdirSync(tmpdir()).filter((f) => f.startsWith("cnn-designer-torch-")));

const status = (runDir: string) =>
  JSON.parse(readFileSync(join(runDir, "status.json"), "utf8")) as { state: string; reason: string | null };

describe("[pytorch] the pytorch backend: Stop, faults and no orphans", function () {
  this.timeout(300_000);
  const runs = mkdtempSync(join(tmpdir(), "cnn-torch-runs-"));
  const model = modelFile(tinyModel({ epochs: 3, batchSize: 16 }));
  const args = (...more: string[]) => [
    "train",
    "--json",
    "--runs-dir",
    runs,
    "--samples",
    "3000",
    "--backend",
    "pytorch",
    "--python",
    python,
    model,
    ...more,
  ];

  it("Ctrl+C stops at a batch end: the run is evaluated and saved; Python and its work folder are gone", async () => {
    const before = workFolders();
    let pythons: number[] = [];
    const run = startInGroup(args(), (e, r) => {
      if (e.type === "batchEnd" && e.epoch === 2 && pythons.length === 0) {
        pythons = descendants(r, "driver.py");
        r.signalGroup("SIGINT");
      }
    });
    const { status: code, events, stderr } = await run.done;
    assert.equal(code, 130, stderr);
    assert.equal(pythons.length, 1, "one Python trained");
    const end = events.find((e): e is EndEvent => e.type === "end") as EndEvent;
    assert.equal(end.stopReason, "stop request");
    assert.ok(end.test && Number.isFinite(end.test.loss), "the test set was evaluated");
    assert.ok(existsSync(join(end.runDir, "model.json")));
    assert.equal(status(end.runDir).state, "stopped");
    assert.ok(!pythons.some(alive), "Python has ended");
    assert.deepEqual(
      [...workFolders()].filter((f) => !before.has(f)),
      [],
      "the work folder is removed",
    );
  });

  it("Python killed mid-run (as the out-of-memory killer does): the run fails saying so, with its last checkpoint", async () => {
    const run = startInGroup(args(), (e, r) => {
      if (e.type === "batchEnd" && e.epoch === 2 && e.batch === 3)
        for (const pid of descendants(r, "driver.py")) process.kill(pid, "SIGKILL");
    });
    const { status: code, events } = await run.done;
    assert.equal(code, 1);
    const error = events.find((e): e is ErrorEvent => e.type === "error") as ErrorEvent;
    assert.match(
      error.message,
      /^training failed in PyTorch: Python was killed \(SIGKILL: from outside, or by the system's out-of-memory killer/,
    );
    // The checkpoint of the last epoch that ended (under load the kill may land in a later epoch than asked).
    const ended = events.filter((e) => e.type === "epochEnd").length;
    assert.ok(ended >= 1);
    assert.match(error.message, new RegExp(`the last checkpoint \\(epoch ${ended}\\) is in checkpoints/last\\.json`));
    const start = events.find((e): e is StartEvent => e.type === "start") as StartEvent;
    assert.equal(status(start.runDir).state, "failed");
    assert.ok(existsSync(join(start.runDir, "checkpoints", "last.json")));
  });

  it("a trainer that dies takes its Python with it, and its work folder", async () => {
    const before = workFolders();
    let pythons: number[] = [];
    const run = startInGroup(args(), (e, r) => {
      if (e.type !== "batchEnd" || pythons.length > 0) return;
      pythons = descendants(r, "driver.py");
      for (const pid of descendants(r, "trainer.js")) process.kill(pid, "SIGKILL");
    });
    await run.done;
    assert.equal(pythons.length, 1);
    const deadline = Date.now() + 10_000;
    while (pythons.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(!pythons.some(alive), "Python ended when its trainer died");
    assert.deepEqual(
      [...workFolders()].filter((f) => !before.has(f)),
      [],
      "Python removed the work folder",
    );
  });

  it("no Python or no torch: forced, exit 2 with the cause and the fix; automatic, the next backend, saying why", () => {
    const forced = spawnSync(process.execPath, [cli, ...args().map((a) => (a === python ? "/nonexistent/python3" : a))], {
      encoding: "utf8",
    });
    assert.equal(forced.status, 2);
    assert.match(
      (JSON.parse(forced.stdout.trim()) as ErrorEvent).message,
      /backend 'pytorch' cannot be used: no Python at '\/nonexistent\/python3' \(set cnnDesigner\.training\.python, or --python/,
    );
    const auto = spawnSync(
      process.execPath,
      [cli, "train", "--json", "--runs-dir", runs, "--samples", "200", "--epochs", "1", "--python", "/nonexistent/python3", model],
      {
        encoding: "utf8",
      },
    );
    assert.equal(auto.status, 0, auto.stderr);
    const events = auto.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as TrainerEvent);
    const start = events.find((e): e is StartEvent => e.type === "start") as StartEvent;
    assert.notEqual(start.backend, "pytorch");
    assert.deepEqual(start.skipped[0], {
      backend: "pytorch",
      reason: "no Python at '/nonexistent/python3' (set cnnDesigner.training.python, or --python, to an interpreter with torch)",
    });
    assert.ok(events.some((e) => e.type === "log" && e.line.startsWith("  skipped pytorch: no Python at")));
  });
});

import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import * as vscode from "vscode";
import type { TrainerEvent } from "../../../src/protocol/trainer";
import { RunsView } from "../../../src/extension/training/runsView";
import type { RunUpdate } from "../../../src/extension/training/controller";
import { extensionId, fixture, until } from "./helpers";

/** What the extension's `activate` returns, as far as these tests use it. */
interface Api {
  readonly training: {
    train(
      uri: vscode.Uri,
      overrides?: { epochs?: number; samples?: number; resume?: string },
    ): Promise<{ runDir: string; test: Record<string, number> | null } | undefined>;
    readonly onDidUpdate: vscode.Event<{ event: { type: string; line?: string; runDir?: string } }>;
    readonly running: boolean;
  };
  readonly runs: { runs(): Promise<{ folder: vscode.Uri; description?: string | boolean; contextValue?: string }[]> };
  readonly charts: { readonly shown: readonly { id: string; epochs: readonly object[]; batches: readonly object[]; live: boolean }[] };
}

describe("training in VS Code", () => {
  const api = () => vscode.extensions.getExtension<Api>(extensionId)!.exports;

  it("trains a template in a child process: Keras-style log, run folder, Runs view and live charts", async function () {
    this.timeout(240_000);
    const lines: string[] = [];
    const listener = api().training.onDidUpdate(({ event }) => event.type === "log" && lines.push(event.line ?? ""));
    const uri = fixture("train.cnn.json");
    // The extension host's event-loop lag while the run streams its events (recorded in the README).
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    const end = await api().training.train(uri, { samples: 1500 });
    lag.disable();
    listener.dispose();
    console.log(
      `      extension host event-loop lag during training: p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms`,
    );
    assert.ok(lag.percentile(99) / 1e6 < 100, "the extension host stays responsive");
    assert.ok(end, `the run ended; log:\n${lines.join("\n")}`);
    assert.equal(api().training.running, false);
    assert.ok(lines.includes("Epoch 1/1"));
    assert.ok(
      lines.some((l) => /^\d+\/\d+ - loss: .* - val_accuracy: \d\.\d{4} - \d+s \d+ms\/step$/.test(l)),
      lines.join("\n"),
    );
    assert.ok(existsSync(join(end.runDir, "model.json")));
    assert.equal(readFileSync(join(end.runDir, "model.cnn.json"), "utf8"), readFileSync(uri.fsPath, "utf8"));
    // The run's folder is beside the model, and the Runs view lists it with its test accuracy.
    assert.ok(end.runDir.startsWith(join(uri.fsPath, "..", ".cnn-runs", "train")));
    const listed = await until(
      () => api().runs.runs(),
      (runs) => runs.some((r) => r.folder.fsPath === end.runDir && /^test acc \d\.\d{4}/.test(String(r.description))),
      10_000,
      "the run in the Runs view",
    );
    assert.ok(listed.length >= 1);
    // The charts followed the run live: one epoch, every batch.
    const shown = api().charts.shown.find((r) => r.id === end.runDir);
    assert.ok(shown && shown.epochs.length === 1 && shown.batches.length > 10 && !shown.live, JSON.stringify(shown)?.slice(0, 200));
  });
});

describe("Resume Training from the Runs view", () => {
  const api = () => vscode.extensions.getExtension<Api>(extensionId)!.exports;

  it("goes on from a run's last checkpoint, in its folder, up to the model's epochs", async function () {
    this.timeout(240_000);
    const text = readFileSync(fixture("train.cnn.json").fsPath, "utf8").replace('"epochs": 1', '"epochs": 2');
    const uri = vscode.Uri.file(join(fixture("train.cnn.json").fsPath, "..", "resume.cnn.json"));
    writeFileSync(uri.fsPath, text);
    // Stopped in its second epoch: a run with an epoch left, which the Runs view offers to resume.
    const stopper = api().training.onDidUpdate(({ event }) => {
      if (event.type === "epochEnd") void vscode.commands.executeCommand("cnnDesigner.stopTraining");
    });
    const first = await api().training.train(uri, { samples: 3000 });
    stopper.dispose();
    assert.ok(first);
    const item = await until(
      () => api().runs.runs(),
      (runs) => runs.some((r) => r.folder.fsPath === first.runDir && r.contextValue === "cnnDesigner.run.resumable"),
      10_000,
      "the stopped run in the Runs view, with Resume Training",
    ).then((runs) => runs.find((r) => r.folder.fsPath === first.runDir));
    const lines: string[] = [];
    const listener = api().training.onDidUpdate(({ event }) => event.type === "log" && lines.push(event.line ?? ""));
    const end = (await vscode.commands.executeCommand("cnnDesigner.resumeRun", item)) as { runDir: string } | undefined;
    listener.dispose();
    assert.equal(end?.runDir, first.runDir, lines.join("\n"));
    assert.ok(
      lines.some((l) => /^Resumed from epoch 1 of 2 \(checkpoints\/last\.json, step \d+\)$/.test(l)),
      lines.join("\n"),
    );
    const metrics = JSON.parse(readFileSync(join(first.runDir, "metrics.json"), "utf8"));
    assert.deepEqual(
      metrics.epochs.map((r: { epoch: number }) => r.epoch),
      [1, 2],
    );
    // The charts' curves go on from the first epoch: both epochs, every batch of both.
    const shown = await until(
      async () => api().charts.shown.find((r) => r.id === first.runDir),
      (r) => r?.epochs.length === 2,
      10_000,
      "the resumed run's two epochs in the charts",
    );
    assert.equal(shown?.batches.length, metrics.batches.length);
  });
});

describe("a trainer killed mid-run", () => {
  const api = () => vscode.extensions.getExtension<Api>(extensionId)!.exports;

  it("[run-folder] the Runs view says killed (never 'running' for a dead run), and the charts stop following it", async function () {
    this.timeout(240_000);
    let runDir = "";
    let killed = false;
    const listener = api().training.onDidUpdate(({ event }) => {
      if (event.type === "start") runDir = event.runDir ?? "";
      if (event.type !== "batchEnd" || killed) return;
      killed = true;
      const pid = Number(execFileSync("pgrep", ["-f", "dist/trainer.js"], { encoding: "utf8" }).trim().split("\n")[0]);
      process.kill(pid, "SIGKILL");
    });
    const end = await api().training.train(fixture("train.cnn.json"), { samples: 1500 });
    listener.dispose();
    assert.equal(end, undefined, "the run did not end by itself");
    assert.ok(killed && runDir);
    const item = await until(
      async () => (await api().runs.runs()).find((r) => r.folder.fsPath === runDir),
      (r) => /^killed/.test(String(r?.description)),
      10_000,
      "the killed run in the Runs view",
    );
    assert.match(String(item?.description), /^killed · 0\/1 epochs/);
    assert.equal(JSON.parse(readFileSync(join(runDir, "status.json"), "utf8")).state, "killed");
    assert.equal(api().charts.shown.find((r) => r.id === runDir)?.live ?? false, false);
  });
});

describe("the Runs view", () => {
  it("runs of two models that overlap keep their own labels: one's epoch and end leave the other's alone", async () => {
    const updates = new vscode.EventEmitter<RunUpdate>();
    const view = new RunsView(updates.event);
    const folder = (model: string) => join(fixture(".").fsPath, ".cnn-runs", model, "2026-01-01T00-00-00");
    const [a, b] = [folder("overlap-a"), folder("overlap-b")];
    for (const dir of [a, b]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "model.cnn.json"), "{}");
    }
    const models = [fixture("overlap-a.cnn.json"), fixture("overlap-b.cnn.json")];
    const start = (runDir: string): TrainerEvent => ({
      type: "start",
      protocolVersion: 1,
      backend: "wasm",
      device: "test",
      skipped: [],
      split: { train: 1, validation: 0, test: 0 },
      epochs: 3,
      batchesPerEpoch: 1,
      runDir,
    });
    const labels = async () => {
      const runs = await view.runs();
      return [a, b].map((dir) => runs.find((r) => r.folder.fsPath === dir)?.description);
    };
    try {
      updates.fire({ modelUri: models[0], event: start(a) });
      updates.fire({ modelUri: models[1], event: start(b) });
      assert.deepEqual(await labels(), ["epoch 0/3", "epoch 0/3"]);
      updates.fire({ modelUri: models[0], event: { type: "epochEnd", epoch: 1, epochs: 3, logs: { loss: 1 }, seconds: 1, msPerStep: 1 } });
      assert.deepEqual(await labels(), ["epoch 1/3 · running", "epoch 0/3"]);
      updates.fire({ modelUri: models[1], event: { type: "error", message: "stopped", usage: false } });
      assert.deepEqual(await labels(), ["epoch 1/3 · running", "no metrics"]);
    } finally {
      view.dispose();
      updates.dispose();
      rmSync(join(fixture(".").fsPath, ".cnn-runs", "overlap-a"), { recursive: true, force: true });
      rmSync(join(fixture(".").fsPath, ".cnn-runs", "overlap-b"), { recursive: true, force: true });
    }
  });
});

/** What the trainer's suites share: the built trainer and CLI, a runs folder, a small model, the CLI's events. */
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TrainerEvent } from "../../src/protocol/trainer";

/** The repository root. */
export const root = join(__dirname, "..", "..", "..");
/** The built trainer process. */
export const trainer = join(root, "dist", "trainer.js");
/** The built command line. */
export const cli = join(root, "dist", "cli.js");
/** Debian's python3, which has python3-torch (another python3 may come first on PATH). */
export const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
/** A fresh runs folder for the suites. */
export const runs = mkdtempSync(join(tmpdir(), "cnn-runs-"));

/** A small convnet on the MNIST sample: quick to train on a few hundred samples. */
export const tiny = (training: object = {}) =>
  JSON.stringify({
    version: 1,
    layers: [
      { type: "Input", shape: [28, 28, 1] },
      { type: "Conv2D", filters: 4, kernelSize: 3, strides: 2, activation: "relu" },
      { type: "GlobalAveragePooling2D" },
      { type: "Dense", units: 10, activation: "softmax" },
    ],
    training: {
      metrics: ["accuracy"],
      batchSize: 16,
      epochs: 1,
      validationSplit: 0.1,
      testSplit: 0.1,
      dataset: { type: "mnist-sample" },
      ...training,
    },
  });

/** Writes a model file into a fresh folder and returns its path. */
export function modelFile(text: string, name = "tiny.cnn.json"): string {
  const dir = mkdtempSync(join(tmpdir(), "cnn-model-"));
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

/** A `train --json` run's events (its standard output, a JSON event a line), exit status and standard error. */
export interface TrainCliResult {
  readonly events: TrainerEvent[];
  readonly status: number | null;
  readonly stderr: string;
}

const trainArgs = (args: string[]) => [cli, "train", "--json", "--runs-dir", runs, ...args];
const eventsOf = (stdout: string) =>
  stdout
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as TrainerEvent);

/** Runs `cnn-designer train … --json` and returns its events and exit status. */
export function trainCli(args: string[]): TrainCliResult {
  const r = spawnSync(process.execPath, trainArgs(args), { encoding: "utf8", timeout: 600_000 });
  return { events: eventsOf(r.stdout), status: r.status, stderr: r.stderr };
}

/** `trainCli` without blocking, so that independent runs can go side by side (each is a process of its own). */
export function trainCliAsync(args: string[]): Promise<TrainCliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, trainArgs(args), { encoding: "utf8", timeout: 600_000, maxBuffer: 1 << 30 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === "number" ? error.code : null) : 0;
      resolve({ events: eventsOf(stdout), status, stderr });
    });
  });
}

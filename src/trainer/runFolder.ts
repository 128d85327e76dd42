/**
 * Writing a run's folder, `.cnn-runs/<model>/<timestamp>/` (src/node/runLayout.ts names its files): the exact model
 * file trained, the status, the backend and hardware used, the log, metrics.json and metrics.csv after every epoch,
 * and at the end the trained model in tfjs format (model.json + weights.bin, loadable by tf.loadLayersModel). Every
 * file but the log is written atomically.
 */
import { appendFileSync } from "node:fs";
import { arch, cpus, platform, release, totalmem } from "node:os";
import { join } from "node:path";
import { printable, runFiles, type MetricsRow } from "../core";
import { makeFolders, writeFileAtomic } from "../node/files";
import { runningStatus, writeRunStatus } from "../node/runFolder";
import type { SkippedBackend } from "../protocol/trainer";
import type { Tf } from "./backends";

/** Appends a line to the run's log (control characters escaped; a failed append is not worth a failed run). */
export function appendLog(dir: string, line: string): void {
  try {
    appendFileSync(join(dir, runFiles.log), `${printable(line, true)}\n`);
  } catch {
    // a full disk: the epochs' checkpoints and the status say more than the log would
  }
}

/** The data a run trains on: the `--samples` limit (null for all) and the split's sizes; a resumed run must match. */
export interface RunData {
  readonly samples: number | null;
  readonly train: number;
  readonly validation: number;
  readonly test: number;
}

/** Writes the model file as trained, the status (running) and the environment (backend, device, hardware, data). */
export function writeStart(
  dir: string,
  modelText: string,
  epochs: number,
  env: { backend: string; device: string; skipped: readonly SkippedBackend[]; data: RunData },
): void {
  // The status first: it marks the folder as a run's, and its block is the one a full disk's last word needs.
  writeRunStatus(dir, runningStatus(epochs));
  writeFileAtomic(join(dir, runFiles.model), modelText);
  const hardware = {
    platform: `${platform()} ${release()} ${arch()}`,
    cpus: cpus().length,
    cpu: cpus()[0]?.model.trim(),
    memoryBytes: totalmem(),
  };
  writeFileAtomic(join(dir, runFiles.environment), `${JSON.stringify({ ...env, node: process.version, hardware }, null, 2)}\n`);
}

/** Writes metrics.json (everything) and metrics.csv (one row per epoch). */
export function writeMetrics(dir: string, metrics: { epochs: readonly MetricsRow[]; test: MetricsRow | null; [k: string]: unknown }): void {
  writeFileAtomic(join(dir, runFiles.metrics), `${JSON.stringify(metrics, null, 2)}\n`);
  const keys = [...new Set(metrics.epochs.flatMap((r) => Object.keys(r)))];
  const rows = metrics.epochs.map((r) => keys.map((k) => (r[k] === undefined ? "" : String(r[k]))).join(","));
  writeFileAtomic(join(dir, runFiles.metricsCsv), `${[keys.join(","), ...rows].join("\n")}\n`);
}

/** Saves `model` in tfjs' format into `dir` (model.json + weights.bin), without tfjs-node's file handler. */
export async function saveModel(tf: Tf, model: { save(handler: unknown): Promise<unknown> }, dir: string): Promise<void> {
  makeFolders(dir);
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData ? Buffer.from(tf.io.CompositeArrayBuffer.join(artifacts.weightData)) : Buffer.alloc(0);
      // The weights first: model.json, written last, is what makes the model complete.
      writeFileAtomic(join(dir, runFiles.weights), weights);
      const manifest = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? "layers-model",
        generatedBy: artifacts.generatedBy,
        convertedBy: "CNN Designer",
        weightsManifest: [{ paths: [runFiles.weights], weights: artifacts.weightSpecs }],
      };
      writeFileAtomic(join(dir, runFiles.manifest), JSON.stringify(manifest));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON", weightDataBytes: weights.length } };
    }),
  );
}

/** The names in a training run's folder, and how a folder is known to be one (docs/run-folder.md). */
import { existsSync } from "node:fs";
import { join } from "node:path";

/** The files of a run folder. */
export const runFiles = {
  /** The model file exactly as trained. */
  model: "model.cnn.json",
  /** The run's state: see RunStatus. */
  status: "status.json",
  log: "training.log",
  environment: "environment.json",
  /** Every epoch's (and batch's) metrics, rewritten after each epoch. */
  metrics: "metrics.json",
  metricsCsv: "metrics.csv",
  /** The trained model in TF.js' layers format, written when training ends (with weights.bin). */
  manifest: "model.json",
  weights: "weights.bin",
  /** last.json and best.json with their data files: see src/node/checkpoint.ts. */
  checkpoints: "checkpoints",
} as const;

/** True for a folder a training run wrote (a status file, or an older run's model and log). */
export function isRunFolder(dir: string): boolean {
  return existsSync(join(dir, runFiles.status)) || (existsSync(join(dir, runFiles.model)) && existsSync(join(dir, runFiles.log)));
}

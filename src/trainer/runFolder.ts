/**
 * Writing a run's folder, `.cnn-runs/<model>/<timestamp>/` (src/node/runLayout.ts names its files): the exact model
 * file trained, the status, the backend and hardware used, the log, metrics.json and metrics.csv after every epoch,
 * and at the end the trained model in tfjs format (model.json + weights.bin, loadable by tf.loadLayersModel). Every
 * file but the log is written atomically.
 */
import { accessSync, appendFileSync, constants, existsSync, mkdirSync, mkdtempSync, rmdirSync, statSync } from "node:fs";
import { arch, cpus, platform, release, totalmem } from "node:os";
import { basename, dirname, join } from "node:path";
import { printable, runFiles, runsFolderName, type MetricsRow } from "../core";
import { describeFileError, FileError, makeFolders, writeFileAtomic } from "../node/files";
import { runningStatus, writeRunStatus } from "../node/runFolder";
import type { SkippedBackend } from "../protocol/trainer";
import type { Tf } from "./backends";

/**
 * Why a folder could not be made under its nearest existing ancestor (a read-only file system, no permission):
 * Node reports a failed recursive mkdir as ENOENT, which names the wrong cause.
 */
function blockingAncestor(path: string): NodeJS.ErrnoException | undefined {
  let dir = dirname(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (e) {
    return e as NodeJS.ErrnoException;
  }
}

/** Creates a new run folder for `modelPath` under `runsDir` (default `.cnn-runs` beside the model). */
export function createRunFolder(modelPath: string, runsDir?: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:]/g, "-").replace(/\..*$/, "");
  const base = prepareRunsFolder(modelPath, runsDir);
  for (let k = 0; ; k++) {
    const dir = join(base, k ? `${stamp}-${k}` : stamp);
    try {
      mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw new FileError(describeFileError(e, dir, "creating"), { cause: e });
    }
  }
}

/** The folder a model's runs go into: `runsDir`, else `.cnn-runs` beside the model; then the model's name. */
const runsBase = (modelPath: string, runsDir?: string) =>
  join(runsDir ?? join(dirname(modelPath), runsFolderName), basename(modelPath).replace(/\.cnn\.json$/, ""));

/** Creates the folder a model's runs go into and returns its path; a FileError naming the path otherwise. */
function prepareRunsFolder(modelPath: string, runsDir?: string): string {
  const base = runsBase(modelPath, runsDir);
  try {
    makeFolders(base);
  } catch (e) {
    throw new FileError(describeFileError(blockingAncestor(base) ?? e, base, "creating"), { cause: e });
  }
  return base;
}

/**
 * Why a model's runs folder could not be created, found without creating anything: the nearest part of its path
 * that exists is not a folder, or cannot be written. Said before any data is loaded; `undefined` when it can.
 */
export function runsFolderProblem(modelPath: string, runsDir?: string): string | undefined {
  const base = runsBase(modelPath, runsDir);
  let existing = base;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    if (!statSync(existing).isDirectory()) return `'${existing}' is a file, not a folder, so '${base}' cannot be created`;
    accessSync(existing, constants.W_OK);
  } catch (e) {
    return describeFileError(e, existing, "creating a folder in");
  }
  // Permissions are not the whole answer (root may write anywhere, yet not under /proc): a folder is made and removed.
  try {
    rmdirSync(mkdtempSync(join(existing, ".cnn-designer-probe-")));
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === "ENOENT"
      ? `'${existing}' takes no new folders (its file system refused one), so '${base}' cannot be created`
      : describeFileError(e, existing, "creating a folder in");
  }
}

/** Appends a line to the run's log (control characters escaped; a failed append is not worth a failed run). */
export function appendLog(dir: string, line: string): void {
  try {
    appendFileSync(join(dir, runFiles.log), `${printable(line, true)}\n`);
  } catch {
    // a full disk: the epochs' checkpoints and the status say more than the log would
  }
}

/** Writes the model file as trained, the status (running) and the environment (backend, device, hardware). */
export function writeStart(
  dir: string,
  modelText: string,
  epochs: number,
  env: { backend: string; device: string; skipped: readonly SkippedBackend[] },
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

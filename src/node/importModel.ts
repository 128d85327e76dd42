/**
 * Import of a model file with its weights, as the CLI and the extension do it: the topology becomes a model text
 * (the core's importer), the weights are fitted to it, and they are written as a run of the new model — the
 * trainer's own format (TF.js' model.json and weights.bin), marked as imported — so the Runs view, every exporter,
 * evaluation and fine-tuning take them as they take a trained run's.
 */
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import {
  type ImportedWeights,
  type Message,
  type Result,
  type RunOrigin,
  analyze,
  fitFileWeights,
  importKeras,
  msg,
  runFiles,
  tfjsModelJson,
  tfjsSafeNames,
} from "../core";
import { readModelFile, type ModelFile } from "./kerasFile";
import { isRunFolder, writeRunStatus } from "./runFolder";
import { createRunFolder } from "./runsFolder";
import { FileError, makeFolders, writeFileAtomic } from "./files";

/** Why `dir` cannot take an imported run (it is a file, or a folder that holds anything), or undefined when it can. */
export function importedRunProblem(dir: string): Message | undefined {
  for (let up = dirname(resolve(dir)); dirname(up) !== up; up = dirname(up))
    if (isRunFolder(up)) return msg("importFile.insideRun", { dir, run: up });
  if (!existsSync(dir)) return undefined;
  if (!statSync(dir).isDirectory()) return msg("importFile.isFile", { dir });
  if (readdirSync(dir).length > 0) return msg("importFile.notEmpty", { dir });
  return undefined;
}

/** `dir`, created if it does not exist; a FileError if it cannot take an imported run. */
function emptyFolder(dir: string): string {
  const problem = importedRunProblem(dir);
  if (problem) throw new FileError(problem);
  makeFolders(dir);
  return dir;
}

/** An imported model: its text, the settings left out, its weights where the file had them, and their origin. */
export interface ModelImport {
  readonly text: string;
  readonly dropped: readonly string[];
  readonly weights?: ImportedWeights;
  readonly origin: RunOrigin;
  /** What the user should know: weights that could not come along. */
  readonly warnings?: readonly string[];
}

/**
 * Imports `path` (a Keras `.h5` or `.keras`, or a JSON topology); `weightsPath` names a `save_weights()` file for
 * a topology that has none. A file that cannot be read throws a FileError; a model that cannot be imported is the
 * core's refusal.
 */
export function importModelFile(path: string, weightsPath?: string): Result<ModelImport> {
  const model = { file: readModelFile(path), name: path };
  const paired = weightsPath === undefined ? undefined : { file: readModelFile(weightsPath, msg("files.weightsFile")), name: weightsPath };
  return importModel(model, paired);
}

/** A model file read for import, and its path or name (for messages and the run's origin). */
export interface NamedModelFile {
  readonly file: ModelFile;
  readonly name: string;
}

/** Imports a model file already read, with the weights of `paired` (a `save_weights()` file) when given. */
export function importModel(model: NamedModelFile, paired?: NamedModelFile): Result<ModelImport> {
  const { file } = model;
  if (paired && !paired.file.weights)
    throw new FileError(
      file.weights
        ? msg("importFile.noWeightsSwapped", { file: paired.name, weights: basename(paired.name), model: basename(model.name) })
        : msg("importFile.noWeights", { file: paired.name }),
    );
  if (paired && file.weights) throw new FileError(msg("importFile.ownWeights", { file: model.name }));
  const weights = paired?.file.weights ?? file.weights;
  if (file.onnx) {
    if (paired) throw new FileError(msg("importFile.ownWeights", { file: model.name }));
    const origin: RunOrigin = { source: basename(model.name), format: file.format, kerasVersion: null };
    if (!file.onnx.ok) return { ok: false, problem: msg("import.inFile", { file: model.name, problem: file.onnx.problem }) };
    const fitted = fitFileWeights(analyze(file.onnx.value.text), file.onnx.value.weights);
    if (!fitted.ok) return { ok: false, problem: msg("import.inFile", { file: model.name, problem: fitted.problem }) };
    const some = fitted.value.specs.length > 0 ? { weights: fitted.value } : {};
    return { ok: true, value: { text: file.onnx.value.text, dropped: [], ...some, origin } };
  }
  if (file.topology === undefined) throw new FileError(msg("importFile.weightsOnly", { file: model.name, name: basename(model.name) }));
  const imported = importKeras(file.topology);
  if (!imported.ok) return { ok: false, problem: msg("import.inFile", { file: model.name, problem: imported.problem }) };
  const origin: RunOrigin = {
    source: basename((paired ?? model).name),
    format: (paired?.file ?? file).format,
    kerasVersion: paired?.file.kerasVersion ?? file.kerasVersion ?? null,
  };
  if (!weights) return { ok: true, value: { ...imported.value, origin, warnings: file.warnings } };
  const fitted = fitFileWeights(analyze(imported.value.text), weights);
  if (!fitted.ok) return { ok: false, problem: msg("import.inFile", { file: (paired ?? model).name, problem: fitted.problem }) };
  // A model without weights (pooling and activations only) has no run to write.
  if (fitted.value.specs.length === 0) return { ok: true, value: { ...imported.value, origin, warnings: file.warnings } };
  // Its run keeps the weights in TF.js' format: names TF.js refuses are renamed, and said.
  const safe = tfjsSafeNames(imported.value.text, fitted.value);
  return {
    ok: true,
    value: {
      ...imported.value,
      text: safe.text,
      weights: safe.weights,
      origin,
      warnings: [...(paired?.file.warnings ?? []), ...(file.warnings ?? []), ...safe.renamed],
    },
  };
}

/** Where an imported run goes: a folder of its own (`runDir`, which must not hold anything), else a new run under `runsDir`. */
export interface ImportedRunPlace {
  readonly runDir?: string;
  readonly runsDir?: string;
}

/**
 * Writes imported weights as a finished run of the model at `modelPath` (its text `text`): status (done, 0 of 0
 * epochs, `imported`), the model file, empty metrics, and model.json + weights.bin. Returns the run's folder.
 */
export function writeImportedRun(
  modelPath: string,
  text: string,
  weights: ImportedWeights,
  origin: RunOrigin,
  place: ImportedRunPlace = {},
): string {
  const bytes = new Uint8Array(weights.values.buffer, weights.values.byteOffset, weights.values.byteLength);
  const manifest = tfjsModelJson(text, { run: { specs: weights.specs, bytes, file: runFiles.weights } });
  if (!manifest.ok) throw new FileError(msg("importFile.notSaved", { problem: manifest.problem }));
  const dir = place.runDir === undefined ? createRunFolder(modelPath, place.runsDir, new Date(), "imported") : emptyFolder(place.runDir);
  try {
    writeFileAtomic(join(dir, runFiles.model), text);
    const metrics = { epochs: [], batches: [], test: null, stopReason: null, backend: null, bestEpoch: null, samplesPerSecond: null };
    writeFileAtomic(join(dir, runFiles.metrics), `${JSON.stringify({ ...metrics, imported: origin }, null, 2)}\n`);
    writeFileAtomic(join(dir, runFiles.weights), bytes);
    writeFileAtomic(join(dir, runFiles.manifest), JSON.stringify({ ...manifest.value, convertedBy: "CNN Designer import" }));
    // Where each weight was in the original file (an HDF5 path, an archive's vars/0, an ONNX tensor), by weight.
    writeFileAtomic(join(dir, runFiles.imported), `${JSON.stringify({ ...origin, weights: weights.sources }, null, 2)}\n`);
    // The status last: a folder that says "done" holds every file (the Runs view lists a run by its status).
    const now = new Date().toISOString();
    const status = { state: "done", reason: null, pid: process.pid, host: hostname(), startedAt: now, epochsDone: 0, epochs: 0 } as const;
    writeRunStatus(dir, { ...status, imported: origin });
  } catch (e) {
    // A run cut short (a full disk) is no run: the folder and what it holds go.
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return dir;
}

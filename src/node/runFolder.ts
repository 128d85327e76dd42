/**
 * A training run's folder, `.cnn-runs/<model>/<timestamp>/`, as every part reads it: its layout, its status (the
 * trainer writes it; the process that started the trainer writes how it ended when the trainer could not), and
 * its weights — the final model or a checkpoint — read only from regular files inside the folder, of exactly the
 * size their manifest declares. docs/run-folder.md describes the format for other tools.
 */
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import {
  msg,
  printable,
  figureMessage,
  firstDifference,
  readWeightsManifest,
  runWeights,
  type WeightSpec,
  runFiles,
  runStates,
  type RunState,
  type RunStatus,
} from "../core";
import { readCheckpoint, type CheckpointKind } from "./checkpoint";
import { FileError, writeFileAtomic } from "./files";
import { readInside } from "./readFiles";
import { sayFile } from "./say";

export { isRunFolder } from "./runLayout";
export { runFiles, type RunState, type RunStatus } from "../core";

/** A run's status, or null when it has none or it is unreadable. */
export function readRunStatus(dir: string): RunStatus | null {
  try {
    const s = JSON.parse(readFileSync(join(dir, runFiles.status), "utf8")) as Partial<RunStatus>;
    if (s.format !== 1 || !(runStates as readonly string[]).includes(s.state as RunState)) return null;
    return s as RunStatus;
  } catch {
    return null;
  }
}

/**
 * Writes a run's status atomically. On a full disk, where the temporary file finds no room, an existing status is
 * rewritten in place — over the bytes it holds, then cut to length: a status fits in the block the old one has
 * (the reason is kept short for that), so the run still says why it failed.
 */
export function writeRunStatus(dir: string, status: Omit<RunStatus, "format" | "updatedAt">): void {
  // A reason is a line or a few, here in ASCII (\u escapes): its full text is in the log.
  const reason = status.reason && status.reason.length > 500 ? `${status.reason.slice(0, 500)}…` : status.reason;
  const json = JSON.stringify({ format: 1, ...status, reason, updatedAt: new Date().toISOString() }, null, 2);
  const text = `${json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`;
  const path = join(dir, runFiles.status);
  try {
    writeFileAtomic(path, text);
  } catch (e) {
    if (!(e instanceof FileError) || !e.full || !existsSync(path)) throw e;
    const fd = openSync(path, "r+");
    try {
      writeSync(fd, text, 0);
      ftruncateSync(fd, Buffer.byteLength(text));
    } finally {
      closeSync(fd);
    }
  }
}

/** The status as first written by the trainer. */
export function runningStatus(epochs: number): Omit<RunStatus, "format" | "updatedAt"> {
  return {
    state: "running",
    reason: null,
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    epochsDone: 0,
    epochs,
  };
}

/**
 * Records how a run ended: by the trainer when it fails, and by the process that started it when the trainer could
 * not (killed, crashed, out of memory). Only a run still marked running is changed, so the trainer's own account
 * always wins. Never throws (the folder may be gone, the disk full).
 */
export function markRunEnded(dir: string, state: "killed" | "failed", reason: string): void {
  try {
    const current = readRunStatus(dir);
    if (!current || current.state !== "running") return;
    writeRunStatus(dir, { ...current, state, reason });
  } catch {
    // nothing more can be done for it
  }
}

/**
 * The state to show: a run marked running whose process is gone from this machine ended without a word (both it
 * and the process that started it were killed, or the machine stopped).
 */
export function effectiveState(status: RunStatus): { state: RunState; reason: string | null } {
  if (status.state !== "running" || status.host !== hostname()) return status;
  try {
    process.kill(status.pid, 0);
    return status;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EPERM") return status;
    return { state: "killed", reason: `its process (${status.pid}) ended without a word after epoch ${status.epochsDone}` };
  }
}

/** A run's weights, ready for an exporter. */
export interface RunWeightsRead {
  readonly specs: readonly WeightSpec[];
  readonly bytes: Uint8Array;
  /** Which weights they are (the final model, an imported file's, a checkpoint), for a surface to word. */
  readonly from:
    | { readonly kind: "final" }
    | { readonly kind: "imported"; readonly name: string }
    | { readonly kind: "checkpoint"; readonly which: CheckpointKind; readonly epoch: number };
}

/** Which weights of a run: the final model (or, when the run ended before writing it, its last checkpoint). */
export type RunWeightsChoice = "final" | CheckpointKind;

/**
 * Reads a run's weights for the model `modelText`, checking that the run trained that model (a run without its
 * model file is refused: its weights could fit another model by chance). Throws an Error with the reason.
 */
export function readRunWeights(dir: string, modelText: string, choice?: RunWeightsChoice): RunWeightsRead {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(sayFile(msg("runFile.notFolder", { dir })));
  const trained = join(dir, runFiles.model);
  if (!existsSync(trained)) throw new Error(sayFile(msg("runFile.noModel", { dir, file: runFiles.model })));
  const differs = firstDifference(modelText, readInside(dir, runFiles.model, undefined, msg("runFile.model")).toString());
  if (differs)
    throw new Error(
      sayFile(msg("runFile.otherModel", { dir, here: figureMessage(differs.a), there: figureMessage(differs.b), file: runFiles.model })),
    );
  return readWeightsOf(dir, choice);
}

/**
 * A run's weights, whatever model it trained (fine-tuning takes them layer by layer, by name): its final model,
 * else (or as `choice` says) a checkpoint. An Error in words when the folder holds none.
 */
export function readWeightsOf(dir: string, choice?: RunWeightsChoice): RunWeightsRead {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(sayFile(msg("runFile.notFolder", { dir })));
  const hasFinal = existsSync(join(dir, runFiles.manifest));
  if (choice === "final" || (choice === undefined && hasFinal)) {
    if (!hasFinal) throw new Error(sayFile(msg("runFile.noFinal", { dir, file: runFiles.manifest })));
    const listed = runWeights(readInside(dir, runFiles.manifest, undefined, msg("runFile.manifest")).toString());
    if (!listed.ok) throw new Error(sayFile(msg("runFile.problem", { dir, problem: listed.problem })));
    // Weights files run to gigabytes: each is read up to the size the manifest declares for them all, no further.
    const parts = listed.value.paths.map((p) => readInside(dir, p, undefined, msg("runFile.weightsFile"), listed.value.bytes));
    const total = parts.reduce((n, b) => n + b.length, 0);
    if (total !== listed.value.bytes)
      throw new Error(sayFile(msg("runFile.weightsBytes", { dir, bytes: total, declared: listed.value.bytes })));
    const imported = readRunStatus(dir)?.imported;
    const name = typeof imported?.source === "string" ? printable(imported.source) : undefined;
    return {
      specs: listed.value.specs,
      bytes: parts.length === 1 ? parts[0] : Buffer.concat(parts),
      from: name !== undefined ? { kind: "imported", name } : { kind: "final" },
    };
  }
  const kind = choice === "best" ? "best" : "last";
  const checkpoint = readCheckpoint(dir, kind);
  const manifest = readWeightsManifest([{ paths: [checkpoint.manifest.data], weights: checkpoint.manifest.model }]);
  if (!manifest.ok) throw new Error(sayFile(msg("runFile.problem", { dir, problem: manifest.problem })));
  return {
    specs: manifest.value.specs,
    bytes: checkpoint.model,
    from: { kind: "checkpoint", which: kind, epoch: checkpoint.manifest.epoch },
  };
}

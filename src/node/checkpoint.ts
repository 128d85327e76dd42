/**
 * A run's checkpoints, written after every epoch: `checkpoints/last.json` (the latest epoch) and
 * `checkpoints/best.json` (the best epoch by the monitored metric), each a manifest naming its data file. Everything
 * needed to resume a run exactly is in them, in a form any backend reads: the model's and the optimizer's tensors
 * (float32 or int32, little-endian, one after another at the offsets listed), the step and the epoch, the learning
 * rate of the next step, the early-stopping state and the random generator's state. The data file is written first
 * and the manifest renamed over the old one after it, so a crash at any moment leaves the previous checkpoint whole.
 */
import { readdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { makeFolders, writeFileAtomic } from "./files";
import { readInside } from "./readFiles";
import { msg, runFiles } from "../core";
import { sayFile } from "./say";

/** The two checkpoints a run keeps. */
export type CheckpointKind = "last" | "best";

/** A tensor in a checkpoint's data file. */
export interface CheckpointTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: "float32" | "int32";
  /** Byte offset in the data file; its length is 4 × the product of `shape`. */
  readonly offset: number;
}

/** `checkpoints/last.json` and `best.json`. */
export interface CheckpointManifest {
  readonly format: "cnn-designer-checkpoint";
  readonly version: 1;
  readonly kind: CheckpointKind;
  /** Epochs completed (1-based: the epoch this checkpoint ends). */
  readonly epoch: number;
  /** Optimizer steps (batches) done in all. */
  readonly step: number;
  readonly epochs: number;
  readonly batchesPerEpoch: number;
  /** The epoch's training and validation logs. */
  readonly logs: Readonly<Record<string, number>>;
  /** What "best" is measured by. */
  readonly monitor: { readonly name: string; readonly mode: "min" | "max"; readonly value: number } | null;
  /** The learning rate the next step uses (the schedule's or the legacy decay's position is `step`). */
  readonly learningRate: number;
  /** The optimizer's type and settings as the model file gives them; its state is in `optimizerState`. */
  readonly optimizer: Readonly<Record<string, unknown>>;
  readonly earlyStopping: {
    readonly monitor: string;
    readonly best: number | null;
    readonly bestEpoch: number;
    readonly wait: number;
  } | null;
  /** The seeded generator that draws initial weights, shuffles and dropout masks; null for an unseeded run. */
  readonly random: { readonly algorithm: "mulberry32"; readonly seed: number; readonly state: number } | null;
  /** The data file, in the checkpoints folder. */
  readonly data: string;
  /** The model's weights, in Keras' order and names (`conv2d/kernel`, channels last). */
  readonly model: readonly CheckpointTensor[];
  /** The optimizer's variables (`iter` first, then e.g. `conv2d/kernel/m`), as the backend names them. */
  readonly optimizerState: readonly CheckpointTensor[];
}

/** A tensor's values to write. */
export interface TensorValues {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array | Int32Array;
}

const elements = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Writes the `kind` checkpoint of `runDir` (see the file comment); throws a FileError naming the file. */
export function writeCheckpoint(
  runDir: string,
  manifest: Omit<CheckpointManifest, "format" | "version" | "data" | "model" | "optimizerState">,
  model: readonly TensorValues[],
  optimizer: readonly TensorValues[],
): void {
  const dir = join(runDir, runFiles.checkpoints);
  makeFolders(dir);
  let offset = 0;
  const place = (t: TensorValues): CheckpointTensor => {
    const entry = { name: t.name, shape: [...t.shape], dtype: t.values instanceof Int32Array ? "int32" : "float32", offset } as const;
    offset += t.values.byteLength;
    return entry;
  };
  const modelEntries = model.map(place);
  const optimizerEntries = optimizer.map(place);
  const bytes = new Uint8Array(offset);
  let at = 0;
  for (const t of [...model, ...optimizer]) {
    bytes.set(new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength), at);
    at += t.values.byteLength;
  }
  const data = `${manifest.kind}-${String(manifest.epoch).padStart(4, "0")}.bin`;
  writeFileAtomic(join(dir, data), bytes);
  const full: CheckpointManifest = {
    format: "cnn-designer-checkpoint",
    version: 1,
    ...manifest,
    data,
    model: modelEntries,
    optimizerState: optimizerEntries,
  };
  writeFileAtomic(join(dir, `${manifest.kind}.json`), `${JSON.stringify(full, null, 1)}\n`);
  // The previous data file of this kind is no longer named by any manifest.
  for (const f of readdirSync(dir))
    if (f !== data && f.startsWith(`${manifest.kind}-`) && f.endsWith(".bin"))
      try {
        unlinkSync(join(dir, f));
      } catch {
        // another process removed it
      }
}

/** A checkpoint read back: its manifest, and the bytes of the model's and the optimizer's tensors. */
export interface CheckpointRead {
  readonly manifest: CheckpointManifest;
  readonly model: Uint8Array;
  readonly optimizer: Uint8Array;
}

const isTensorList = (v: unknown): v is CheckpointTensor[] =>
  Array.isArray(v) &&
  v.every(
    (t) =>
      typeof t === "object" &&
      t !== null &&
      typeof t.name === "string" &&
      Array.isArray(t.shape) &&
      t.shape.every((d: unknown) => Number.isSafeInteger(d) && (d as number) >= 0) &&
      (t.dtype === "float32" || t.dtype === "int32") &&
      Number.isSafeInteger(t.offset),
  );

/** Reads and checks the `kind` checkpoint of `runDir`; throws an Error with the reason. */
export function readCheckpoint(runDir: string, kind: CheckpointKind): CheckpointRead {
  const folder = join(runDir, runFiles.checkpoints);
  const file = join(folder, `${kind}.json`);
  let manifest: CheckpointManifest;
  try {
    const what = msg(kind === "best" ? "checkpoint.best" : "checkpoint.last");
    const text = readInside(runDir, join(runFiles.checkpoints, `${kind}.json`), undefined, what).toString();
    try {
      manifest = JSON.parse(text);
    } catch (e) {
      throw new Error(sayFile(msg("checkpoint.notJson", { file, error: (e as Error).message })), { cause: e });
    }
  } catch (e) {
    const which = msg(kind === "best" ? "checkpoint.bestNoun" : "checkpoint.lastNoun");
    throw new Error(sayFile(msg("checkpoint.unusable", { dir: runDir, which, error: (e as Error).message })), { cause: e });
  }
  if (manifest?.format !== "cnn-designer-checkpoint" || manifest.version !== 1 || typeof manifest.data !== "string")
    throw new Error(sayFile(msg("checkpoint.notVersion1", { file })));
  if (!isTensorList(manifest.model) || !isTensorList(manifest.optimizerState))
    throw new Error(sayFile(msg("checkpoint.badTensor", { file })));
  const all = [...manifest.model, ...manifest.optimizerState];
  let expected = 0;
  for (const t of all) {
    if (t.offset !== expected) throw new Error(sayFile(msg("checkpoint.gap", { file, name: String(t.name) })));
    expected += 4 * elements(t.shape);
  }
  if (manifest.data.includes("/") || manifest.data.includes("\\") || manifest.data.startsWith("."))
    throw new Error(sayFile(msg("checkpoint.dataOutside", { file, data: JSON.stringify(manifest.data) })));
  const bytes = readInside(
    runDir,
    join(runFiles.checkpoints, manifest.data),
    expected,
    msg(kind === "best" ? "checkpoint.bestData" : "checkpoint.lastData"),
  );
  const split = manifest.optimizerState[0]?.offset ?? expected;
  return { manifest, model: bytes.subarray(0, split), optimizer: bytes.subarray(split) };
}

/** What the hostile cases share: their classes and type, and the helpers that craft their files. */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deepJson, idxHeader, mkfifo } from "../hostileFiles";

/** The classes of the issue, each with what it covers. */
export const hostileClasses = {
  "not-regular": "FIFOs, /dev/zero and links to it as a model, an import, a dataset file, an image or a run's weights: refused at once",
  bombs: "decompression bombs and headers that declare more than the file holds: refused before the memory is taken",
  cycles: "a cycle of 20,000 layers: one message with its length and first names, not 20,000",
  "deep-json": "JSON nested 100,000 deep as a model, to summarise, to train and to import: one clear message",
  numbers: "integers beyond int32 or 2^53, Infinity: refused with the bound; counts beyond 2^53 marked approximate",
  encodings: "a UTF-8 byte order mark accepted, UTF-16 named, lone CR line ends counted as VS Code counts them",
  usage: "check goes on past an unreadable file; flags checked; the same words for the same mistake",
  datasets: "folders named like images, loops, empty images and classes, NUL in paths, runs folders that cannot be written",
  imports: "Keras values of the wrong length or type, and an empty model, said plainly",
  sizes: "models too large for ONNX or for this machine's memory, said before anything is allocated; 130,000 layers summarised",
} as const;

/** A class of hostile inputs. */
export type HostileClass = keyof typeof hostileClasses;

/** One hostile input: what to craft, the command, and the answer expected. */
export interface HostileCase {
  readonly class: HostileClass;
  readonly name: string;
  /** Crafts the files in `dir` and returns the CLI's arguments. */
  setup(dir: string): string[];
  /** The exit status expected. */
  readonly status: number;
  /** What standard error (or, for `summary`, the output) must say. */
  readonly says: RegExp;
  /** Further checks of the output: a message, when something is wrong. */
  readonly also?: (out: { stdout: string; stderr: string }) => string | undefined;
  /** Limits, when the default 30 s and 700 MB do not suit. */
  readonly seconds?: number;
  readonly megabytes?: number;
}

export const model = (dir: string, layers: readonly unknown[], training?: object, name = "m.cnn.json") => {
  writeFileSync(join(dir, name), JSON.stringify({ version: 1, layers, ...(training ? { training } : {}) }));
  return join(dir, name);
};
export const mnist = [{ type: "Input", shape: [28, 28, 1] }, { type: "Flatten" }, { type: "Dense", units: 10, activation: "softmax" }];
export const train = (dataset: object, extra: object = {}) => ({
  optimizer: "adam",
  loss: "sparseCategoricalCrossentropy",
  batchSize: 32,
  epochs: 1,
  dataset,
  ...extra,
});
export const trainArgs = (file: string) => ["train", file, "--backend", "cpu", "--samples", "64"];
export const notRegular = /is not a regular file/;

/** Writes `data` as `name` in `dir`; returns its path. */
export function file(dir: string, name: string, data: string | Buffer): string {
  writeFileSync(join(dir, name), data);
  return join(dir, name);
}

export function fifo(dir: string, name: string): string {
  mkfifo(join(dir, name));
  return join(dir, name);
}

export function zero(dir: string, name: string): string {
  symlinkSync("/dev/zero", join(dir, name));
  return join(dir, name);
}

export function deep(dir: string, open: string, close: string): string {
  return file(dir, "m.cnn.json", deepJson(open, close, 100_000));
}

/** An image folder with two classes, c0 and c1, each filled by `fill`; returns its path. */
export function classes(dir: string, fill: (classDir: string) => void): string {
  const root = join(dir, "images");
  for (const c of ["c0", "c1"]) {
    mkdirSync(join(root, c), { recursive: true });
    fill(join(root, c));
  }
  return root;
}

/** A Keras 3 Sequential file with one Conv2D whose config is `conv`. */
export function keras(dir: string, conv: Record<string, unknown>): string {
  const layers = [
    { class_name: "InputLayer", config: { batch_shape: [null, 28, 28, 1], name: "in" } },
    { class_name: "Conv2D", config: { strides: [1, 1], padding: "valid", activation: "relu", use_bias: true, ...conv } },
  ];
  writeFileSync(join(dir, "k.json"), JSON.stringify({ class_name: "Sequential", config: { name: "s", layers } }));
  return join(dir, "k.json");
}

/** The start of a JPEG that declares `width`×`height` pixels in its frame header, and nothing to decode. */
export function jpegHeader(width: number, height: number): Buffer {
  const sof = Buffer.from([
    0xff,
    0xc0,
    0,
    17,
    8,
    height >> 8,
    height & 255,
    width >> 8,
    width & 255,
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), sof, Buffer.from([0xff, 0xd9])]);
}

/** An IDX dataset of `labels.length` blank 28×28 images and the labels, stored as IDX type `type` (0x08 uint8, 0x0d float32). */
export function idxPair(dir: string, type: number, labels: readonly number[]): object {
  writeFileSync(join(dir, "images.idx"), Buffer.concat([idxHeader(0x08, [labels.length, 28, 28]), Buffer.alloc(labels.length * 784)]));
  const body = Buffer.alloc(labels.length * (type === 0x0d ? 4 : 1));
  labels.forEach((l, i) => (type === 0x0d ? body.writeFloatBE(l, i * 4) : body.writeUInt8(l, i)));
  writeFileSync(join(dir, "labels.idx"), Buffer.concat([idxHeader(type, [labels.length]), body]));
  return { type: "idx", images: join(dir, "images.idx"), labels: join(dir, "labels.idx") };
}

/**
 * Image datasets: CIFAR-10 binary batches, folders of PNG/JPEG images (pngjs, jpeg-js), and the conversion of
 * 8-bit images to the model's input (bilinear resize, grey ↔ RGB, scaled to [0, 1]).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import * as jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { readBytes } from "./readBytes";
import { joined, msg, type Message } from "../../core";
import { sayFile } from "../../node/say";

/** 8-bit images, row-major [count, height, width, channels]. */
export interface Images {
  readonly pixels: Uint8Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** A failure the user must fix (a missing, truncated or corrupt file), with a message naming it. */
export class DatasetError extends Error {
  /** `message` is said in the trainer's language (a text already said, a reader's, is taken as it is). */
  constructor(message: string | Message) {
    super(typeof message === "string" ? message : sayFile(message));
  }
}

/** Converts images to floats in [0, 1] of shape [height, width, channels], resizing (bilinear) and converting channels. */
export function toInput(images: Images, height: number, width: number, channels: number): Float32Array {
  const { pixels, count, height: h, width: w, channels: c } = images;
  const out = new Float32Array(count * height * width * channels);
  const sameSize = h === height && w === width;
  const sy = h / height;
  const sx = w / width;
  for (let n = 0; n < count; n++) {
    const base = n * h * w * c;
    for (let y = 0; y < height; y++) {
      // Half-pixel centres, as tf.image.resizeBilinear with halfPixelCenters.
      const fy = sameSize ? y : Math.min(h - 1, Math.max(0, (y + 0.5) * sy - 0.5));
      const y0 = Math.floor(fy);
      const y1 = Math.min(h - 1, y0 + 1);
      const dy = fy - y0;
      for (let x = 0; x < width; x++) {
        const fx = sameSize ? x : Math.min(w - 1, Math.max(0, (x + 0.5) * sx - 0.5));
        const x0 = Math.floor(fx);
        const x1 = Math.min(w - 1, x0 + 1);
        const dx = fx - x0;
        const at = (yy: number, xx: number, k: number) => pixels[base + (yy * w + xx) * c + k];
        const sample = (k: number) =>
          (at(y0, x0, k) * (1 - dx) + at(y0, x1, k) * dx) * (1 - dy) + (at(y1, x0, k) * (1 - dx) + at(y1, x1, k) * dx) * dy;
        const o = ((n * height + y) * width + x) * channels;
        if (channels === c) for (let k = 0; k < c; k++) out[o + k] = sample(k) / 255;
        else if (c === 1) for (let k = 0; k < channels; k++) out[o + k] = sample(0) / 255;
        else if (channels === 1) out[o] = (0.299 * sample(0) + 0.587 * sample(1) + 0.114 * sample(2)) / 255;
        else for (let k = 0; k < channels; k++) out[o + k] = sample(Math.min(k, c - 1)) / 255;
      }
    }
  }
  return out;
}

/** Reads CIFAR-10 binary batches from `folder`: the five training batches and the test batch. */
export function readCifar10(folder: string): { train: Images; trainLabels: Int32Array; test: Images; testLabels: Int32Array } {
  const record = 1 + 32 * 32 * 3;
  const read = (names: string[]) => {
    const buffers = names.map((name) => {
      const file = join(folder, name);
      if (!existsSync(file)) throw new DatasetError(msg("dataset.cifarMissing", { path: file }));
      const read = readBytes(file);
      if (!read.ok) throw new DatasetError(read.message);
      const bytes = read.value;
      if (bytes.length === 0 || bytes.length % record !== 0)
        throw new DatasetError(msg("dataset.cifarTruncated", { path: file, bytes: bytes.length, record }));
      return bytes;
    });
    const count = buffers.reduce((n, b) => n + b.length / record, 0);
    const files = names.map((name) => join(folder, name));
    const pixels = new Uint8Array(count * 3072);
    const labels = new Int32Array(count);
    let n = 0;
    buffers.forEach((b, at) => {
      for (let r = 0; r < b.length; r += record, n++) {
        labels[n] = b[r];
        if (b[r] > 9) throw new DatasetError(msg("dataset.cifarLabel", { path: files[at], label: b[r], record: r / record }));
        // Stored as three 32×32 planes (R, G, B); the model wants height × width × channels.
        for (let p = 0; p < 1024; p++) for (let k = 0; k < 3; k++) pixels[n * 3072 + p * 3 + k] = b[r + 1 + k * 1024 + p];
      }
    });
    return { images: { pixels, count, height: 32, width: 32, channels: 3 }, labels };
  };
  if (!existsSync(folder)) throw new DatasetError(msg("dataset.noFolder", { path: folder }));
  if (!statSync(folder).isDirectory()) throw new DatasetError(msg("dataset.cifarIsFile", { path: folder }));
  const train = read([1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`).filter((n, i) => i === 0 || existsSync(join(folder, n))));
  const test = read(["test_batch.bin"]);
  return { train: train.images, trainLabels: train.labels, test: test.images, testLabels: test.labels };
}

/**
 * The most pixels one image may declare, PNG or JPEG, checked before decoding: 40 megapixels (160 MB as RGBA;
 * jpeg-js needs up to about 40 bytes a pixel while it decodes). Dataset images are far smaller.
 */
export const maxImagePixels = 40_000_000;

/** The width and height a PNG declares in its IHDR chunk, read before anything is decoded; `undefined` if it has none. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return undefined;
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== "IHDR") return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** The width and height a JPEG declares in its frame header (SOF), read before anything is decoded; `undefined` if none is found. */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at++; // a fill byte
      continue;
    }
    // Markers without a length: TEM and RST0–RST7.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    // Start of frame: SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: (bytes[at + 5] << 8) | bytes[at + 6], width: (bytes[at + 7] << 8) | bytes[at + 8] };
    at += 2 + length;
  }
  return undefined;
}

/** Decodes one PNG or JPEG file to 8-bit RGBA; its declared size is checked before any pixel is decoded. */
function decode(file: string): { data: Uint8Array; width: number; height: number } {
  const read = readBytes(file);
  if (!read.ok) throw new DatasetError(read.message);
  const bytes = Buffer.from(read.value.buffer, read.value.byteOffset, read.value.byteLength);
  if (bytes.length === 0) throw new DatasetError(msg("dataset.emptyImage", { path: file }));
  const png = extname(file).toLowerCase() === ".png";
  {
    const size = png ? pngSize(bytes) : jpegSize(bytes);
    if (!size) throw new DatasetError(png ? msg("dataset.notPng", { path: file }) : msg("dataset.notJpeg", { path: file }));
    if (size.width * size.height > maxImagePixels)
      throw new DatasetError(
        msg("dataset.tooManyPixels", {
          path: file,
          width: size.width,
          height: size.height,
          megapixels: Math.round((size.width * size.height) / 1e6),
          max: maxImagePixels / 1e6,
        }),
      );
  }
  try {
    if (png) return PNG.sync.read(bytes);
    return jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: maxImagePixels / 1e6, maxMemoryUsageInMB: 2048 });
  } catch (e) {
    // A PNG ends with its IEND chunk: one without it was cut short, which the decoder says only as running out of data.
    if (png && !bytes.includes("IEND", Math.max(0, bytes.length - 4096)))
      throw new DatasetError(msg("dataset.pngTruncated", { path: file }));
    throw new DatasetError(msg("dataset.undecodable", { path: file, error: String((e as Error).message ?? e).split("\n")[0] }));
  }
}

/** Reads a folder with one sub-folder of PNG/JPEG images per class (sorted by name; at least `minClasses`), resized to height × width. */
export function readImageFolder(folder: string, height: number, width: number, channels: number, minClasses = 2) {
  if (!existsSync(folder)) throw new DatasetError(msg("dataset.noFolder", { path: folder }));
  if (!statSync(folder).isDirectory()) throw new DatasetError(msg("dataset.imageFolderIsFile", { path: folder }));
  const classes = readdirSync(folder, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  // A name that is not valid UTF-8 reaches JavaScript with U+FFFD in place of its bytes, and no longer names the
  // file: it is said here, as a name to change, rather than as a missing folder later.
  const undecodable = (dir: string, name: string) => {
    if (name.includes("\ufffd")) throw new DatasetError(msg("dataset.badName", { path: join(dir, name) }));
  };
  for (const name of classes) undecodable(folder, name);
  if (classes.length < minClasses)
    throw new DatasetError(
      minClasses === 1
        ? msg("dataset.oneClass", { path: folder, count: classes.length })
        : msg("dataset.twoClasses", { path: folder, count: classes.length }),
    );
  const files: { file: string; label: number }[] = [];
  classes.forEach((name, label) => {
    for (const f of readdirSync(join(folder, name)).sort()) {
      undecodable(join(folder, name), f);
      if ([".png", ".jpg", ".jpeg"].includes(extname(f).toLowerCase())) files.push({ file: join(folder, name, f), label });
    }
  });
  if (files.length === 0) throw new DatasetError(msg("dataset.noImages", { path: folder }));
  // An empty class folder would be a class the model can never learn, and shift every label after it.
  const empty = classes.filter((_name, label) => !files.some((f) => f.label === label));
  if (empty.length)
    throw new DatasetError(
      msg("dataset.emptyClasses", {
        path: folder,
        count: empty.length,
        names: joined(
          empty.map((n) => `'${n}'`),
          "join.comma",
        ),
      }),
    );
  const x = new Float32Array(files.length * height * width * channels);
  const labels = new Int32Array(files.length);
  files.forEach(({ file, label }, n) => {
    const image = decode(file);
    const one: Images = { pixels: image.data, count: 1, height: image.height, width: image.width, channels: 4 };
    // RGBA → the model's channels (alpha dropped): grey from RGB, or RGB.
    const rgb = toInput(one, height, width, 4);
    const size = height * width;
    for (let p = 0; p < size; p++) {
      const [r, g, b] = [rgb[p * 4], rgb[p * 4 + 1], rgb[p * 4 + 2]];
      if (channels === 1) x[n * size + p] = 0.299 * r + 0.587 * g + 0.114 * b;
      else for (let k = 0; k < channels; k++) x[(n * size + p) * channels + k] = [r, g, b][Math.min(k, 2)];
    }
    labels[n] = label;
  });
  return { x, labels, classes };
}

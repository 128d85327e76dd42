import * as assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { DatasetError, loadDataset, split } from "../../src/trainer/datasets/datasets";
import { toInput } from "../../src/trainer/datasets/images";
import { parseNpy } from "../../src/trainer/datasets/npy";

const root = join(__dirname, "..", "..", "..");
const builtinDir = join(root, "dist", "datasets");

/** An NPY file's bytes (version 1.0) for `values` of `dtype` ('<f4', '|u1', '<i8', …). */
export function npy(dtype: string, shape: number[], values: number[]): Buffer {
  let header = `{'descr': '${dtype}', 'fortran_order': False, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  header += " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
  const size = Number(dtype.slice(2));
  const body = Buffer.alloc(values.length * size);
  values.forEach((v, i) => {
    if (dtype === "<f4") body.writeFloatLE(v, i * 4);
    else if (dtype === "<f8") body.writeDoubleLE(v, i * 8);
    else if (dtype === "|u1") body.writeUInt8(v, i);
    else if (dtype === "<i8") body.writeBigInt64LE(BigInt(v), i * 8);
    else if (dtype === "<i4") body.writeInt32LE(v, i * 4);
  });
  const head = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(head);
  head.writeUInt16LE(header.length, 8);
  return Buffer.concat([head, Buffer.from(header, "latin1"), body]);
}

/** An IDX file's bytes: unsigned bytes of `shape`. */
function idx(shape: number[], values: number[]): Buffer {
  const head = Buffer.alloc(4 + 4 * shape.length);
  head.set([0, 0, 8, shape.length]);
  shape.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(values)]);
}

const problem = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof DatasetError, `a DatasetError, got ${(e as Error).stack}`);
    return e.message;
  }
  assert.fail("no error");
};

describe("datasets", () => {
  const dir = mkdtempSync(join(tmpdir(), "cnn-datasets-"));

  it("resizes bilinearly with half-pixel centres and converts grey ↔ RGB", () => {
    const grey = { pixels: Uint8Array.from([0, 255, 255, 0]), count: 1, height: 2, width: 2, channels: 1 };
    assert.deepEqual(Array.from(toInput(grey, 2, 2, 1)), [0, 1, 1, 0]);
    const up = toInput(grey, 4, 4, 3);
    assert.equal(up.length, 48);
    // The corners keep their values; the centre is the mean; all three channels equal.
    assert.equal(up[0], 0);
    assert.equal(up[3 * 3], 1);
    assert.ok(Math.abs(up[(1 * 4 + 1) * 3] - 0.375) < 1e-6, String(up[(1 * 4 + 1) * 3]));
    assert.equal(up[(1 * 4 + 1) * 3], up[(1 * 4 + 1) * 3 + 2]);
    const rgb = { pixels: Uint8Array.from([255, 0, 0]), count: 1, height: 1, width: 1, channels: 3 };
    assert.ok(Math.abs(toInput(rgb, 1, 1, 1)[0] - 0.299) < 1e-6);
  });

  it("the MNIST sample fits a 28×28×1 input, is resized on request, and names both shapes otherwise", () => {
    const d = loadDataset({ type: "mnist-sample" }, { modelDir: dir, builtinDir, inputShape: [28, 28, 1] });
    assert.equal(d.samples.count, 10000);
    assert.ok(d.samples.x.every((v) => v >= 0 && v <= 1));
    assert.equal(
      problem(() => loadDataset({ type: "mnist-sample" }, { modelDir: dir, builtinDir, inputShape: [32, 32, 3] })),
      `the mnist-sample dataset has samples of shape (None, 28, 28, 1), but the model's input takes (None, 32, 32, 3); set "resize": true to resize them`,
    );
    const resized = loadDataset({ type: "mnist-sample", resize: true }, { modelDir: dir, builtinDir, inputShape: [32, 32, 3] });
    assert.equal(resized.samples.x.length, 10000 * 32 * 32 * 3);
  });

  it("splits with a seed: disjoint parts of the asked sizes, the same every time", () => {
    const d = loadDataset({ type: "mnist-sample" }, { modelDir: dir, builtinDir, inputShape: [28, 28, 1] });
    const a = split(d, { validationSplit: 0.1, testSplit: 0.2, seed: 3 });
    const b = split(d, { validationSplit: 0.1, testSplit: 0.2, seed: 3 });
    assert.deepEqual([a.train.count, a.validation?.count, a.test?.count], [7200, 800, 2000]);
    assert.deepEqual(Array.from(a.test?.y.subarray(0, 50) ?? []), Array.from(b.test?.y.subarray(0, 50) ?? []));
    const c = split(d, { validationSplit: 0, testSplit: 0, seed: 3, limit: 100 });
    assert.deepEqual([c.train.count, c.validation, c.test?.count], [100, null, 20]);
  });

  it("the built-in sample has its own test part, its last 1,000 digits (as MNIST's t10k): the test set when testSplit is 0", () => {
    const d = loadDataset({ type: "mnist-sample" }, { modelDir: dir, builtinDir, inputShape: [28, 28, 1] });
    const s = split(d, { validationSplit: 0.1, testSplit: 0, seed: 3 });
    assert.deepEqual([s.train.count, s.validation?.count, s.test?.count], [8100, 900, 1000]);
    assert.deepEqual(Array.from(s.test!.y), Array.from(d.samples.y.subarray(9000)));
    assert.deepEqual(new Set(s.test!.y), new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), "every class is in it");
    // The same whatever the seed, and never in the training or validation sets.
    const other = split(d, { validationSplit: 0.1, testSplit: 0, seed: 99 });
    assert.deepEqual(Array.from(other.test!.x.subarray(0, 784)), Array.from(s.test!.x.subarray(0, 784)));
    const testRows = new Set(Array.from({ length: 1000 }, (_, i) => s.test!.x.subarray(i * 784, (i + 1) * 784).join(",")));
    for (let i = 0; i < s.train.count; i += 97) assert.ok(!testRows.has(s.train.x.subarray(i * 784, (i + 1) * 784).join(",")));
  });

  it("reads CIFAR-10 batches (planes to height × width × channels) with its own test batch", () => {
    const folder = join(dir, "cifar");
    mkdirSync(folder);
    const record = (label: number, r: number, g: number, b: number) =>
      Buffer.concat([Buffer.from([label]), Buffer.alloc(1024, r), Buffer.alloc(1024, g), Buffer.alloc(1024, b)]);
    writeFileSync(join(folder, "data_batch_1.bin"), Buffer.concat([record(3, 255, 0, 0), record(7, 0, 255, 0)]));
    writeFileSync(join(folder, "test_batch.bin"), record(9, 0, 0, 255));
    const d = loadDataset({ type: "cifar10", path: "cifar" }, { modelDir: dir, builtinDir, inputShape: [32, 32, 3] });
    assert.deepEqual(Array.from(d.samples.y), [3, 7]);
    assert.deepEqual(Array.from(d.samples.x.subarray(0, 6)), [1, 0, 0, 1, 0, 0]);
    assert.deepEqual(Array.from(d.test?.x.subarray(0, 3) ?? []), [0, 0, 1]);
    assert.equal(d.classNames?.[9], "truck");
    writeFileSync(join(folder, "data_batch_1.bin"), Buffer.alloc(3000));
    assert.match(
      problem(() => loadDataset({ type: "cifar10", path: "cifar" }, { modelDir: dir, builtinDir, inputShape: [32, 32, 3] })),
      /truncated or not a CIFAR-10 batch/,
    );
    assert.match(
      problem(() => loadDataset({ type: "cifar10", path: "nope" }, { modelDir: dir, builtinDir, inputShape: [32, 32, 3] })),
      /nope: no such folder/,
    );
  });

  it("reads image folders (PNG and JPEG, one sub-folder per class), resized to the model's input", () => {
    const folder = join(dir, "images");
    for (const c of ["cat", "dog"]) mkdirSync(join(folder, c), { recursive: true });
    const png = new PNG({ width: 4, height: 4 });
    png.data.fill(255);
    writeFileSync(join(folder, "cat", "a.png"), PNG.sync.write(png));
    const rgba = Buffer.alloc(8 * 8 * 4);
    for (let i = 0; i < 64; i++) rgba.set([0, 0, 0, 255], i * 4);
    writeFileSync(join(folder, "dog", "b.jpg"), jpeg.encode({ data: rgba, width: 8, height: 8 }, 90).data);
    writeFileSync(join(folder, "dog", "notes.txt"), "not an image");
    const d = loadDataset({ type: "imageFolder", path: "images" }, { modelDir: dir, builtinDir, inputShape: [6, 6, 1] });
    assert.deepEqual(d.classNames, ["cat", "dog"]);
    assert.deepEqual(Array.from(d.samples.y), [0, 1]);
    assert.ok(Math.abs(d.samples.x[0] - 1) < 1e-6 && d.samples.x[36] < 0.05);
    writeFileSync(join(folder, "dog", "c.png"), "garbage");
    assert.match(
      problem(() => loadDataset({ type: "imageFolder", path: "images" }, { modelDir: dir, builtinDir, inputShape: [6, 6, 1] })),
      /c\.png: not a PNG file \(no PNG signature and IHDR header\)/,
    );
    mkdirSync(join(dir, "one", "only"), { recursive: true });
    assert.match(
      problem(() => loadDataset({ type: "imageFolder", path: "one" }, { modelDir: dir, builtinDir, inputShape: [6, 6, 1] })),
      /at least two/,
    );
  });

  it("reads NPY arrays (uint8 scaled, floats as they are, int64 labels) and refuses bad files clearly", () => {
    writeFileSync(join(dir, "x.npy"), npy("|u1", [2, 2, 2], [0, 255, 51, 102, 0, 0, 0, 0]));
    writeFileSync(join(dir, "y.npy"), npy("<i8", [2], [1, 0]));
    const d = loadDataset({ type: "npy", x: "x.npy", y: "y.npy" }, { modelDir: dir, builtinDir, inputShape: [2, 2, 1] });
    assert.deepEqual(Array.from(d.samples.x.subarray(0, 4)), Array.from(Float32Array.from([0, 1, 0.2, 0.4])));
    assert.deepEqual(Array.from(d.samples.y), [1, 0]);
    assert.equal(d.targetSize, null);
    writeFileSync(join(dir, "t.npy"), npy("<f4", [2, 3], [0.5, 0.25, 0, 1, 0, 0]));
    assert.equal(loadDataset({ type: "npy", x: "x.npy", y: "t.npy" }, { modelDir: dir, builtinDir, inputShape: [2, 2] }).targetSize, 3);
    assert.equal(
      problem(() => loadDataset({ type: "npy", x: "x.npy", y: "y.npy" }, { modelDir: dir, builtinDir, inputShape: [3, 3, 1] })),
      `${join(dir, "x.npy")} has samples of shape (None, 2, 2), but the model's input takes (None, 3, 3, 1)`,
    );
    const bytes = npy("<f4", [4], [1, 2, 3, 4]);
    assert.match((parseNpy(bytes.subarray(0, bytes.length - 3), "f") as { message: string }).message, /^f: truncated: 4 values of 4 bytes/);
    assert.match((parseNpy(Buffer.from("hello world"), "f") as { message: string }).message, /not an NPY file/);
    assert.match((parseNpy(npy("<c8", [1], []), "f") as { message: string }).message, /unsupported dtype '<c8'/);
    assert.match(
      problem(() => loadDataset({ type: "npy", x: "missing.npy", y: "y.npy" }, { modelDir: dir, builtinDir, inputShape: [2, 2, 1] })),
      /missing\.npy': no such file/,
    );
  });

  it("a test set of the dataset's own files (IDX, NPY, an image folder) is the held-out test set when testSplit is 0", () => {
    const pixels = (n: number, v: number) => Array<number>(n * 4).fill(v);
    writeFileSync(join(dir, "own-images.idx"), idx([5, 2, 2], pixels(5, 255)));
    writeFileSync(join(dir, "own-labels.idx"), idx([5], [0, 1, 2, 3, 4]));
    writeFileSync(join(dir, "own-test-images.idx"), idx([2, 2, 2], pixels(2, 51)));
    writeFileSync(join(dir, "own-test-labels.idx"), idx([2], [7, 8]));
    const ctx = { modelDir: dir, builtinDir, inputShape: [2, 2, 1] };
    const files = {
      images: "own-images.idx",
      labels: "own-labels.idx",
      testImages: "own-test-images.idx",
      testLabels: "own-test-labels.idx",
    };
    const d = loadDataset({ type: "idx", ...files }, ctx);
    assert.deepEqual([Array.from(d.test?.y ?? []), d.test?.x[0]], [[7, 8], Float32Array.from([0.2])[0]]);
    const parts = split(d, { validationSplit: 0.2, testSplit: 0, seed: 1 });
    assert.deepEqual([parts.train.count, parts.validation?.count, Array.from(parts.test?.y ?? [])], [4, 1, [7, 8]]);
    assert.equal(split(d, { validationSplit: 0, testSplit: 0.4, seed: 1 }).test?.count, 2, "testSplit > 0 splits the training files");
    assert.match(
      problem(() => loadDataset({ type: "idx", ...files, testLabels: "gone.idx" }, ctx)),
      /gone\.idx': no such file/,
    );
    // NPY: the test arrays are checked as the training ones, and must hold the same kind of labels.
    writeFileSync(join(dir, "ox.npy"), npy("<f4", [3, 2, 2], Array<number>(12).fill(0.5)));
    writeFileSync(join(dir, "oy.npy"), npy("<i8", [3], [0, 1, 0]));
    writeFileSync(join(dir, "otx.npy"), npy("<f4", [1, 2, 2], [1, 1, 1, 1]));
    writeFileSync(join(dir, "oty.npy"), npy("<i8", [1], [1]));
    writeFileSync(join(dir, "otw.npy"), npy("<f4", [1, 3, 3], Array<number>(9).fill(1)));
    writeFileSync(join(dir, "otf.npy"), npy("<f4", [1, 2], [0.5, 0.5]));
    const n = loadDataset({ type: "npy", x: "ox.npy", y: "oy.npy", testX: "otx.npy", testY: "oty.npy" }, ctx);
    assert.deepEqual([n.test?.count, Array.from(n.test?.y ?? [])], [1, [1]]);
    assert.equal(
      problem(() => loadDataset({ type: "npy", x: "ox.npy", y: "oy.npy", testX: "otw.npy", testY: "oty.npy" }, ctx)),
      `${join(dir, "otw.npy")} has samples of shape (None, 3, 3), but the model's input takes (None, 2, 2, 1)`,
    );
    assert.equal(
      problem(() => loadDataset({ type: "npy", x: "ox.npy", y: "oy.npy", testX: "otx.npy", testY: "otf.npy" }, ctx)),
      `${join(dir, "otf.npy")} holds targets of 2 values, but ${join(dir, "oy.npy")} holds class labels`,
    );
    // An image folder: the test classes are numbered as the training folder's; an unknown class is named.
    const png = new PNG({ width: 2, height: 2 });
    png.data.fill(255);
    for (const [set, c] of [
      ["otrain", "cat"],
      ["otrain", "dog"],
      ["otest", "dog"],
      ["obad", "bird"],
    ]) {
      mkdirSync(join(dir, set, c), { recursive: true });
      writeFileSync(join(dir, set, c, "a.png"), PNG.sync.write(png));
    }
    const f = loadDataset({ type: "imageFolder", path: "otrain", testPath: "otest" }, ctx);
    assert.deepEqual(Array.from(f.test?.y ?? []), [1]);
    assert.equal(
      problem(() => loadDataset({ type: "imageFolder", path: "otrain", testPath: "obad" }, ctx)),
      `${join(dir, "obad")}: the test class folder 'bird' is not among the training classes (cat, dog)`,
    );
  });

  it("IDX files from disk: a missing or truncated file is a clear error", () => {
    const ctx = { modelDir: dir, builtinDir, inputShape: [28, 28, 1] };
    assert.match(
      problem(() => loadDataset({ type: "idx", images: "train-images.idx", labels: "l.idx" }, ctx)),
      /train-images\.idx': no such file/,
    );
    writeFileSync(join(dir, "short.idx"), Buffer.from([0, 0, 8, 3, 0, 0, 0, 10, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3]));
    assert.match(
      problem(() => loadDataset({ type: "idx", images: "short.idx", labels: "l.idx" }, ctx)),
      /short\.idx: truncated/,
    );
  });
});

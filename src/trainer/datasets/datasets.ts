/**
 * Loads the dataset a model file names (paths relative to the model file), fits it to the model's input,
 * and splits it into training, validation and held-out test sets. Every problem is a DatasetError whose
 * message names the file or both shapes, raised before training starts.
 */
import { isAbsolute, join, resolve } from "node:path";
import { formatShape, grouped, joined, msg, type Message } from "../../core";
import { readIdxFile } from "./idx";
import { DatasetError, readCifar10, readImageFolder, toInput, type Images } from "./images";
import { readNpyFile } from "./npy";

export { DatasetError };

/** Samples as floats, each of the model's input shape, and their labels. */
export interface Samples {
  readonly x: Float32Array;
  /** Class indices, or target rows of `targetSize` values each (NPY float targets). */
  readonly y: Int32Array | Float32Array;
  readonly count: number;
}

/** A loaded dataset: its samples, a test set of its own if it ships one, and the class names if known. */
export interface Dataset {
  readonly samples: Samples;
  readonly test?: Samples;
  /** The last this many samples are the dataset's own test part when testSplit is 0 (the built-in sample's, as MNIST's t10k). */
  readonly testTail?: number;
  readonly sampleShape: readonly number[];
  /** Values per target row when `y` holds targets instead of class indices. */
  readonly targetSize: number | null;
  readonly classNames: readonly string[] | null;
  /** "the built-in MNIST sample (10,000 digits)", for the log (in its language). */
  readonly description: Message;
}

/** Where to look, and the shape the model wants. */
export interface DatasetContext {
  readonly modelDir: string;
  /** Folder of the built-in datasets (dist/datasets). */
  readonly builtinDir: string;
  /** The model input's shape without the batch dimension. */
  readonly inputShape: readonly number[];
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Fits 8-bit images to the model's input: as they are, or resized when the dataset asks for it. */
function fitImages(images: Images, ctx: DatasetContext, what: Message, resize: boolean): Float32Array {
  const [h, w, c] = ctx.inputShape;
  const given = [images.height, images.width, images.channels];
  if (ctx.inputShape.length === 3 && h === images.height && w === images.width && c === images.channels) return toInput(images, h, w, c);
  if (resize && ctx.inputShape.length === 3 && (c === 1 || c === 3)) return toInput(images, h, w, c);
  const shapes = { what, given: formatShape(given), wanted: formatShape(ctx.inputShape) };
  throw new DatasetError(resize ? msg("dataset.shapeNoResize", shapes) : msg("dataset.shapeResize", shapes));
}

function idxImages(imagesPath: string, labelsPath: string, what: Message): { images: Images; labels: Int32Array } {
  const images = readIdxFile(imagesPath);
  if (!images.ok) throw new DatasetError(images.message);
  const labels = readIdxFile(labelsPath);
  if (!labels.ok) throw new DatasetError(labels.message);
  const [count, height, width, channels = 1] = images.value.shape;
  if (images.value.shape.length < 3 || images.value.shape.length > 4 || !(images.value.data instanceof Uint8Array))
    throw new DatasetError(
      images.value.shape.length === 1
        ? msg("dataset.idxVector", { path: imagesPath, count: images.value.shape[0] })
        : msg("dataset.idxNotImages", { path: imagesPath, shape: images.value.shape.join("×") }),
    );
  if (labels.value.shape.length !== 1 || labels.value.shape[0] !== count)
    throw new DatasetError(msg("dataset.idxLabels", { what, count, shape: labels.value.shape.join("×"), path: labelsPath }));
  // Labels are class indices: a float IDX file of 0.5s would be truncated to class 0 without a word.
  const fraction = labels.value.data.findIndex((v) => !Number.isInteger(v) || Math.abs(v) > 2 ** 31 - 1);
  if (fraction >= 0)
    throw new DatasetError(msg("dataset.notClass", { path: labelsPath, index: fraction, value: String(labels.value.data[fraction]) }));
  return { images: { pixels: images.value.data, count, height, width, channels }, labels: Int32Array.from(labels.value.data) };
}

/**
 * Refuses a NaN or an infinity in `values` (read from `path`, `per` values a sample), naming the first: training on
 * one turns every weight into NaN (Keras would train on, "successfully").
 */
export function checkFinite(values: ArrayLike<number>, path: string, per: number): void {
  for (let i = 0; i < values.length; i++)
    if (!Number.isFinite(values[i])) {
      const where = { path, index: i, sample: Math.floor(i / per), element: i % per, value: String(values[i]) };
      throw new DatasetError(Number.isNaN(values[i]) ? msg("dataset.notFinite", where) : msg("dataset.beyondFloat32", where));
    }
}

/** NPY inputs and labels: class indices (integers, one per sample) or target rows. */
function npySamples(xPath: string, yPath: string, ctx: DatasetContext): { samples: Samples; targetSize: number | null } {
  const x = readNpyFile(xPath);
  if (!x.ok) throw new DatasetError(x.message);
  const y = readNpyFile(yPath);
  if (!y.ok) throw new DatasetError(y.message);
  const [count, ...sample] = x.value.shape;
  // Same values per sample and the same shape once axes of size 1 are ignored ([28, 28] fits [28, 28, 1]).
  const squeeze = (s: readonly number[]) => s.filter((d) => d !== 1).join("×");
  if (size(sample) !== size(ctx.inputShape) || squeeze(sample) !== squeeze(ctx.inputShape))
    throw new DatasetError(msg("dataset.shape", { path: xPath, given: formatShape(sample), wanted: formatShape(ctx.inputShape) }));
  if (y.value.shape[0] !== count)
    throw new DatasetError(msg("dataset.labelCount", { path: yPath, labels: y.value.shape[0], count, samples: xPath }));
  const data = x.value.dtype.endsWith("u1") ? x.value.data.map((v) => v / 255) : x.value.data;
  if (!x.value.integer) checkFinite(data, xPath, size(sample));
  const labelsAreClasses = y.value.integer && size(y.value.shape.slice(1)) === 1;
  // Class indices become 32-bit integers: a label beyond them would wrap round to another class silently.
  if (labelsAreClasses) {
    const i = y.value.data.findIndex((v) => v < -(2 ** 31) || v >= 2 ** 31);
    if (i >= 0) throw new DatasetError(msg("dataset.notClass", { path: yPath, index: i, value: String(y.value.data[i]) }));
  }
  if (!y.value.integer) checkFinite(y.value.data, yPath, Math.max(1, size(y.value.shape.slice(1))));
  return {
    samples: { x: data, y: labelsAreClasses ? Int32Array.from(y.value.data) : y.value.data, count },
    targetSize: labelsAreClasses ? null : size(y.value.shape.slice(1)),
  };
}

/** What an NPY labels file holds: class labels, or targets of `size` values. */
const holds = (size: number | null): Message => (size === null ? msg("dataset.classLabels") : msg("dataset.targets", { count: size }));

/** A test image folder, its labels numbered as the training folder's classes. */
function testFolder(folder: string, classes: readonly string[], ctx: DatasetContext): Samples {
  const [h, w, c] = ctx.inputShape;
  const f = readImageFolder(folder, h, w, c, 1);
  const unknown = f.classes.filter((name) => !classes.includes(name));
  if (unknown.length)
    throw new DatasetError(
      msg("dataset.testClasses", {
        path: folder,
        count: unknown.length,
        names: joined(
          unknown.map((n) => `'${n}'`),
          "join.comma",
        ),
        classes: joined(classes, "join.comma"),
      }),
    );
  const y = f.labels.map((label) => classes.indexOf(f.classes[label]));
  return { x: f.x, y, count: y.length };
}

/** Loads `dataset` (the training section's `dataset`, validated by the engine). */
export function loadDataset(dataset: { readonly type: string; readonly [field: string]: unknown }, ctx: DatasetContext): Dataset {
  const path = (field: string) => {
    const p = String(dataset[field]);
    return isAbsolute(p) ? p : resolve(ctx.modelDir, p);
  };
  const resize = dataset.resize === true;
  switch (dataset.type) {
    case "mnist-sample":
    case "idx": {
      const builtin = dataset.type === "mnist-sample";
      const what = builtin ? msg("dataset.mnistSample") : msg("dataset.idxNamed", { path: path("images") });
      const { images, labels } = builtin
        ? idxImages(join(ctx.builtinDir, "mnist-sample-images.idx.gz"), join(ctx.builtinDir, "mnist-sample-labels.idx.gz"), what)
        : idxImages(path("images"), path("labels"), what);
      const x = fitImages(images, ctx, what, resize);
      const test =
        !builtin && dataset.testImages !== undefined ? idxImages(path("testImages"), path("testLabels"), msg("dataset.idxTest")) : null;
      return {
        samples: { x, y: labels, count: images.count },
        ...(test
          ? { test: { x: fitImages(test.images, ctx, msg("dataset.idxTest"), resize), y: test.labels, count: test.images.count } }
          : {}),
        ...(builtin ? { testTail: builtinTestPart } : {}),
        sampleShape: ctx.inputShape,
        targetSize: null,
        classNames: null,
        description: builtin ? msg("data.mnistSample", { count: grouped(images.count) }) : msg("data.idx", { path: path("images") }),
      };
    }
    case "cifar10": {
      const what = msg("dataset.cifarNamed", { path: path("path") });
      const c = readCifar10(path("path"));
      return {
        samples: { x: fitImages(c.train, ctx, what, resize), y: c.trainLabels, count: c.train.count },
        test: { x: fitImages(c.test, ctx, what, resize), y: c.testLabels, count: c.test.count },
        sampleShape: ctx.inputShape,
        targetSize: null,
        classNames: ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"],
        description: msg("data.cifar10", { path: path("path") }),
      };
    }
    case "imageFolder": {
      const [h, w, c] = ctx.inputShape;
      if (ctx.inputShape.length !== 3 || (c !== 1 && c !== 3))
        throw new DatasetError(msg("dataset.imageInput", { path: path("path"), wanted: formatShape(ctx.inputShape) }));
      const f = readImageFolder(path("path"), h, w, c);
      return {
        samples: { x: f.x, y: f.labels, count: f.labels.length },
        ...(dataset.testPath !== undefined ? { test: testFolder(path("testPath"), f.classes, ctx) } : {}),
        sampleShape: ctx.inputShape,
        targetSize: null,
        classNames: f.classes,
        description: msg("data.imageFolder", { path: path("path"), images: grouped(f.labels.length), classes: f.classes.length }),
      };
    }
    case "npy": {
      const train = npySamples(path("x"), path("y"), ctx);
      const test = dataset.testX !== undefined ? npySamples(path("testX"), path("testY"), ctx) : null;
      if (test && test.targetSize !== train.targetSize)
        throw new DatasetError(
          msg("dataset.targetsDiffer", {
            test: path("testY"),
            testHolds: holds(test.targetSize),
            train: path("y"),
            trainHolds: holds(train.targetSize),
          }),
        );
      return {
        samples: train.samples,
        ...(test ? { test: test.samples } : {}),
        sampleShape: ctx.inputShape,
        targetSize: train.targetSize,
        classNames: null,
        description: msg("data.npy", { x: path("x"), y: path("y"), count: grouped(train.samples.count) }),
      };
    }
    default:
      throw new DatasetError(msg("dataset.unknownType", { type: dataset.type }));
  }
}

/** A seeded random generator whose state can be saved in a checkpoint and restored. */
export interface SeededRandom {
  (): number;
  readonly seed: number;
  /** The generator's whole state: setting it back repeats the draws that followed. */
  state: number;
}

/** A seeded random generator (mulberry32): the same seed, the same splits. */
export function seededRandom(seed: number): SeededRandom {
  const next = (() => {
    next.state = (next.state + 0x6d2b79f5) | 0;
    const s = next.state;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }) as SeededRandom;
  Object.assign(next, { seed, state: seed | 0 });
  return next;
}

/** The rows of `samples` at `indices`. */
export function take(samples: Samples, indices: readonly number[], sampleSize: number, targetSize: number | null): Samples {
  const x = new Float32Array(indices.length * sampleSize);
  const per = targetSize ?? 1;
  const y = samples.y instanceof Int32Array ? new Int32Array(indices.length) : new Float32Array(indices.length * per);
  indices.forEach((from, to) => {
    x.set(samples.x.subarray(from * sampleSize, (from + 1) * sampleSize), to * sampleSize);
    y.set(samples.y.subarray(from * per, (from + 1) * per), to * per);
  });
  return { x, y, count: indices.length };
}

/** The built-in sample's own test part: its last 1,000 digits (the file's order is a fixed shuffle, every class in it). */
export const builtinTestPart = 1000;

/** The training, validation and test sets. */
export interface Splits {
  readonly train: Samples;
  readonly validation: Samples | null;
  readonly test: Samples | null;
}

/**
 * Splits a dataset: the test set is the dataset's own (when it has one and `testSplit` is 0) or the last
 * `testSplit` of a seeded shuffle; validation is the last `validationSplit` of what remains. `limit` keeps
 * only the first N shuffled samples (and a proportional test set).
 */
export function split(data: Dataset, o: { validationSplit: number; testSplit: number; seed: number; limit?: number }): Splits {
  const sampleSize = size(data.sampleShape);
  const random = seededRandom(o.seed);
  // The dataset's own test part at its end (the built-in sample's) stays out of the shuffle when it is the test set.
  const tail = o.testSplit === 0 && !data.test && data.testTail ? Math.min(data.testTail, data.samples.count - 1) : 0;
  const order = Array.from({ length: data.samples.count - tail }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const pool = o.limit ? order.slice(0, o.limit) : order;
  const tailIdx = Array.from({ length: tail }, (_, i) => data.samples.count - tail + i);
  const ownTest = data.test && o.testSplit === 0 ? data.test : tail ? take(data.samples, tailIdx, sampleSize, data.targetSize) : null;
  const testCount = ownTest ? 0 : Math.round(pool.length * o.testSplit);
  const rest = pool.slice(0, pool.length - testCount);
  const validationCount = Math.round(rest.length * o.validationSplit);
  const trainIdx = rest.slice(0, rest.length - validationCount);
  if (trainIdx.length === 0) throw new DatasetError(msg("dataset.noTraining", { count: pool.length }));
  const part = (idx: number[]) => (idx.length ? take(data.samples, idx, sampleSize, data.targetSize) : null);
  let test = part(pool.slice(pool.length - testCount));
  if (ownTest) {
    const n = o.limit ? Math.min(ownTest.count, Math.max(1, Math.round(o.limit / 5))) : ownTest.count;
    test = n === ownTest.count ? ownTest : take(ownTest, [...Array(n).keys()], sampleSize, data.targetSize);
  }
  return {
    train: take(data.samples, trainIdx, sampleSize, data.targetSize),
    validation: part(rest.slice(rest.length - validationCount)),
    test,
  };
}

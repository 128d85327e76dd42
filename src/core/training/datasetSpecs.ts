/**
 * The datasets a training section can name and their fields — one description that drives the reading, the
 * diagnostics and the JSON Schema.
 */
import type { JsonPath, PendingDiagnostic } from "../document/diagnostics";
import { own } from "../document/own";
import { briefValue } from "../document/readParam";
import { didYouMean, didYouMeanHint } from "../document/suggest";
import { isObject } from "./trainingFields";
import { msg, parameterDoc } from "../messages/format";

/** A dataset field: a path (relative to the model file), required unless `optional`, or a switch. */
export interface DatasetField {
  readonly doc: string;
  readonly kind: "path" | "bool";
  /** An optional path. */
  readonly optional?: true;
  /** The path names a folder (a file otherwise): what a picker asks for. */
  readonly folder?: true;
  /** The field that must come with this one (a test set's images and labels). */
  readonly pairedWith?: string;
}

/** A dataset as the section names it. */
export interface DatasetConfig {
  readonly type: string;
  readonly [field: string]: unknown;
}

const resize: DatasetField = {
  kind: "bool",
  doc: "Resize the images to the model's input (bilinear) and convert grey ↔ RGB, instead of requiring the same shape.",
};

/** A held-out test set of its own files, instead of testSplit. */
const testFile = (doc: string, pairedWith?: string): DatasetField => ({
  kind: "path",
  optional: true,
  doc: `${doc} The held-out test set, used when testSplit is 0.`,
  ...(pairedWith ? { pairedWith } : {}),
});

/** Datasets and their fields. */
export const datasetSpecs: Record<string, Record<string, DatasetField>> = {
  "mnist-sample": { resize },
  idx: {
    images: { kind: "path", doc: "IDX images file (gzipped or not)." },
    labels: { kind: "path", doc: "IDX labels file (gzipped or not)." },
    testImages: testFile("IDX test images (MNIST's t10k-images-idx3-ubyte.gz).", "testLabels"),
    testLabels: testFile("IDX test labels (MNIST's t10k-labels-idx1-ubyte.gz).", "testImages"),
    resize,
  },
  cifar10: {
    path: {
      kind: "path",
      folder: true,
      doc: "Folder of the CIFAR-10 binary batches (data_batch_1.bin … test_batch.bin); test_batch.bin is the test set when testSplit is 0.",
    },
    resize,
  },
  imageFolder: {
    path: { kind: "path", folder: true, doc: "Folder with one sub-folder of images (PNG, JPEG) per class; resized to the model's input." },
    testPath: { ...testFile("Folder of test images, one sub-folder per class, named as in path."), folder: true },
  },
  npy: {
    x: { kind: "path", doc: "NPY array of inputs." },
    y: { kind: "path", doc: "NPY array of labels." },
    testX: testFile("NPY array of test inputs.", "testY"),
    testY: testFile("NPY array of test labels.", "testX"),
  },
};

/** The fields of `dataset` that name test files of its own. */
export const testFields = (dataset: DatasetConfig): string[] =>
  Object.entries(own(datasetSpecs, dataset.type) ?? {}).flatMap(([k, f]) => (f.optional && Object.hasOwn(dataset, k) ? [k] : []));

/** Reads the section's `dataset` at `path`; null when absent or unusable (then with a diagnostic). */
export function readDataset(raw: unknown, path: JsonPath, out: PendingDiagnostic[]): DatasetConfig | null {
  if (raw === undefined) return null;
  const type = isObject(raw) ? raw.type : undefined;
  if (!isObject(raw) || typeof type !== "string" || !Object.hasOwn(datasetSpecs, type)) {
    const suggestion = typeof type === "string" ? didYouMean(type, Object.keys(datasetSpecs)) : undefined;
    const types = Object.keys(datasetSpecs)
      .map((t) => `"${t}"`)
      .join(" | ");
    const message =
      isObject(raw) && type === undefined
        ? msg("training.datasetNoType", { types })
        : msg("training.dataset", { types, value: briefValue(isObject(raw) ? type : raw), hint: didYouMeanHint(suggestion) });
    out.push({ severity: "error", code: "wrong-type", message, path: isObject(raw) ? [...path, "type"] : path, suggestion });
    return null;
  }
  const fields = datasetSpecs[type];
  for (const key of Object.keys(raw)) {
    if (key !== "type" && !Object.hasOwn(fields, key))
      out.push({
        severity: "error",
        code: "unknown-property",
        message: msg("training.datasetNoField", { type, key }),
        path: [...path, key],
        anchor: "key",
      });
  }
  for (const key of Object.keys(fields)) {
    if (fields[key].kind === "bool") {
      if (Object.hasOwn(raw, key) && typeof raw[key] !== "boolean")
        out.push({
          severity: "error",
          code: "wrong-type",
          message: msg("training.datasetBool", { type, key, value: briefValue(raw[key]) }),
          path: [...path, key],
        });
    } else if (fields[key].optional) {
      const pair = fields[key].pairedWith;
      if (Object.hasOwn(raw, key) && (typeof raw[key] !== "string" || raw[key] === ""))
        out.push({
          severity: "error",
          code: "wrong-type",
          message: msg("training.datasetPath", { type, key, value: briefValue(raw[key]) }),
          path: [...path, key],
        });
      else if (Object.hasOwn(raw, key) && pair && !Object.hasOwn(raw, pair))
        out.push({
          severity: "error",
          code: "missing-property",
          message: msg("training.datasetPair", { type, key, pair }),
          path: [...path, key],
          anchor: "key",
        });
    } else if (typeof raw[key] !== "string" || raw[key] === "")
      out.push({
        severity: "error",
        code: "missing-property",
        message: msg("training.datasetNeeds", { type, key, doc: parameterDoc(fields[key].doc) }),
        path: Object.hasOwn(raw, key) ? [...path, key] : [...path, "type"],
      });
  }
  return { ...raw, type };
}

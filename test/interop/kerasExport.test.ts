/**
 * Export to Keras' own files with a run's weights (`.h5`, `.keras`), checked against what Keras wrote: real files
 * from public repositories (test/fixtures) are imported, exported again, and read with h5py and zipfile
 * (kerasLayout.py) — the same weight datasets and names, config keys Keras itself writes for each class — then
 * run by the torch.nn.functional reference (kerasReference.py), which must predict as it does on the original.
 * Each export also imports back to the same model and weights.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { analyze, exportArtefact, formatMessage, modelFigures, type ExportFormat } from "../../src/core";
import { exportFiles } from "../../src/node/exportFiles";
import { importModelFile, writeImportedRun } from "../../src/node/importModel";
import { readRunWeights } from "../../src/node/runFolder";
import { python, root } from "./tools";
import { initTfjs } from "../helpers/tfjsOracle";
import { preprocessingModels, weighted } from "./weighted";

const fixture = (name: string) => join(root, "test", "fixtures", name);
const script = (name: string) => join(root, "test", "interop", name);

interface Layout {
  readonly layers: Record<string, [string, string[]]>;
  readonly datasets: Record<string, [number[], string]>;
  readonly weightNames?: Record<string, string[]>;
  readonly [key: string]: unknown;
}

const layout = (file: string) =>
  JSON.parse(execFileSync(python, [script("kerasLayout.py"), file], { encoding: "utf8", maxBuffer: 1 << 26 })) as Layout;

/** Samples in [0, 1) from a fixed linear congruential sequence. */
function samples(count: number, size: number): number[] {
  let seed = 4242;
  return Array.from({ length: count * size }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/** The reference's prediction for a file on `input` (a JSON file of samples, channels last). */
function reference(file: string, input: string): number[] {
  const out = execFileSync(python, [script("kerasReference.py"), file, input], { encoding: "utf8", maxBuffer: 1 << 26 });
  return ((JSON.parse(out) as { output: unknown[] }).output as unknown[]).flat(Infinity) as number[];
}

/** Nests a flat list into `shape` (for JSON samples). */
function nest(flat: number[], shape: readonly number[]): unknown {
  if (shape.length === 0) return flat[0];
  const size = flat.length / shape[0];
  return Array.from({ length: shape[0] }, (_, i) => nest(flat.slice(i * size, (i + 1) * size), shape.slice(1)));
}

/** Config keys Keras writes per class, from every file of that generation in the corpus: our keys must be among them. */
function kerasKeys(files: readonly string[]): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  for (const f of files)
    for (const [cls, ks] of Object.values(layout(fixture(f)).layers)) keys.set(cls, new Set([...(keys.get(cls) ?? []), ...ks]));
  return keys;
}

/** Real files, each exported in both formats; predictions compared where the file has one input. */
const cases: readonly { file: string; predict: boolean }[] = [
  { file: "h5/cifar10_seq_bn_k2.15.h5", predict: true },
  { file: "h5/resnet_add_bn_k2.3.0tf.h5", predict: true },
  { file: "h5/unet_concat_k2.2.2.h5", predict: true },
  { file: "keras/mnist_cnn_dropout_k3.14.keras", predict: true },
  { file: "keras/cifar10_cnn_dropout_k3.4.1.keras", predict: true },
  // Two inputs, and Keras 3.3.3 keys the weights by class (conv2d_5 is stored as layers/conv2d).
  { file: "keras/car_2inputs_concat_k3.3.3.keras", predict: false },
  // Resizing and Rescaling from a Sequential used as a layer (flattened), augmentation layers left out.
  { file: "keras/potato_preproc_aug_nested_k3.10.keras", predict: true },
];

const formats: readonly { format: ExportFormat; ext: string; same: string }[] = [
  { format: "h5", ext: "h5", same: "h5/" },
  { format: "keras3", ext: "keras", same: "keras/" },
];

describe("Export to Keras .h5 and .keras with a run's weights (h5py, Keras' own files, torch.nn.functional)", function () {
  this.timeout(180_000);
  let dir: string;
  let keras2Keys: Map<string, Set<string>>;
  let keras3Keys: Map<string, Set<string>>;
  before(async () => {
    await initTfjs();
    dir = mkdtempSync(join(tmpdir(), "cnn-keras-export-"));
    // tf.keras 2.15 is the layout the .h5 export writes; every Keras 3 archive of the corpus for .keras.
    keras2Keys = kerasKeys(["h5/cifar10_seq_bn_k2.15.h5", "h5/shapes_nested_aug_k2.15.h5"]);
    keras3Keys = kerasKeys(cases.filter((c) => c.file.endsWith(".keras")).map((c) => c.file));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const { file, predict } of cases)
    for (const { format, ext, same } of formats)
      it(`${file} → .${ext}: Keras' layout and config keys, the original's predictions, and back`, async () => {
        const imported = importModelFile(fixture(file));
        assert.ok(imported.ok, imported.ok ? "" : formatMessage(imported.problem));
        const { text, weights, origin } = imported.value;
        assert.ok(weights);
        const stem = basename(file).replace(/\W/g, "_");
        const modelPath = join(dir, `${stem}.cnn.json`);
        writeFileSync(modelPath, text);
        const run = readRunWeights(writeImportedRun(modelPath, text, weights, origin), text);
        const exported = exportArtefact(text, { format, outputName: `${stem}.${ext}`, run });
        assert.ok(exported.ok, exported.ok ? "" : formatMessage(exported.problem));
        const [only, ...more] = await exportFiles(exported.value);
        assert.equal(more.length, 0, "one file, no weights file beside it");
        const out = join(dir, `${stem}.${ext}`);
        writeFileSync(out, only.bytes);

        const ours = layout(out);
        const theirs = layout(fixture(file));
        // Every key of every layer's config is one Keras writes for that class (Keras 3 refuses unknown ones).
        const known = format === "h5" ? keras2Keys : keras3Keys;
        for (const [name, [cls, keys]] of Object.entries(ours.layers)) {
          const allowed = known.get(cls);
          if (allowed)
            assert.deepEqual(
              keys.filter((k) => !allowed.has(k)),
              [],
              `${name} (${cls}): keys Keras does not write`,
            );
        }
        if (file.startsWith(same)) {
          // Exported in its own format, the file holds the same datasets at the same paths as Keras' file.
          assert.deepEqual(ours.datasets, theirs.datasets);
          if (ours.weightNames)
            for (const [layer, names] of Object.entries(theirs.weightNames ?? {})) assert.deepEqual(ours.weightNames[layer], names, layer);
        } else assert.equal(Object.keys(ours.datasets).length, Object.keys(theirs.datasets).length);
        if (format === "keras3") {
          assert.deepEqual(ours.entries, ["config.json", "metadata.json", "model.weights.h5"]);
          assert.deepEqual(ours.stored, [0], "stored, as Keras stores them");
        } else assert.deepEqual([ours.top, ours.version], ["Functional", "2.15.0"]);

        if (predict) {
          const shape = analyze(text).layers[0].outputShape!.slice(1) as number[];
          const size = shape.reduce((a, d) => a * d, 1);
          const input = join(dir, `${stem}-input.json`);
          writeFileSync(input, JSON.stringify(nest(samples(2, size), [2, ...shape])));
          const [a, b] = [reference(fixture(file), input), reference(out, input)];
          assert.equal(a.length, b.length);
          const worst = Math.max(...a.map((v, i) => Math.abs(v - b[i])));
          assert.ok(worst <= 1e-5 * Math.max(1, ...a.map(Math.abs)), `largest difference ${worst}`);
        }

        // And back: the export imports to the same model, with the same weights.
        const back = importModelFile(out);
        assert.ok(back.ok, back.ok ? "" : formatMessage(back.problem));
        assert.deepEqual(modelFigures(back.value.text), modelFigures(text));
        assert.deepEqual(back.value.weights?.specs, weights.specs);
        assert.ok(Buffer.from(back.value.weights!.values.buffer).equals(Buffer.from(weights.values.buffer)), "the same weight values");
      });

  it("designed models (Normalization, Resizing, CenterCrop, a BatchNormalization) predict in the reference as in tfjs", async () => {
    const texts = [
      ...preprocessingModels.filter((t) => !t.includes("cropToAspectRatio")),
      JSON.stringify({
        version: 1,
        layers: [
          { type: "Input", shape: [9, 9, 2] },
          { type: "Normalization" },
          { type: "Conv2D", filters: 3, kernelSize: 3, padding: "same" },
          { type: "BatchNormalization" },
          { type: "GlobalAveragePooling2D" },
          { type: "Dense", units: 4, activation: "softmax" },
        ],
      }),
    ];
    for (const [i, text] of texts.entries())
      for (const { format, ext } of formats) {
        const w = await weighted(text, 300 + i);
        const exported = exportArtefact(text, { format, outputName: `m${i}.${ext}`, run: { specs: w.specs, bytes: w.weights } });
        assert.ok(exported.ok, exported.ok ? "" : formatMessage(exported.problem));
        const out = join(dir, `designed${i}.${ext}`);
        writeFileSync(out, (await exportFiles(exported.value))[0].bytes);
        const input = join(dir, `designed${i}.json`);
        writeFileSync(input, JSON.stringify(nest(Array.from(w.x), w.xShape)));
        const got = reference(out, input);
        const worst = Math.max(...got.map((v, k) => Math.abs(v - w.y[k])));
        assert.ok(got.length === w.y.length && worst <= 1e-4 * Math.max(1, ...Array.from(w.y, Math.abs)), `${text}: ${worst}`);
      }
  });

  it("is refused under a name Keras' load_model would not read, with the name it would", () => {
    const text = preprocessingModels[4];
    const run = { specs: [], bytes: new Uint8Array(0) };
    const named = (format: ExportFormat, outputName: string) => {
      const r = exportArtefact(text, { format, outputName, run });
      return r.ok ? "" : formatMessage(r.problem);
    };
    assert.equal(
      named("keras3", "model.h5"),
      "Keras' load_model reads a .keras archive only from a file named *.keras: name the output model.keras",
    );
    assert.equal(
      named("h5", "model.keras"),
      "Keras' load_model reads an HDF5 model only from a file named *.h5 or .hdf5: name the output model.h5",
    );
  });
});

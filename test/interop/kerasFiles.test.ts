/**
 * Keras files with weights, from public repositories (test/fixtures, sources beside them): `.h5` saved by Keras
 * 2.1 to 2.15 and `.keras` archives saved by Keras 3. Each import is checked against two independent oracles:
 * a forward pass written with torch.nn.functional from the weights as h5py reads them (kerasReference.py), and
 * tfjs-layers loading the imported run's model.json and weights.bin, as the trainer and the exporters would.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { analyze, formatMessage } from "../../src/core";
import { importModelFile, writeImportedRun, type ModelImport } from "../../src/node/importModel";
import { readRunStatus, readRunWeights } from "../../src/node/runFolder";
import { initTfjs } from "../helpers/tfjsOracle";
import { loadTfjsModel, python, root } from "./tools";

const fixture = (name: string) => join(root, "test", "fixtures", name);

/** Samples in [0, 1) from a fixed linear congruential sequence: the same input for both oracles. */
function samples(count: number, shape: readonly number[]): number[][] {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const size = shape.reduce((a, d) => a * d, 1);
  return Array.from({ length: count }, () => Array.from({ length: size }, next));
}

/** The files that import with their weights, and (for a save_weights file) the topology paired with them. */
const files: readonly { file: string; topology?: string; version: string }[] = [
  { file: "h5/cifar10_seq_bn_k2.15.h5", version: "2.15.0" },
  { file: "h5/shapes_seq_dropout_k2.3.1.h5", version: "2.3.1" },
  { file: "h5/resnet_add_bn_k2.3.0tf.h5", version: "2.3.0-tf" },
  { file: "h5/unet_concat_k2.2.2.h5", version: "2.2.2" },
  { file: "h5/wgan_discriminator_bn_k2.1.3.h5", version: "2.1.3" },
  { file: "h5/cifar10_bn_k2.8.weights.h5", topology: "h5/cifar10_bn_k2.8.json", version: "2.8.0" },
  { file: "keras/cifar10_cnn_dropout_k3.4.1.keras", version: "3.4.1" },
  { file: "keras/mnist_cnn_dropout_k3.14.keras", version: "3.14.0" },
  // A model used as a layer (a Sequential holding Rescaling) inside a functional ResNet, as .keras and legacy .h5.
  { file: "keras/resnet_add_bn_k3.1.1.keras", version: "3.1.1" },
  { file: "h5/resnet_add_bn_legacy_k3.1.1.h5", version: "3.1.1" },
  // Resizing and Rescaling in a Sequential used as a layer, then augmentation layers (left out) in another.
  { file: "keras/potato_preproc_aug_nested_k3.10.keras", version: "3.10.0" },
];

/** Saves a tfjs-layers model as tfjs-layers itself does (model.json + weights.bin) into `folder`: model.json's path. */
async function saveTfjs(model: tf.LayersModel, folder: string): Promise<string> {
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      writeFileSync(join(folder, "weights.bin"), Buffer.from(tf.io.CompositeArrayBuffer.join(a.weightData!)));
      writeFileSync(
        join(folder, "model.json"),
        JSON.stringify({ modelTopology: a.modelTopology, weightsManifest: [{ paths: ["weights.bin"], weights: a.weightSpecs }] }),
      );
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  return join(folder, "model.json");
}

/** Writes an import as the model file `modelPath` and its run, and loads the run in tfjs-layers. */
async function loadImportedRun(modelPath: string, imported: ModelImport): Promise<tf.LayersModel> {
  assert.ok(imported.weights);
  writeFileSync(modelPath, imported.text);
  const run = writeImportedRun(modelPath, imported.text, imported.weights, imported.origin);
  return loadTfjsModel(JSON.parse(readFileSync(join(run, "model.json"), "utf8")), join(run, "weights.bin"));
}

describe("Keras .h5 and .keras files with weights (h5py + torch.nn.functional, and tfjs-layers)", function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    await initTfjs();
    dir = mkdtempSync(join(tmpdir(), "cnn-keras-files-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const { file, topology, version } of files) {
    it(`${file}: the imported run predicts as the reference does, with the file's weights`, () =>
      checkImport(dir, fixture(file), topology && fixture(topology), version));
  }

  it("a TF.js layers model saved by tfjs-layers (a model used as a layer, as Teachable Machine's) imports with its weights", async () => {
    const base = tf.sequential({
      name: "base",
      layers: [
        tf.layers.conv2d({ inputShape: [12, 12, 3], filters: 4, kernelSize: 3, activation: "relu", name: "conv" }),
        tf.layers.batchNormalization({ name: "bn" }),
      ],
    });
    const model = tf.sequential({
      name: "tm",
      layers: [base, tf.layers.globalAveragePooling2d({ name: "gap" }), tf.layers.dense({ units: 3, name: "head" })],
    });
    model.setWeights(model.getWeights().map((w, i) => tf.randomUniform(w.shape, 0.5, 1.5, "float32", i)));
    const folder = mkdtempSync(join(dir, "tfjs-"));
    const r = importModelFile(await saveTfjs(model, folder));
    assert.ok(r.ok && r.value.weights, r.ok ? "no weights" : formatMessage(r.problem));
    assert.equal(r.value.origin.format, "TF.js");
    const imported = await loadImportedRun(join(folder, "tm.cnn.json"), r.value);
    const x = tf.randomUniform([2, 12, 12, 3], 0, 1, "float32", 9);
    const [a, b] = [
      (await (model.predict(x) as tf.Tensor).data()) as Float32Array,
      (await (imported.predict(x) as tf.Tensor).data()) as Float32Array,
    ];
    assert.ok(Math.max(...a.map((v, i) => Math.abs(v - b[i]))) < 1e-5);
    assert.deepEqual(
      analyze(r.value.text).layers.map((l) => [l.name, (l.written as { group?: string }).group]),
      [
        ["base.conv_input", undefined],
        ["base.conv", "base"],
        ["base.bn", "base"],
        ["gap", undefined],
        ["head", undefined],
      ],
    );
    model.dispose();
    imported.dispose();
  });

  it("a model used as a layer with several outputs (TensorFlow's segmentation tutorial's encoder) imports with its weights", async () => {
    // The encoder gives a skip connection and its deepest features; the decoder reads both, as in a U-Net.
    const image = tf.input({ shape: [8, 8, 3], name: "image" });
    const c1 = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: "same", activation: "relu", name: "block1" }).apply(image);
    const p1 = tf.layers.maxPooling2d({ poolSize: 2, name: "pool1" }).apply(c1);
    const c2 = tf.layers.conv2d({ filters: 6, kernelSize: 3, padding: "same", activation: "relu", name: "block2" }).apply(p1);
    const encoder = tf.model({ inputs: image, outputs: [c1, c2] as tf.SymbolicTensor[], name: "down_stack" });
    const x = tf.input({ shape: [8, 8, 3], name: "x" });
    const [skip, deep] = encoder.apply(x) as tf.SymbolicTensor[];
    const up = tf.layers.upSampling2d({ size: [2, 2], name: "up" }).apply(deep);
    const joined = tf.layers.concatenate({ name: "cat" }).apply([up, skip] as tf.SymbolicTensor[]);
    const head = tf.layers.conv2d({ filters: 2, kernelSize: 1, name: "head" }).apply(joined) as tf.SymbolicTensor;
    const model = tf.model({ inputs: x, outputs: head, name: "unet" });
    model.setWeights(model.getWeights().map((w, i) => tf.randomUniform(w.shape, -1, 1, "float32", i)));
    const folder = mkdtempSync(join(dir, "tfjs-multi-"));
    const r = importModelFile(await saveTfjs(model, folder));
    assert.ok(r.ok && r.value.weights, r.ok ? "no weights" : formatMessage(r.problem));
    const layers = analyze(r.value.text).layers;
    assert.deepEqual(
      layers.find((l) => l.name === "cat")?.inputs,
      ["up", "down_stack.block1"],
      "the concatenation reads the encoder's second output, upsampled, and its first",
    );
    assert.deepEqual(layers.find((l) => l.name === "up")?.inputs, ["down_stack.block2"]);
    const imported = await loadImportedRun(join(folder, "unet.cnn.json"), r.value);
    const sample = tf.randomUniform([2, 8, 8, 3], 0, 1, "float32", 5);
    const [a, b] = [
      (await (model.predict(sample) as tf.Tensor).data()) as Float32Array,
      (await (imported.predict(sample) as tf.Tensor).data()) as Float32Array,
    ];
    assert.equal(a.length, b.length);
    assert.ok(Math.max(...a.map((v, i) => Math.abs(v - b[i]))) < 1e-5);
    model.dispose();
    imported.dispose();
  });

  it("a model used as a layer (a frozen base), with weights, from a .keras archive and a Keras 2 .h5", async () => {
    execFileSync(python, [join(root, "test", "interop", "nestedKeras.py"), dir]);
    for (const [file, version] of [
      ["nested.keras", "3.4.1"],
      ["nested.h5", "2.15.0"],
    ]) {
      const text = await checkImport(dir, join(dir, file), undefined, version);
      const layers = analyze(text).layers.map((l) => [
        l.name,
        (l.written as { group?: string }).group,
        l.trainableParams,
        l.nonTrainableParams,
      ]);
      assert.deepEqual(layers, [
        ["input_1", undefined, 0, 0],
        ["base.conv", "base", 0, 224],
        ["base.bn", "base", 0, 32],
        ["gap", undefined, 0, 0],
        ["head", undefined, 45, 0],
      ]);
    }
  });
});

/** Imports `file` (with `topology` for a save_weights file), writes its run and checks it against both oracles; returns the model text. */
async function checkImport(dir: string, file: string, topology: string | undefined, version: string): Promise<string> {
  const r = topology ? importModelFile(topology, file) : importModelFile(file);
  assert.ok(r.ok, r.ok ? "" : formatMessage(r.problem));
  const { text, weights, origin } = r.value;
  assert.ok(weights);
  assert.equal(origin.kerasVersion, version);
  const analysis = analyze(text);
  assert.deepEqual(
    analysis.diagnostics.filter((d) => d.severity === "error"),
    [],
  );
  const modelPath = join(dir, `${basename(file).replace(/\W/g, "_")}.cnn.json`);
  writeFileSync(modelPath, text);
  const run = writeImportedRun(modelPath, text, weights, origin);
  assert.deepEqual(readRunStatus(run)?.imported, origin);
  assert.equal(readRunStatus(run)?.state, "done");
  // The run reads back as every exporter reads a trained run.
  const read = readRunWeights(run, text);
  assert.equal(read.specs.length, weights.specs.length);

  const inputShape = analysis.layers[0].outputShape!.slice(1) as number[];
  const x = samples(2, inputShape);
  const inputFile = join(dir, "input.json");
  const nested = (flat: number[]) => tf.tensor(flat, inputShape).arraySync();
  writeFileSync(inputFile, JSON.stringify(x.map(nested)));
  const out = execFileSync(python, [join(root, "test", "interop", "kerasReference.py"), file, inputFile], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
    env: { ...process.env, KERAS_TOPOLOGY: topology ?? "" },
  });
  const reference = JSON.parse(out) as { output: number[][]; weights: [string, number[], number, number][] };

  // Every weight the file holds, in its order, is the run's weight of that layer: shape, sum and first value.
  const offsets = new Map<string, number>();
  let at = 0;
  for (const s of read.specs) {
    offsets.set(s.name, at);
    at += s.shape.reduce((a, d) => a * d, 1);
  }
  for (const layer of new Set(reference.weights.map((w) => w[0]))) {
    const theirs = reference.weights.filter((w) => w[0] === layer);
    const ours = read.specs.filter((s) => s.name.startsWith(`${layer}/`));
    assert.equal(ours.length, theirs.length, `${layer}: weights in the run`);
    theirs.forEach(([, shape, sum, first], k) => {
      assert.deepEqual(ours[k].shape, shape, ours[k].name);
      const values = new Float32Array(
        read.bytes.buffer,
        read.bytes.byteOffset + offsets.get(ours[k].name)! * 4,
        shape.reduce((a, d) => a * d, 1),
      );
      assert.equal(values[0], Math.fround(first), `${ours[k].name}: first value`);
      const total = values.reduce((a, v) => a + Math.abs(v), 0);
      assert.ok(Math.abs(total - sum) <= 1e-4 * Math.max(1, sum), `${ours[k].name}: |w| sums ${total} vs ${sum}`);
    });
  }
  assert.equal(new Set(reference.weights.map((w) => w[0])).size, new Set(read.specs.map((s) => s.name.split("/")[0])).size);

  const model = await loadTfjsModel(JSON.parse(readFileSync(join(run, "model.json"), "utf8")), join(run, "weights.bin"));
  const predicted = tf.tidy(
    () => (model.predict(tf.tensor(x.flat(), [2, ...inputShape])) as tf.Tensor).reshape([2, -1]).arraySync() as number[][],
  );
  model.dispose();
  const expected = reference.output.map((row) => (row as unknown as number[]).flat(Infinity) as number[]);
  const scale = Math.max(1, ...expected.flat().map(Math.abs));
  const worst = Math.max(...predicted.flat().map((v, i) => Math.abs(v - expected.flat()[i])));
  assert.equal(predicted.flat().length, expected.flat().length);
  assert.ok(worst <= 1e-4 * scale, `largest difference ${worst} (outputs up to ${scale})`);
  return text;
}

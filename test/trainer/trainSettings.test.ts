import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EndEvent, EpochEndEvent } from "../../src/protocol/trainer";
import { npy } from "./datasets.test";
import { cli, modelFile, tiny, trainCli } from "./trainerHelpers";

/** The trainer process, continued: metrics, label kinds, seeds and bad input. */
describe("the trainer process", () => {
  it("every metric the engine accepts trains and is logged under its own name, for sparse and one-hot labels", () => {
    const cases = [
      { loss: "sparseCategoricalCrossentropy", metrics: ["accuracy", "sparseCategoricalAccuracy"] },
      {
        loss: "categoricalCrossentropy",
        metrics: ["accuracy", "categoricalAccuracy", "binaryAccuracy", "precision", "recall", "meanSquaredError", "meanAbsoluteError"],
      },
    ];
    for (const c of cases) {
      const { events, status, stderr } = trainCli([modelFile(tiny(c)), "--samples", "200"]);
      assert.equal(status, 0, `${c.loss}: ${stderr}`);
      const epoch = events.find((e): e is EpochEndEvent => e.type === "epochEnd");
      const keys = ["loss", ...c.metrics, "val_loss", ...c.metrics.map((m) => `val_${m}`)];
      assert.deepEqual(Object.keys(epoch?.logs ?? {}).sort(), keys.sort(), c.loss);
      assert.ok(Object.values(epoch?.logs ?? {}).every(Number.isFinite));
      const end = events.find((e): e is EndEvent => e.type === "end");
      assert.deepEqual(Object.keys(end?.test ?? {}).sort(), ["loss", ...c.metrics].sort(), c.loss);
      assert.ok(Object.values(end?.test ?? {}).every((v) => Number.isFinite(v)));
    }
  });

  it("binary labels (one sigmoid unit, binary cross-entropy, with and without label smoothing) train from NPY files", () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-binary-"));
    const labels = Array.from({ length: 60 }, (_, i) => i % 2);
    // Bright images are class 1, dark ones class 0.
    const pixels = labels.flatMap((l) => Array<number>(784).fill(l ? 0.9 : 0.1));
    writeFileSync(join(dir, "x.npy"), npy("<f4", [60, 28, 28, 1], pixels));
    writeFileSync(join(dir, "y.npy"), npy("<i8", [60], labels));
    for (const labelSmoothing of [0, 0.1]) {
      const text = tiny({
        loss: "binaryCrossentropy",
        metrics: ["accuracy", "precision", "recall"],
        labelSmoothing,
        epochs: 3,
        dataset: { type: "npy", x: join(dir, "x.npy"), y: join(dir, "y.npy") },
      }).replace('"units":10,"activation":"softmax"', '"units":1,"activation":"sigmoid"');
      assert.ok(text.includes('"units":1,"activation":"sigmoid"'));
      const { events, status, stderr } = trainCli([modelFile(text)]);
      assert.equal(status, 0, stderr);
      const end = events.find((e): e is EndEvent => e.type === "end");
      assert.deepEqual(Object.keys(end?.test ?? {}).sort(), ["accuracy", "loss", "precision", "recall"]);
      assert.ok(
        Object.values(end?.test ?? {}).every((v) => Number.isFinite(v)),
        JSON.stringify(end?.test),
      );
    }
  });

  it("a seed makes a run repeatable: the same split, weights, shuffles and dropout give the same losses", () => {
    const text = tiny({ seed: 7, epochs: 2 }).replace(
      '"type":"GlobalAveragePooling2D"}',
      '"type":"GlobalAveragePooling2D"},{"type":"Dropout","rate":0.3}',
    );
    const losses = () => {
      const { events, status } = trainCli([modelFile(text), "--samples", "300"]);
      assert.equal(status, 0);
      return events.flatMap((e) => (e.type === "batchEnd" ? [e.logs.loss] : e.type === "end" ? [e.test?.loss] : []));
    };
    assert.ok(text.includes('"Dropout"'));
    const first = losses();
    assert.ok(first.length > 20);
    assert.deepEqual(losses(), first);
    const other = tiny({ seed: 8, epochs: 2 }).replace(
      '"type":"GlobalAveragePooling2D"}',
      '"type":"GlobalAveragePooling2D"},{"type":"Dropout","rate":0.3}',
    );
    const { events } = trainCli([modelFile(other), "--samples", "300"]);
    assert.notDeepEqual(
      events.flatMap((e) => (e.type === "batchEnd" ? [e.logs.loss] : [])),
      first.slice(0, -1),
      "another seed, another run",
    );
  });

  it("bad models, datasets and usage exit 2 with a message, before any training", () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-bad-"));
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "data", "x.npy"), "garbage");
    writeFileSync(join(dir, "data", "digits.npy"), npy("<f4", [2, 28, 28], Array<number>(2 * 784).fill(0.5)));
    writeFileSync(join(dir, "data", "labels.npy"), npy("<i8", [2], [3, 12]));
    writeFileSync(join(dir, "data", "targets.npy"), npy("<f4", [2, 3], [1, 0, 0, 0, 1, 0]));
    writeFileSync(join(dir, "data", "halves.npy"), npy("<f4", [2], [0.5, 1]));
    const npyModel = (y: string) =>
      modelFile(tiny({ dataset: { type: "npy", x: join(dir, "data", "digits.npy"), y: join(dir, "data", y) } }));
    const cases: [string[], RegExp][] = [
      [
        [modelFile(tiny({ dataset: { type: "idx", images: "missing-images.idx", labels: "l.idx" } }))],
        /missing-images\.idx': no such file or folder$/,
      ],
      [[modelFile(tiny({ dataset: { type: "npy", x: join(dir, "data", "x.npy"), y: "y.npy" } }))], /x\.npy: not an NPY file/],
      [
        [modelFile(tiny({ dataset: { type: "cifar10", path: "nowhere" } }))],
        /the cifar10 dataset has samples of shape \(None, 32, 32, 3\), but the model's input/,
      ],
      [
        [modelFile(tiny().replace('"units":10', '"units":3'))],
        /the mnist-sample dataset has 10 classes, but the model's output dense is \(None, 3\)/,
      ],
      [[modelFile(tiny().replace('"training":{', '"training":{"datasett":{},'))], /unknown setting 'datasett'/],
      [[npyModel("labels.npy")], /^the dataset has label 12, but the model's output dense is \(None, 10\): 10 classes, labels 0–9$/],
      [[npyModel("targets.npy")], /^the dataset's targets are \(None, 3\), but the model's output dense is \(None, 10\)$/],
      [
        [npyModel("halves.npy")],
        /^the dataset's labels are floats, one per sample, read as targets \(None, 1\), but the model's output dense is \(None, 10\): class labels must be integers/,
      ],
      [
        [
          modelFile(
            JSON.stringify({
              version: 1,
              layers: [
                { type: "Input", shape: [4] },
                { type: "Dense", units: 2 },
              ],
            }),
          ),
        ],
        /no training\.dataset/,
      ],
      [[modelFile(tiny()), "--backend", "tensorflow"], /backend 'tensorflow' cannot be used: not installed/],
      [
        [
          modelFile(
            tiny()
              .replace('"strides":2,', '"strides":1,"dilationRate":2,')
              .replace('"type":"Conv2D"', '"type":"DepthwiseConv2D"')
              .replace('"filters":4,', ""),
          ),
        ],
        /depthwise_conv2d: tfjs-layers gives this DepthwiseConv2D the output shape \(None, 26, 26, 1\) where Keras gives \(None, 24, 24, 1\)/,
      ],
    ];
    for (const [args, message] of cases) {
      const { events, status } = trainCli(args);
      assert.equal(status, 2, `${args.join(" ")}: ${JSON.stringify(events)}`);
      const error = events.find((e) => e.type === "error");
      assert.ok(error && error.type === "error" && error.usage && message.test(error.message), `${message}: ${JSON.stringify(error)}`);
      assert.ok(!events.some((e) => e.type === "start"));
    }
    const usage = spawnSync(process.execPath, [cli, "train", "model.cnn.json", "--backend", "tpu"], { encoding: "utf8" });
    assert.equal(usage.status, 2);
    assert.equal(
      usage.stderr,
      "cnn-designer: --backend must be one of pytorch, tensorflow-gpu, tensorflow, wasm, cpu, got 'tpu'; did you mean 'cpu'?\n",
    );
  });
});

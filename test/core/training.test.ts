import * as assert from "node:assert/strict";
import Ajv from "ajv";
import * as fc from "fast-check";
import { parse } from "jsonc-parser";
import { analyze, learningRateAt, modelSchema } from "../../src/core";
import { mistakes, problems } from "../helpers/model";
import { example } from "./knownAnswers.test";

/** The seed model with a `training` section. */
function seedWith(training: unknown): string {
  const value = parse(example("pooling-gap.cnn.json")) as Record<string, unknown>;
  return JSON.stringify({ ...value, training }, null, 2);
}

/** The pooling article's compile and fit settings, with a validation split and a held-out test set apart. */
const article = {
  optimizer: { type: "adam", learningRate: 0.001, decay: 1e-6 },
  loss: "categoricalCrossentropy",
  metrics: ["accuracy"],
  batchSize: 128,
  epochs: 10,
  shuffle: true,
  validationSplit: 0.1,
  testSplit: 0.1,
  dataset: { type: "cifar10", path: "cifar-10-batches-bin" },
};

describe("the training section", () => {
  it("reads the article's settings with Keras' defaults filled in, and sizes training memory from them", () => {
    const a = analyze(seedWith(article));
    assert.deepEqual(mistakes(a), []);
    assert.deepEqual(a.training?.optimizer, {
      type: "adam",
      learningRate: 0.001,
      decay: 1e-6,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
      schedule: null,
    });
    assert.equal(a.training?.batchSize, 128);
    assert.equal(a.training?.seed, null);
    assert.equal(a.training?.earlyStopping, null);
    assert.equal(a.memory.training.batchSize, 128);
    assert.equal(analyze(seedWith({})).training?.optimizer.type, "adam");
    const sgd = analyze(seedWith({ optimizer: "sgd" })).training?.optimizer;
    assert.equal(sgd?.type === "sgd" && sgd.momentum, 0);
    // The article's example carries these settings itself.
    const shipped = analyze(example("pooling-gap.cnn.json")).training;
    assert.deepEqual(shipped?.optimizer, {
      type: "adam",
      learningRate: 0.001,
      decay: 1e-6,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
      schedule: null,
    });
    assert.deepEqual(
      [shipped?.loss, shipped?.metrics, shipped?.batchSize, shipped?.epochs, shipped?.shuffle],
      ["categoricalCrossentropy", ["accuracy"], 128, 10, true],
    );
  });

  it("mistakes are located diagnostics with did-you-mean", () => {
    const { list } = problems(
      seedWith({
        optimizer: { type: "adamm", learningRate: 0.01 },
        epoch: 3,
        batchSize: 0,
        metrics: ["accuracy", "acc"],
        validationSplit: 0.6,
        testSplit: 0.5,
        dataset: { type: "idx", images: "train-images-idx3-ubyte.gz" },
      }),
    );
    assert.deepEqual(
      list.map((d) => [d.severity, d.message, d.at]),
      [
        [
          "error",
          "training: 'optimizer' must be one of adam, adamax, sgd, rmsprop, adagrad, adadelta (a name or { \"type\": … }), got \"adamm\" (a string); did you mean 'adam'?",
          '"adamm"',
        ],
        ["error", "training: unknown setting 'epoch'; did you mean 'epochs'?", '"epoch"'],
        ["error", "training: 'batchSize' must be an integer ≥ 1, got 0", "0"],
        ["error", 'training: unknown metric "acc" (a string)', '"acc"'],
        ["error", "training: validationSplit 0.6 and testSplit 0.5 leave nothing to train on", "0.5"],
        ["error", "training: the idx dataset needs 'labels': IDX labels file (gzipped or not).", '"idx"'],
      ],
    );
    assert.deepEqual(
      problems(seedWith({ earlyStopping: { monitor: "accuracy" }, metrics: ["precision"] })).list.map((d) => [d.message, d.at]),
      [["training: earlyStopping watches accuracy, but 'metrics' has no 'accuracy', so it never stops", '"accuracy"']],
    );
    assert.deepEqual(problems(seedWith({ earlyStopping: { monitor: "accuracy" }, metrics: ["accuracy"] })).list, []);
    const warn = problems(seedWith({ earlyStopping: { monitor: "val_loss", patience: 2 } })).list;
    assert.deepEqual(
      warn.map((d) => [d.severity, d.message]),
      [["warning", "training: earlyStopping watches val_loss but validationSplit is 0"]],
    );
  });

  it('an optimizer, dataset or schedule object without its "type" says that "type" is missing, and which there are', () => {
    const messages = (training: unknown) => problems(seedWith(training)).list.map((d) => d.message);
    assert.deepEqual(messages({ optimizer: { learningRate: 0.01 } }), [
      `training: 'optimizer' needs a "type": one of adam, adamax, sgd, rmsprop, adagrad, adadelta`,
    ]);
    assert.deepEqual(messages({ dataset: { path: "x" } }), [
      `training: 'dataset' needs a "type": "mnist-sample" | "idx" | "cifar10" | "imageFolder" | "npy"`,
    ]);
    assert.deepEqual(messages({ optimizer: { type: "sgd", schedule: { decaySteps: 10 } } }), [
      `training: 'schedule' needs a "type": one of cosineDecay, exponentialDecay, polynomialDecay, inverseTimeDecay`,
    ]);
  });

  it("learning-rate schedules and label smoothing: read with Keras' defaults; mistakes located", () => {
    const a = analyze(seedWith({ optimizer: { type: "adam", learningRate: 0.003, schedule: "cosineDecay" }, labelSmoothing: 0.1 }));
    assert.deepEqual(mistakes(a), []);
    assert.deepEqual(a.training?.optimizer.schedule, { type: "cosineDecay", decaySteps: null, alpha: 0 });
    assert.equal(a.training?.labelSmoothing, 0.1);
    const poly = analyze(seedWith({ optimizer: { type: "sgd", schedule: { type: "polynomialDecay", decaySteps: 500 } } })).training;
    assert.deepEqual(poly?.optimizer.schedule, {
      type: "polynomialDecay",
      decaySteps: 500,
      endLearningRate: 0.0001,
      power: 1,
      cycle: false,
    });
    assert.equal(analyze(seedWith({})).training?.optimizer.schedule, null);
    assert.equal(analyze(seedWith({})).training?.labelSmoothing, 0);
    const { list } = problems(
      seedWith({
        optimizer: { type: "adam", decay: 0.01, schedule: { type: "exponentialDecay", decaySteps: 0, stairs: true } },
        loss: "meanSquaredError",
        labelSmoothing: 0.2,
      }),
    );
    assert.deepEqual(
      list.map((d) => [d.severity, d.message, d.at]),
      [
        ["error", "training: the optimizer has both a legacy 'decay' and a 'schedule'; keep one", "0.01"],
        ["error", "training: the exponentialDecay schedule needs 'decayRate': Factor per decaySteps steps.", '"exponentialDecay"'],
        ["error", "training: 'decaySteps' must be an integer ≥ 1, got 0", "0"],
        ["error", "training: unknown setting 'stairs'", '"stairs"'],
        ["error", "training: labelSmoothing applies to categoricalCrossentropy and binaryCrossentropy, not meanSquaredError", "0.2"],
      ],
    );
    assert.deepEqual(
      problems(seedWith({ optimizer: { type: "adam", schedule: "cosinDecay" } })).list.map((d) => d.message),
      [
        "training: 'schedule' must be one of cosineDecay, exponentialDecay, polynomialDecay, inverseTimeDecay (a name or { \"type\": … }), got \"cosinDecay\" (a string); did you mean 'cosineDecay'?",
      ],
    );
  });

  it("a test set of the dataset's own files: both files of a pair, paths, and a warning when testSplit leaves them unused", () => {
    const ok = analyze(
      seedWith({ dataset: { type: "npy", x: "x.npy", y: "y.npy", testX: "tx.npy", testY: "ty.npy" }, validationSplit: 0.1 }),
    );
    assert.deepEqual(mistakes(ok), []);
    assert.equal(ok.training?.dataset?.testX, "tx.npy");
    const { list } = problems(
      seedWith({ dataset: { type: "idx", images: "i.gz", labels: "l.gz", testImages: "t10k-images.gz" }, testSplit: 0.1 }),
    );
    assert.deepEqual(
      list.map((d) => [d.severity, d.message, d.at]),
      [
        ["error", "training: the idx dataset's 'testImages' needs 'testLabels' too", '"testImages"'],
        [
          "warning",
          "training: testSplit 0.1 holds out part of the training data as the test set, so the dataset's testImages goes unused; set testSplit to 0 to test on it",
          "0.1",
        ],
      ],
    );
    const both = seedWith({ dataset: { type: "npy", x: "x.npy", y: "y.npy", testX: "tx.npy", testY: "ty.npy" }, testSplit: 0.2 });
    assert.deepEqual(
      problems(both).list.map((d) => d.message),
      [
        "training: testSplit 0.2 holds out part of the training data as the test set, so the dataset's testX and testY go unused; set testSplit to 0 to test on them",
      ],
    );
    assert.deepEqual(
      problems(seedWith({ dataset: { type: "imageFolder", path: "train", testPath: 3 } })).list.map((d) => d.message),
      ["training: the imageFolder dataset's 'testPath' must be a path, got 3"],
    );
  });

  it("inverse-time decay and cycling polynomial decay follow Keras' documented formulas (the others: test/interop/schedules)", () => {
    const lr = 0.1;
    const inverse = (decaySteps: number, staircase: boolean) =>
      [0, 1, 2, 9, 10, 25].map((step) => learningRateAt({ type: "inverseTimeDecay", decaySteps, decayRate: 1, staircase }, lr, step, 100));
    // Keras' legacy decay is inverse-time decay over single steps: lr / (1 + decay · iterations).
    assert.deepEqual(inverse(1, false), [0.1, 0.1 / 2, 0.1 / 3, 0.1 / 10, 0.1 / 11, 0.1 / 26]);
    assert.deepEqual(inverse(10, true), [0.1, 0.1, 0.1, 0.1, 0.1 / 2, 0.1 / 3]);
    const cycle = { type: "polynomialDecay", decaySteps: 10, endLearningRate: 0, power: 1, cycle: true } as const;
    // Each cycle starts where the last ended and spans the next multiple of decaySteps.
    const rates = [0, 5, 10, 11, 20, 25].map((step) => learningRateAt(cycle, lr, step, 100));
    assert.deepEqual(
      rates.map((r) => Number(r.toFixed(12))),
      [0.1, 0.05, 0, 0.045, 0, 0.1 * (1 - 25 / 30)].map((r) => Number(r.toFixed(12))),
    );
  });

  it("a built-in dataset that does not fit the model's input or output is named with both shapes", () => {
    const { list } = problems(seedWith({ dataset: { type: "mnist-sample" } }));
    assert.deepEqual(
      list.map((d) => d.message),
      [
        `training: the mnist-sample dataset has samples of shape (None, 28, 28, 1), but the model's input input_layer takes (None, 32, 32, 3); set "resize": true to resize them`,
      ],
    );
    // Resized, the digits fit any image input; a non-image input still does not.
    assert.deepEqual(problems(seedWith({ dataset: { type: "mnist-sample", resize: true } })).list, []);
    const flat = seedWith({ dataset: { type: "mnist-sample", resize: true } }).replace(/"shape": \[[^\]]*\]/, '"shape": [784]');
    assert.ok(problems(flat).list.some((d) => /resizing needs an image input/.test(d.message)));
    assert.deepEqual(
      problems(seedWith({ dataset: { type: "mnist-sample", resize: "yes" } })).list.map((d) => d.message),
      [
        `training: the mnist-sample dataset has samples of shape (None, 28, 28, 1), but the model's input input_layer takes (None, 32, 32, 3); set "resize": true to resize them`,
        `training: the mnist-sample dataset's 'resize' must be true or false, got "yes" (a string)`,
      ],
    );
    const five = seedWith({ dataset: { type: "cifar10", path: "data" } }).replace('"units": 10', '"units": 5');
    assert.deepEqual(
      problems(five).list.map((d) => d.message),
      ["training: the cifar10 dataset has 10 classes, but the model's output dense is (None, 5)"],
    );
  });

  it("the JSON Schema and the engine agree on malformed training sections (property)", () => {
    const validate = new Ajv({ strict: false }).compile(modelSchema());
    const keys = [
      "optimizer",
      "loss",
      "metrics",
      "batchSize",
      "epochs",
      "shuffle",
      "validationSplit",
      "testSplit",
      "seed",
      "earlyStopping",
      "dataset",
      "epoch",
      "labelSmoothing",
    ];
    const values = fc.oneof(
      fc.constantFrom<unknown>(
        "adam",
        "sgd",
        "adamm",
        { type: "rmsprop", rho: 0.5 },
        { type: "sgd", beta1: 0.9 },
        { type: "adam", learningRate: 0 },
        { type: "adam", schedule: "cosineDecay" },
        { type: "adam", schedule: "exponentialDecay" },
        { type: "adam", schedule: { type: "exponentialDecay", decayRate: 0.9, staircase: true } },
        { type: "adam", schedule: { type: "cosineDecay", alpha: 2 } },
        { type: "adam", schedule: { type: "cosinDecay" } },
        { type: "sgd", schedule: { type: "polynomialDecay", decaySteps: 100, power: 2, cycle: true } },
        { type: "rmsprop", schedule: { type: "inverseTimeDecay", decayRate: 0.5, decaySteps: 0 } },
        { type: "adam", schedule: null },
      ),
      fc.constantFrom<unknown>("categoricalCrossentropy", "mse", ["accuracy"], ["acc"], 1, 0, -1, 0.5, 1.5, true, null, "x"),
      fc.constantFrom<unknown>(
        { monitor: "val_loss" },
        { patience: -1 },
        { type: "mnist-sample" },
        { type: "npy", x: "x.npy" },
        { type: "npy", x: "x.npy", y: "y.npy" },
        { type: "npy", x: "a", y: "b", z: 1 },
        { type: "idx", images: "a", labels: "b", testImages: "c" },
        { type: "npy", x: "a", y: "b", testX: "c", testY: "d" },
        { type: "imageFolder", path: "p", testPath: "" },
        { type: "imageFolder", path: "p", testPath: "q" },
      ),
    );
    const formatCodes = ["wrong-type", "out-of-range", "unknown-property", "missing-property"];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), values, { maxKeys: 4 }), (training) => {
        const text = seedWith(training);
        const a = analyze(text);
        const engine = a.diagnostics.some(
          (d) => d.severity === "error" && d.message.startsWith("training:") && formatCodes.includes(d.code),
        );
        const schemaOk = validate(JSON.parse(text)) as boolean;
        assert.equal(
          engine,
          !schemaOk,
          `${JSON.stringify(training)}: engine ${JSON.stringify(a.diagnostics[0])}, schema ${JSON.stringify(validate.errors?.[0])}`,
        );
      }),
      { numRuns: 600 },
    );
  });
});

import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { analyze, kerasScript, formatMessage } from "../../src/core";
import { examples, python, root } from "./tools";

interface Checked {
  file: string;
  layers: [string, string][];
  assembly: "Sequential" | "Model" | null;
  strategy: boolean;
  calls: string[];
}

/** Compiles the scripts in Python (python -m py_compile's check) and reads what build_model() makes. */
function check(files: string[]): Checked[] {
  const out = execFileSync(python, [join(root, "test", "interop", "kerasCheck.py"), ...files], { encoding: "utf8" });
  return out
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Checked);
}

describe("Keras script export (compiled by Python; TensorFlow itself is not installed here)", function () {
  this.timeout(120_000);

  it("every template, plain and --distribute: compiles; Sequential for chains, functional otherwise; every layer, in order, named", () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-keras-"));
    const files: string[] = [];
    const expected: { layers: [string, string][]; assembly: string; strategy: boolean; training: boolean }[] = [];
    for (const file of examples) {
      const text = readFileSync(join(root, "examples", file), "utf8");
      const a = analyze(text);
      for (const distribute of [false, true]) {
        const r = kerasScript(text, { distribute });
        assert.ok(r.ok, r.ok ? "" : formatMessage(r.problem));
        const out = join(dir, `${file.replace(/\W/g, "_")}${distribute ? "_dist" : ""}.py`);
        writeFileSync(out, r.value);
        files.push(out);
        const order = a.sequential ? a.layers.map((l) => l.index) : a.order;
        expected.push({
          layers: order.map((i) => [a.layers[i].type === "Input" ? "Input" : a.layers[i].type, a.layers[i].name]),
          assembly: a.sequential ? "Sequential" : "Model",
          strategy: distribute && a.training !== undefined,
          training: a.training !== undefined,
        });
      }
    }
    const results = check(files);
    results.forEach((r, i) => {
      assert.deepEqual([r.layers, r.assembly, r.strategy], [expected[i].layers, expected[i].assembly, expected[i].strategy], r.file);
      if (expected[i].training)
        for (const f of ["model.compile", "model.fit", "model.evaluate", "model.summary", "load_data"])
          assert.ok(r.calls.includes(f), `${r.file}: ${f}`);
    });
  });

  it("the article's example: Adam 0.001 with decay 1e-6 as Keras computes it, categorical cross-entropy, accuracy, batch 128, 10 epochs, shuffle, a validation split apart from the test set", () => {
    const r = kerasScript(readFileSync(join(root, "examples", "pooling-gap.cnn.json"), "utf8"));
    assert.ok(r.ok);
    const s = r.value;
    for (const line of [
      "keras.optimizers.Adam(learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.001, decay_steps=1, decay_rate=0.000001)",
      'loss="categorical_crossentropy"',
      'metrics=["accuracy"]',
      "batch_size=128,",
      "epochs=10,",
      "shuffle=True,",
      "validation_split=0.1,",
      "keras.datasets.mnist.load_data()",
      "model.evaluate(x_test, y_test",
      "layers.GlobalAveragePooling2D(",
    ])
      assert.ok(s.includes(line), line);
  });

  it("the MNIST convnet template: its learning-rate schedule over the whole run and its label smoothing, as Keras classes", () => {
    const r = kerasScript(readFileSync(join(root, "examples", "mnist-convnet.cnn.json"), "utf8"));
    assert.ok(r.ok);
    for (const line of [
      "keras.optimizers.Adam(learning_rate=keras.optimizers.schedules.PolynomialDecay(0.003, decay_steps=5 * math.ceil(len(x_train) * (1 - 0.1) / 16), end_learning_rate=0.0, power=1.0, cycle=False)",
      "loss=keras.losses.CategoricalCrossentropy(label_smoothing=0.1),",
      "import math",
    ])
      assert.ok(r.value.includes(line), line);
    const exponential = kerasScript(
      readFileSync(join(root, "examples", "mnist-convnet.cnn.json"), "utf8").replace(
        /"schedule": \{[^}]*\}/,
        '"schedule": { "type": "exponentialDecay", "decaySteps": 100, "decayRate": 0.9, "staircase": true }',
      ),
    );
    assert.ok(exponential.ok);
    assert.ok(
      exponential.value.includes("keras.optimizers.schedules.ExponentialDecay(0.003, decay_steps=100, decay_rate=0.9, staircase=True)"),
      exponential.value,
    );
  });

  it("a dataset's own test files: load_data() returns them as the test set (run in Python, with TensorFlow stubbed out)", () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-keras-data-"));
    // tensorflow is not installed here: empty modules let the script import; load_data() itself needs only numpy here.
    for (const m of ["tensorflow/__init__.py", "tensorflow/keras/__init__.py", "tensorflow/keras/layers.py"]) {
      mkdirSync(join(dir, "stub", m, ".."), { recursive: true });
      writeFileSync(join(dir, "stub", m), m.endsWith("tensorflow/__init__.py") ? "from . import keras\n" : "");
    }
    const model = (dataset: object, testSplit: number) =>
      JSON.stringify({
        version: 1,
        layers: [{ type: "Input", shape: [2, 2, 1] }, { type: "Flatten" }, { type: "Dense", units: 3, activation: "softmax" }],
        training: { loss: "sparseCategoricalCrossentropy", testSplit, seed: 1, dataset },
      });
    const cases = {
      npy_own: model({ type: "npy", x: "x.npy", y: "y.npy", testX: "tx.npy", testY: "ty.npy" }, 0),
      npy_split: model({ type: "npy", x: "x.npy", y: "y.npy", testX: "tx.npy", testY: "ty.npy" }, 0.5),
      idx_own: model({ type: "idx", images: "x.idx", labels: "y.idx", testImages: "tx.idx", testLabels: "ty.idx" }, 0),
    };
    for (const [name, text] of Object.entries(cases)) {
      const r = kerasScript(text);
      assert.ok(r.ok, r.ok ? "" : formatMessage(r.problem));
      writeFileSync(join(dir, `${name}.py`), r.value);
    }
    const run = [
      "import importlib, json, sys, numpy as np",
      "np.save('x.npy', np.full((4, 2, 2), 0.5, np.float32)); np.save('y.npy', np.array([0, 1, 2, 0]))",
      "np.save('tx.npy', np.ones((3, 2, 2), np.float32)); np.save('ty.npy', np.array([2, 2, 1]))",
      "idx = lambda a: bytes([0, 0, 8, a.ndim]) + b''.join(d.to_bytes(4, 'big') for d in a.shape) + a.astype(np.uint8).tobytes()",
      "open('x.idx', 'wb').write(idx(np.full((4, 2, 2), 255))); open('y.idx', 'wb').write(idx(np.array([0, 1, 2, 0])))",
      "open('tx.idx', 'wb').write(idx(np.full((3, 2, 2), 51))); open('ty.idx', 'wb').write(idx(np.array([2, 2, 1])))",
      `for name in ${JSON.stringify(Object.keys(cases))}:`,
      "    (x, y), (tx, ty) = importlib.import_module(name).load_data()",
      "    print(json.dumps([name, list(x.shape), list(tx.shape), ty.tolist(), round(float(tx.max()), 3)]))",
    ].join("\n");
    const out = execFileSync(python, ["-c", run], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, PYTHONPATH: `${dir}:${join(dir, "stub")}` },
    });
    const rows = out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as [string, number[], number[], number[], number]);
    // testSplit > 0 splits the training files instead, as the trainer does: two of the four training samples (0.5).
    assert.deepEqual(
      rows.map(([name, x, tx, ty, max]) => [name, x, tx, name === "npy_split" ? ty.length : ty, max]),
      [
        ["npy_own", [4, 2, 2, 1], [3, 2, 2, 1], [2, 2, 1], 1],
        ["npy_split", [2, 2, 2, 1], [2, 2, 2, 1], 2, 0.5],
        ["idx_own", [4, 2, 2, 1], [3, 2, 2, 1], [2, 2, 1], 0.2],
      ],
    );
  });

  it("the CLI: `export --format keras --distribute` writes the script, finding the dataset from where it is written", () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-keras-"));
    const out = join(dir, "article.py");
    execFileSync(
      process.execPath,
      [
        join(root, "dist", "cli.js"),
        "export",
        join(root, "examples", "pooling-gap.cnn.json"),
        "--format",
        "keras",
        "--distribute",
        "-o",
        out,
      ],
      { stdio: "pipe" },
    );
    const [c] = check([out]);
    assert.equal(c.strategy, true);
    assert.ok(
      readFileSync(out, "utf8").includes(
        `DATA_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), ${JSON.stringify(relative(dir, join(root, "examples")))})`,
      ),
    );
  });
});

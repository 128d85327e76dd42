import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import * as ort from "onnxruntime-web";
import { analyze, pytorchModule, formatMessage } from "../../src/core";
import { initTfjs } from "../helpers/tfjsOracle";
import { dynamicSizeModel, preprocessingModels, randomTexts, weighted } from "./weighted";
import { examples, loadTfjsModel, python, root } from "./tools";

const runs = Number(process.env.INTEROP_TORCH_RUNS ?? 40);

interface Case {
  name: string;
  weights?: string;
  input?: string;
  inputShape?: number[];
  expected?: string;
}
interface Result {
  name: string;
  trainable: number;
  shapes: number[][];
  maxAbsDiff?: number;
  scale?: number;
}

/** Runs the cases' modules in PyTorch (one process for all); their results by name. */
function runInTorch(dir: string, cases: Case[]): Map<string, Result> {
  writeFileSync(join(dir, "cases.json"), JSON.stringify(cases));
  const out = execFileSync(python, [join(root, "test", "interop", "torchCheck.py"), dir], { encoding: "utf8", maxBuffer: 1 << 26 });
  const results = out
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Result);
  return new Map(results.map((r) => [r.name, r]));
}

const f32 = (data: Float32Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

/** A case with weights: tfjs-layers' weights and predictions (see weighted.ts), and the module that must match. */
async function weightedCase(dir: string, name: string, text: string, seed: number, inputShape?: readonly number[]): Promise<Case> {
  const w = await weighted(text, seed, inputShape);
  writeFileSync(join(dir, `${name}.bin`), w.weights);
  writeFileSync(join(dir, `${name}.x`), f32(w.x));
  writeFileSync(join(dir, `${name}.y`), f32(w.y));
  const source = pytorchModule(text, { run: { specs: w.specs, bytes: w.weights, file: `${name}.bin` } });
  assert.ok(source.ok, source.ok ? "" : formatMessage(source.problem));
  writeFileSync(join(dir, `${name}.py`), source.value);
  return { name, weights: `${name}.bin`, input: `${name}.x`, inputShape: w.xShape, expected: `${name}.y` };
}

describe("PyTorch export, run in Debian's python3-torch", function () {
  this.timeout(600_000);
  before(() => initTfjs());

  it("every template builds: its trainable parameters equal ours and a forward pass gives the output shape", () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-torch-"));
    const expected = new Map<string, { trainable: number; shape: number[] }>();
    const cases = examples.map((file, i) => {
      const text = readFileSync(join(root, "examples", file), "utf8");
      const source = pytorchModule(text);
      assert.ok(source.ok, source.ok ? "" : formatMessage(source.problem));
      writeFileSync(join(dir, `t${i}.py`), source.value);
      const a = analyze(text);
      expected.set(`t${i}`, {
        trainable: a.totals.trainableParams,
        shape: [2, ...(a.layers.find((l) => l.name === a.outputs[0])?.outputShape?.slice(1) as number[])],
      });
      return { name: `t${i}` };
    });
    const results = runInTorch(dir, cases);
    for (const [name, want] of expected) {
      const got = results.get(name);
      assert.deepEqual([got?.trainable, got?.shapes[0]], [want.trainable, want.shape], `${examples[Number(name.slice(1))]}`);
    }
  });

  it(`the same weights give the same predictions in tfjs-layers and PyTorch: the templates and ${runs} random models (max abs diff < 1e-4 of the output's scale)`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-torch-"));
    const texts = examples
      .map((f) => readFileSync(join(root, "examples", f), "utf8"))
      // The ImageNet-sized templates take minutes on tfjs' cpu backend; the first test builds them.
      .filter((t) => analyze(t).totals.macs < 1e9);
    texts.push(...randomTexts(runs, 42));
    texts.push(...preprocessingModels);
    const cases: Case[] = [];
    for (const [i, text] of texts.entries()) cases.push(await weightedCase(dir, `w${i}`, text, 1000 + i));
    const results = runInTorch(dir, cases);
    const failures = cases
      .map((c, i) => ({ r: results.get(c.name) as Result, text: texts[i] }))
      .filter(({ r }) => !((r.maxAbsDiff ?? Infinity) < 1e-4 * Math.max(1, r.scale ?? 0)))
      .map(({ r, text }) => `${r.maxAbsDiff} (scale ${r.scale}): ${text.replace(/\s+/g, " ")}`);
    assert.deepEqual(failures.slice(0, 3), []);
  });

  it("a model with unknown input sizes: INPUT_SHAPE is (3, None, None), and it predicts as tfjs on 13×11 and 32×32", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-torch-dynamic-"));
    const cases = [
      await weightedCase(dir, "d13", dynamicSizeModel, 5, [13, 11, 3]),
      await weightedCase(dir, "d32", dynamicSizeModel, 5, [32, 32, 3]),
    ];
    assert.match(readFileSync(join(dir, "d13.py"), "utf8"), /^INPUT_SHAPE = \(3, None, None\)$/m);
    const results = runInTorch(dir, cases);
    for (const c of cases) {
      const r = results.get(c.name) as Result;
      assert.ok((r.maxAbsDiff ?? Infinity) < 1e-4 * Math.max(1, r.scale ?? 0), `${c.name}: ${r.maxAbsDiff}`);
    }
  });
});

describe("exported with a trained run's weights (the CLI): PyTorch, TF.js, ONNX", function () {
  this.timeout(600_000);
  const cli = join(root, "dist", "cli.js");
  const dir = mkdtempSync(join(tmpdir(), "cnn-run-"));
  let run = "";
  let x: tf.Tensor;
  let expected: Float32Array;

  before(async () => {
    await initTfjs();
    // A short training run of the Keras MNIST convnet on the built-in sample.
    const model = join(root, "examples", "mnist-convnet.cnn.json");
    execFileSync(process.execPath, [cli, "train", model, "--epochs", "1", "--samples", "400", "--runs-dir", dir], { stdio: "pipe" });
    const base = join(dir, "mnist-convnet");
    run = join(base, readdirSync(base)[0]);
    // What tfjs predicts with the run's own model.json and weights.
    const trained = await loadTfjsModel(JSON.parse(readFileSync(join(run, "model.json"), "utf8")), join(run, "weights.bin"));
    x = tf.randomUniform([8, 28, 28, 1], 0, 1, "float32", 7);
    expected = (await (trained.predict(x) as tf.Tensor).data()) as Float32Array;
    trained.dispose();
  });

  it("PyTorch: `export --format pytorch --run` predicts as tfjs does on the same inputs (max abs diff < 1e-4)", async () => {
    const out = join(dir, "trained.py");
    execFileSync(process.execPath, [cli, "export", join(run, "model.cnn.json"), "--format", "pytorch", "--run", run, "-o", out], {
      stdio: "pipe",
    });
    assert.ok(existsSync(join(dir, "trained.weights.bin")));
    writeFileSync(join(dir, "trained.x"), f32((await x.data()) as Float32Array));
    writeFileSync(join(dir, "trained.y"), f32(expected));
    const r = runInTorch(dir, [
      { name: "trained", weights: "trained.weights.bin", input: "trained.x", inputShape: [8, 28, 28, 1], expected: "trained.y" },
    ]).get("trained");
    assert.ok((r?.maxAbsDiff ?? Infinity) < 1e-4, `max abs diff ${r?.maxAbsDiff}`);
    assert.equal(r?.trainable, 34_826);
  });

  it("TF.js: `export --format tfjs --run` loads in tfjs-layers and predicts exactly as the run's model", async () => {
    const out = join(dir, "exported.json");
    execFileSync(process.execPath, [cli, "export", join(run, "model.cnn.json"), "--format", "tfjs", "--run", run, "-o", out], {
      stdio: "pipe",
    });
    const json = JSON.parse(readFileSync(out, "utf8")) as {
      modelTopology: object;
      weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    };
    assert.deepEqual(json.weightsManifest[0].paths, ["exported.weights.bin"]);
    const model = await loadTfjsModel(json, join(dir, "exported.weights.bin"));
    const y = (await (model.predict(x) as tf.Tensor).data()) as Float32Array;
    model.dispose();
    assert.deepEqual([...y], [...expected]);
  });

  it("ONNX: `export --format onnx --run` carries the weights inside and predicts as tfjs does in onnxruntime (< 1e-4)", async () => {
    const out = join(dir, "trained.onnx");
    execFileSync(process.execPath, [cli, "export", join(run, "model.cnn.json"), "--format", "onnx", "--run", run, "-o", out], {
      stdio: "pipe",
    });
    const session = await ort.InferenceSession.create(readFileSync(out));
    const result = await session.run({
      [session.inputNames[0]]: new ort.Tensor("float32", (await x.data()) as Float32Array, [8, 28, 28, 1]),
    });
    const y = result[session.outputNames[0]].data as Float32Array;
    await session.release();
    assert.equal(y.length, expected.length);
    assert.ok(Math.max(...y.map((v, k) => Math.abs(v - expected[k]))) < 1e-4);
  });

  it("refuses a run that trained another model, and a format it does not know, with exit status 2", () => {
    const other = join(root, "examples", "lenet5.cnn.json");
    const fail = (args: string[]) => {
      try {
        execFileSync(process.execPath, [cli, ...args], { stdio: "pipe", encoding: "utf8" });
        return { status: 0, stderr: "" };
      } catch (e) {
        const err = e as { status: number; stderr: string };
        return { status: err.status, stderr: err.stderr };
      }
    };
    const a = fail(["export", other, "--format", "pytorch", "--run", run, "-o", join(dir, "x.py")]);
    assert.equal(a.status, 2);
    // Both sides of the first layer that differs, as a user reads a layer: name, type, output shape, parameters.
    assert.match(
      a.stderr,
      /trained a different model: here \S+ \(\w+\), output \(None(, \d+)+\), [\d,]+ parameters, in the run \S+ \(\w+\), output \(None/,
    );
    const b = fail(["export", other, "--format", "caffe", "-o", join(dir, "x.py")]);
    assert.equal(b.status, 2);
    assert.match(b.stderr, /--format must be one of keras, h5, keras3, onnx, pytorch, tfjs, pytorch-train, got 'caffe'/);
  });
});

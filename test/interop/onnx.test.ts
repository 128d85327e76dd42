import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onnx } from "onnx-proto";
import * as ort from "onnxruntime-web";
import { analyze, onnxModel, type TrainedWeights, formatMessage } from "../../src/core";
import { initTfjs } from "../helpers/tfjsOracle";
import { dynamicSizeModel, preprocessingModels, randomTexts, weighted } from "./weighted";
import { examples, python, root } from "./tools";

const runs = Number(process.env.INTEROP_ONNX_RUNS ?? 40);

/** The ONNX file of a model text (weights: a run's, else Keras' Glorot start). */
function encode(text: string, run?: TrainedWeights): Uint8Array {
  const model = onnxModel(text, { run });
  assert.ok(model.ok, model.ok ? "" : formatMessage(model.problem));
  return onnx.ModelProto.encode(onnx.ModelProto.fromObject(model.value)).finish();
}

/** onnx.checker and strict shape inference on the files, in one Python process. */
function checkInPython(files: string[]): { file: string; error?: string; outputs?: (number | string)[][]; opset?: number }[] {
  const out = execFileSync(python, [join(root, "test", "interop", "onnxCheck.py"), ...files], { encoding: "utf8", maxBuffer: 1 << 26 });
  return out
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { file: string; error?: string; outputs?: (number | string)[][] });
}

/** The model's first output for input `x`, in onnxruntime-web (WebAssembly, from the npm registry). */
async function predict(bytes: Uint8Array, x: Float32Array, shape: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const result = await session.run({ [session.inputNames[0]]: new ort.Tensor("float32", x, shape) });
    return result[session.outputNames[0]].data as Float32Array;
  } finally {
    await session.release();
  }
}

describe("ONNX export (python3-onnx's checker; onnxruntime-web runs it)", function () {
  this.timeout(600_000);
  before(() => initTfjs());

  it("every template passes onnx.checker and strict shape inference, with Keras' output shape", () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-onnx-"));
    const files = examples.map((file) => {
      const out = join(dir, file.replace(".cnn.json", ".onnx"));
      writeFileSync(out, encode(readFileSync(join(root, "examples", file), "utf8")));
      return out;
    });
    checkInPython(files).forEach((r, i) => {
      assert.equal(r.error, undefined, `${examples[i]}: ${r.error}`);
      const a = analyze(readFileSync(join(root, "examples", examples[i]), "utf8"));
      const want = a.outputs.map((n) => (a.layers.find((l) => l.name === n)?.outputShape ?? []).map((d, k) => (k === 0 ? "N" : d)));
      assert.deepEqual(r.outputs, want, examples[i]);
    });
  });

  it(`with the same weights, onnxruntime predicts as tfjs-layers on the templates and ${runs} random models (max abs diff < 1e-4 of the output's scale); every one passes the checker`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-onnx-"));
    const texts = [
      ...examples.map((f) => readFileSync(join(root, "examples", f), "utf8")).filter((t) => analyze(t).totals.macs < 1e9),
      ...randomTexts(runs, 7),
      ...preprocessingModels,
    ];
    const failures: string[] = [];
    const files: string[] = [];
    for (const [i, text] of texts.entries()) {
      const w = await weighted(text, 2000 + i);
      const bytes = encode(text, { specs: w.specs, bytes: w.weights, file: `m${i}.bin` });
      files.push(join(dir, `m${i}.onnx`));
      writeFileSync(files[i], bytes);
      const y = await predict(bytes, w.x, w.xShape);
      const diff = Math.max(...y.map((v, k) => Math.abs(v - w.y[k])));
      const scale = Math.max(1, ...w.y.map(Math.abs));
      if (!(diff < 1e-4 * scale) || y.length !== w.y.length) failures.push(`${diff} (scale ${scale}): ${text.replace(/\s+/g, " ")}`);
    }
    assert.deepEqual(failures.slice(0, 3), []);
    const errors = checkInPython(files).filter((r) => r.error);
    assert.deepEqual(errors.slice(0, 3), []);
  });

  it("a model with unknown input sizes: 'same' windows as auto_pad SAME_UPPER predict as tfjs on 13×11 and 32×32", async () => {
    for (const size of [
      [13, 11, 3],
      [32, 32, 3],
    ]) {
      const w = await weighted(dynamicSizeModel, 3, size);
      const y = await predict(encode(dynamicSizeModel, { specs: w.specs, bytes: w.weights, file: "d.bin" }), w.x, w.xShape);
      const diff = Math.max(...y.map((v, k) => Math.abs(v - w.y[k])));
      assert.ok(diff < 1e-4 && y.length === w.y.length, `${size.join("×")}: ${diff}`);
    }
    const dir = mkdtempSync(join(tmpdir(), "cnn-onnx-dynamic-"));
    writeFileSync(join(dir, "d.onnx"), encode(dynamicSizeModel));
    assert.deepEqual(checkInPython([join(dir, "d.onnx")])[0].error, undefined);
  });
});

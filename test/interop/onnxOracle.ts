/** The ONNX import's oracle: onnxruntime-web runs the original file, tfjs-layers the imported run. */
import * as assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { onnx } from "onnx-proto";
import * as ort from "onnxruntime-web";
import * as tf from "@tensorflow/tfjs";
import { analyze, formatMessage, onnxModel, type OnnxModelObject } from "../../src/core";
import { importModelFile, writeImportedRun } from "../../src/node/importModel";
import { loadTfjsModel } from "./tools";

/** Imports `file`, writes its run, and checks that tfjs on the run predicts what onnxruntime predicts on `original` (the file). */
export async function checkOnnxImport(dir: string, file: string, channelsFirst = true, original = file): Promise<string> {
  const r = importModelFile(file);
  assert.ok(r.ok, r.ok ? "" : formatMessage(r.problem));
  const { text, weights, origin } = r.value;
  assert.ok(weights && origin.format.startsWith("ONNX"));
  const modelPath = join(dir, `${basename(file).replace(/\W/g, "_")}.cnn.json`);
  writeFileSync(modelPath, text);
  const run = writeImportedRun(modelPath, text, weights, origin);
  const shape = analyze(text).layers[0].outputShape!.slice(1) as number[];
  // The batch the file declares (a fixed one runs whole), else two samples, one at a time.
  const g = (
    onnx.ModelProto.toObject(onnx.ModelProto.decode(readFileSync(original)), { longs: Number }) as { graph: OnnxModelObject["graph"] }
  ).graph;
  const given = (g?.input ?? []).find((i) => !(g?.initializer ?? []).some((t) => t.name === i.name));
  const dims = given?.type?.tensorType?.shape?.dim ?? [];
  const declared = dims[0]?.dimValue;
  // A file whose input is channels last already (tf2onnx) takes the samples as they are.
  const lastAlready = dims.length === 4 && dims.slice(1).every((d, i) => Number(d.dimValue) === shape[i]);
  const batch = Number(declared ?? 0) > 1 ? Number(declared) : 2;
  const step = Number(declared ?? 0) > 1 ? batch : 1;
  const x = tf.randomUniform([batch, ...shape], 0, 1, "float32", 11);
  const model = await loadTfjsModel(JSON.parse(readFileSync(join(run, "model.json"), "utf8")), join(run, "weights.bin"));
  // An image output is channels first in the original: ours is compared in that layout.
  const y = model.predict(x) as tf.Tensor;
  const firstOut = channelsFirst && !lastAlready && y.rank === 4 ? tf.transpose(y, [0, 3, 1, 2]) : y;
  const ours = (await firstOut.data()) as Float32Array;
  tf.dispose([y, firstOut]);
  model.dispose();
  const session = await ort.InferenceSession.create(readFileSync(original));
  const feed = channelsFirst && !lastAlready && shape.length === 3 ? tf.transpose(x, [0, 3, 1, 2]) : x;
  const theirs: number[] = [];
  for (let i = 0; i < batch; i += step) {
    const one = feed.slice([i], [step]);
    const result = await session.run({ [session.inputNames[0]]: new ort.Tensor("float32", (await one.data()) as Float32Array, one.shape) });
    theirs.push(...(result[session.outputNames[0]].data as Float32Array));
  }
  await session.release();
  tf.dispose([x, feed]);
  assert.equal(ours.length, theirs.length);
  const scale = Math.max(1, ...theirs.map(Math.abs));
  const worst = Math.max(...theirs.map((v, i) => Math.abs(v - ours[i])));
  assert.ok(worst < 1e-4 * scale, `${basename(file)}: largest difference ${worst} (outputs up to ${scale})`);
  return text;
}

/**
 * Imports `file` and exports the model again to ONNX with the imported weights: onnxruntime-web runs both, the
 * original on channels-first samples and ours on the same samples channels last, and they must agree (< 1e-4 of the
 * output's scale). For what tfjs-layers cannot compute as Keras does (bilinear UpSampling2D, ELU's alpha).
 */
export async function checkOnnxRoundTrip(file: string): Promise<string> {
  const r = importModelFile(file);
  assert.ok(r.ok, r.ok ? "" : formatMessage(r.problem));
  const { text, weights } = r.value;
  assert.ok(weights);
  const again = onnxModel(text, {
    run: {
      specs: weights.specs,
      bytes: new Uint8Array(weights.values.buffer, weights.values.byteOffset, weights.values.byteLength),
      file: "weights.bin",
    },
  });
  assert.ok(again.ok, again.ok ? "" : formatMessage(again.problem));
  const shape = analyze(text).layers[0].outputShape!.slice(1) as number[];
  const x = tf.randomUniform([1, ...shape], -1, 1, "float32", 3);
  const run = async (model: Uint8Array, input: tf.Tensor) => {
    const session = await ort.InferenceSession.create(model);
    const result = await session.run({
      [session.inputNames[0]]: new ort.Tensor("float32", (await input.data()) as Float32Array, input.shape),
    });
    const y = result[session.outputNames[0]];
    await session.release();
    return tf.tensor(y.data as Float32Array, y.dims as number[]);
  };
  const nchw = tf.transpose(x, [0, 3, 1, 2]);
  const theirs = await run(readFileSync(file), nchw);
  const oursLast = await run(onnx.ModelProto.encode(onnx.ModelProto.fromObject(again.value)).finish(), x);
  const ours = oursLast.rank === 4 ? tf.transpose(oursLast, [0, 3, 1, 2]) : oursLast;
  assert.deepEqual(ours.shape, theirs.shape);
  const [a, b] = [(await theirs.data()) as Float32Array, (await ours.data()) as Float32Array];
  tf.dispose([x, nchw, theirs, oursLast, ours]);
  const scale = Math.max(1, ...Array.from(a, Math.abs));
  const worst = Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));
  assert.ok(worst < 1e-4 * scale, `${basename(file)}: largest difference ${worst} (outputs up to ${scale})`);
  return text;
}

import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { analyze } from "../../src/core";
import { buildModel } from "../../src/trainer/buildModel";

describe("the model the trainer builds", () => {
  before(() => tf.setBackend("cpu"));

  it("a Softmax without an axis normalises along the last axis, as Keras' does (tfjs-layers' own default is 1)", async () => {
    const text = JSON.stringify({
      version: 1,
      name: "s",
      layers: [
        { type: "Input", shape: [3, 4, 5] },
        { type: "Conv2D", filters: 6, kernelSize: 1 },
        { type: "Softmax" },
        { type: "GlobalAveragePooling2D" },
      ],
    });
    const analysis = analyze(text);
    assert.deepEqual(
      analysis.diagnostics.filter((d) => d.severity === "error"),
      [],
    );
    const model = buildModel(tf, analysis);
    const x = tf.randomNormal([2, 3, 4, 5], 0, 1, "float32", 7);
    const inner = tf.model({ inputs: model.inputs, outputs: model.layers[2].output as tf.SymbolicTensor });
    const sums = (inner.predict(x) as tf.Tensor).sum(-1).dataSync();
    for (const s of sums) assert.ok(Math.abs(s - 1) < 1e-5, `sums along the last axis: ${s}`);
    // And it trains: tfjs computes a Softmax's gradient along the last axis only.
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    const loss = await model.trainOnBatch(x, tf.zeros([2, 6]));
    assert.ok(Number.isFinite(loss as number));
    model.dispose();
  });
});

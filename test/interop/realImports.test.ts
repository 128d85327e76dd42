/**
 * Imports of real files from public repositories (test/fixtures, sources beside them), each checked against
 * tfjs-layers loading the same topology: every layer's output shape and parameter count.
 */
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { analyze, formatMessage, importKeras } from "../../src/core";
import { initTfjs } from "../helpers/tfjsOracle";

const fixture = (name: string) => readFileSync(join(__dirname, "..", "..", "..", "test", "fixtures", name), "utf8");

describe("imports of real topology files", () => {
  before(() => initTfjs());

  it("Keras 2.8's Sequential (InputLayer, then batch_input_shape repeated on the first Conv2D) imports as tfjs-layers reads it", async () => {
    const text = fixture("h5/cifar10_bn_k2.8.json");
    const r = importKeras(JSON.parse(text));
    assert.ok(r.ok, r.ok ? "" : formatMessage(r.problem));
    const a = analyze(r.value.text);
    assert.deepEqual(a.diagnostics, []);
    const model = await tf.models.modelFromJSON({ modelTopology: JSON.parse(text) });
    // The file's InputLayer is the model file's Input: the same layers, in the same order.
    assert.equal(a.layers[0].type, "Input");
    assert.deepEqual(
      a.layers.map((l) => [l.name, l.outputShape, l.params]),
      model.layers.map((l) => [l.name, l.outputShape, l.countParams()]),
    );
    const trainable = model.trainableWeights.reduce((n, w) => n + tf.util.sizeFromShape(w.shape as number[]), 0);
    assert.equal(a.totals.trainableParams, trainable);
    assert.equal(a.totals.params, model.countParams());
    model.dispose();
  });

  it("a topology written as a JSON string inside JSON (json.dump(model.to_json())) is unwrapped", () => {
    const text = fixture("h5/cifar10_bn_k2.8.json");
    const once = importKeras(JSON.parse(text));
    const twice = importKeras(JSON.parse(JSON.stringify(text)));
    assert.ok(once.ok && twice.ok);
    assert.equal(twice.value.text, once.value.text);
    const junk = importKeras("not a model");
    assert.ok(!junk.ok);
    assert.match(formatMessage(junk.problem), /^not a Keras or TF.js model/);
  });

  it("a TF.js graph model is refused with what it is and what to convert instead", () => {
    const graph = { format: "graph-model", generatedBy: "2.15.0", modelTopology: { node: [{ name: "x", op: "Placeholder" }] } };
    const r = importKeras(graph);
    assert.ok(!r.ok);
    assert.match(formatMessage(r.problem), /TF\.js graph model .* holds operations, not Keras layers: convert .*tfjs_layers_model/);
  });
});

import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { analyze, importKeras, kerasTopology, tfjsModelJson, type Analysis, formatMessage } from "../../src/core";
import { checkEveryType, modelText } from "../helpers/randomModel";
import { initTfjs } from "../helpers/tfjsOracle";
import { examples, root } from "./tools";

const runs = Number(process.env.INTEROP_RUNS ?? 200);

/** tfjs-layers has no SpatialDropout2D: registered for loading, as a user of the export would (README). */
class SpatialDropout2D extends tf.layers.Layer {
  static className = "SpatialDropout2D";
  constructor(config: { rate: number; name?: string }) {
    super(config);
  }
}
tf.serialization.registerClass(SpatialDropout2D);

/** Each layer's name, type, inputs, output shape and weight counts, by name (the order may differ). */
function figures(a: Analysis): Map<string, unknown> {
  return new Map(a.layers.map((l) => [l.name, [l.type, l.inputs, l.outputShape, l.trainableParams, l.nonTrainableParams, l.macs]]));
}

/** Loads an exported topology with tfjs-layers and checks it against the engine, layer by layer. */
async function loadsInTfjs(text: string): Promise<void> {
  const a = analyze(text);
  const exported = kerasTopology(text, a);
  assert.ok(exported.ok, exported.ok ? "" : formatMessage(exported.problem));
  const model = await tf.models.modelFromJSON({ modelTopology: JSON.parse(JSON.stringify(exported.value)) });
  try {
    const ours = new Map(a.layers.map((l) => [l.name, l]));
    assert.equal(model.layers.length, a.layers.length);
    for (const layer of model.layers) {
      const l = ours.get(layer.name);
      assert.ok(l, `tfjs has a layer ${layer.name} we do not`);
      const count = (ws: tf.LayerVariable[]) => ws.reduce((n, w) => n + w.shape.reduce((p: number, d) => p * (d ?? 1), 1), 0);
      assert.deepEqual(
        [layer.name, layer.outputShape, count(layer.trainableWeights), count(layer.nonTrainableWeights)],
        [l.name, l.outputShape, l.trainableParams, l.nonTrainableParams],
      );
    }
    assert.equal(model.countParams(), a.totals.params);
  } finally {
    model.dispose();
  }
}

/** import(export(m)) describes the same model as m. */
function roundTrips(text: string): void {
  const exported = kerasTopology(text);
  assert.ok(exported.ok);
  const back = importKeras(JSON.parse(JSON.stringify(exported.value)));
  assert.ok(back.ok, back.ok ? "" : formatMessage(back.problem));
  assert.deepEqual(figures(analyze(back.value.text)), figures(analyze(text)));
  assert.deepEqual(back.value.dropped, []);
}

describe("Keras / TF.js JSON export and import", () => {
  before(() => initTfjs());

  for (const file of examples) {
    it(`${file}: the export loads in tfjs-layers with identical shapes and counts; import(export) gives it back`, async () => {
      const text = readFileSync(join(root, "examples", file), "utf8");
      await loadsInTfjs(text);
      roundTrips(text);
    });
  }

  it(`random models (${runs} runs, sequential and graph): the same, for every layer type`, async () => {
    const texts: string[] = [];
    const missed = checkEveryType(runs, (layers) => {
      texts.push(modelText(layers));
    });
    assert.deepEqual(missed, [], "every layer type must be exercised");
    for (const text of texts) {
      // tfjs-layers cannot load its own gelu_new: its loader camel-cases the name to geluNew, which it does not know.
      if (text.includes('"gelu_new"')) await assert.rejects(loadsInTfjs(text), /Unknown activation: geluNew/);
      else await loadsInTfjs(text);
      roundTrips(text);
    }
  });

  it("TF.js export: global pooling with keepdims (a squeeze-and-excitation block) loads in tfjs-layers with Keras' shapes", async () => {
    const text = JSON.stringify({
      version: 1,
      layers: [
        { type: "Input", name: "image", shape: [8, 8, 4] },
        { type: "Conv2D", name: "features", filters: 6, kernelSize: 3, padding: "same" },
        { type: "GlobalAveragePooling2D", name: "squeeze", keepdims: true },
        // A layer already named as the export's free name would be: the export picks another.
        { type: "Conv2D", name: "squeeze_pooled", filters: 6, kernelSize: 1, activation: "sigmoid" },
        { type: "Multiply", name: "excite", inputs: ["features", "squeeze_pooled"] },
        { type: "GlobalMaxPooling2D", name: "head", keepdims: true },
      ],
    });
    const a = analyze(text);
    const json = tfjsModelJson(text, {}, a);
    assert.ok(json.ok, json.ok ? "" : formatMessage(json.problem));
    const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.value.modelTopology as object }));
    // Every layer of the model keeps its name and Keras' output shape; the poolings gain a Reshape under their name.
    for (const l of a.layers) assert.deepEqual(model.getLayer(l.name).outputShape, l.outputShape, l.name);
    assert.deepEqual(model.outputs[0].shape, [null, 1, 1, 6]);
    const names = model.layers.map((l) => l.name);
    assert.ok(names.includes("squeeze_pooled_2") && names.includes("head_pooled"), names.join(", "));
    model.dispose();
  });

  it("refuses a model with errors, with the reason", () => {
    const r = kerasTopology(
      JSON.stringify({
        version: 1,
        layers: [
          { type: "Input", shape: [4] },
          { type: "Conv2D", filters: 2, kernelSize: 3 },
        ],
      }),
    );
    assert.equal(r.ok, false);
    assert.match(r.ok ? "" : formatMessage(r.problem), /1 error to fix first/);
  });
});

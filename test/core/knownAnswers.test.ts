import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "jsonc-parser";
import { analyze, formatSummary } from "../../src/core";
import { buildWithTfjs, initTfjs, type LayerJson } from "../helpers/tfjsOracle";
import { mistakes } from "../helpers/model";

const examplesDir = join(__dirname, "..", "..", "..", "examples");

/** Reads an example model file (the repository's `examples/`). */
export function example(name: string): string {
  return readFileSync(join(examplesDir, name), "utf8");
}

/** The names of every example model, without `.cnn.json`. */
export function exampleNames(): string[] {
  return readdirSync(examplesDir)
    .filter((f) => f.endsWith(".cnn.json"))
    .map((f) => f.replace(/\.cnn\.json$/, ""));
}

describe("known answers", () => {
  it("the pooling article's model: 300,042 parameters, 30→28→26, GAP → 128, Dense → 10", () => {
    const a = analyze(example("pooling-gap.cnn.json"));
    assert.deepEqual(mistakes(a), []);
    assert.equal(a.totals.params, 300042);
    assert.equal(a.totals.trainableParams, 300042);
    assert.equal(a.totals.nonTrainableParams, 0);
    assert.deepEqual(
      a.layers.map((l) => l.outputShape),
      [
        [null, 32, 32, 3],
        [null, 30, 30, 128],
        [null, 28, 28, 128],
        [null, 26, 26, 128],
        [null, 128],
        [null, 10],
      ],
    );
    assert.deepEqual(
      a.layers.map((l) => l.params),
      [0, 3584, 147584, 147584, 0, 1290],
    );
    assert.deepEqual(
      a.layers.map((l) => l.name),
      ["input_layer", "conv1", "conv2d", "conv2d_1", "global_average_pooling2d", "dense"],
    );
    assert.equal(a.sequential, true);
  });

  it("the same model with Flatten: 1,164,042 parameters (the article's point)", () => {
    const a = analyze(example("pooling-flatten.cnn.json"));
    assert.deepEqual(mistakes(a), []);
    assert.equal(a.totals.params, 1164042);
    assert.deepEqual(a.layers[4].outputShape, [null, 86528]);
  });

  it("the Keras MNIST convnet: 34,826 parameters", () => {
    const a = analyze(example("mnist-convnet.cnn.json"));
    assert.deepEqual(mistakes(a), []);
    assert.equal(a.totals.params, 34826);
    assert.deepEqual(a.layers[5].outputShape, [null, 1600]);
  });

  it("LeNet-5: 61,706 parameters", () => {
    assert.equal(analyze(example("lenet5.cnn.json")).totals.params, 61706);
  });

  it("ResNet50 as keras.applications builds it: 25,636,712 (53,120 non-trainable)", () => {
    const a = analyze(example("resnet50.cnn.json"));
    assert.deepEqual(mistakes(a), []);
    assert.equal(a.sequential, false);
    assert.equal(a.totals.params, 25636712);
    assert.equal(a.totals.nonTrainableParams, 53120);
    assert.deepEqual(a.outputs, ["predictions"]);
  });

  it("MobileNet v1 as keras.applications builds it: 4,253,864 (21,888 non-trainable)", () => {
    const a = analyze(example("mobilenet.cnn.json"));
    assert.deepEqual(mistakes(a), []);
    assert.equal(a.totals.params, 4253864);
    assert.equal(a.totals.trainableParams, 4231976);
    assert.equal(a.totals.nonTrainableParams, 21888);
  });

  it("MACs: a 3×3 conv counts out_h·out_w·k_h·k_w·c_in·c_out; Dense counts in·out", () => {
    const a = analyze(example("pooling-gap.cnn.json"));
    assert.equal(a.layers[1].macs, 30 * 30 * 3 * 3 * 3 * 128);
    assert.equal(a.layers[5].macs, 128 * 10);
    assert.equal(
      a.totals.macs,
      a.layers.reduce((n, l) => n + (l.macs ?? 0), 0),
    );
  });

  describe("every example against tfjs-layers", () => {
    before(() => initTfjs());
    for (const file of exampleNames()) {
      it(`${file}: identical shapes and trainable / non-trainable counts`, () => {
        const text = example(`${file}.cnn.json`);
        const a = analyze(text);
        assert.deepEqual(mistakes(a), []);
        const written = (parse(text) as { layers: object[] }).layers;
        const layers = a.layers.map((l, i) => ({ ...written[i], name: l.name })) as LayerJson[];
        const oracle = buildWithTfjs(layers);
        assert.deepEqual(
          a.layers.map((l) => [l.name, l.outputShape, l.trainableParams, l.nonTrainableParams]),
          oracle.map((o) => [o.name, o.outputShape, o.trainableParams, o.nonTrainableParams]),
        );
      });
    }
  });
});

describe("Keras semantics the tfjs-layers oracle cannot check", () => {
  const shapes = (layers: object[]) => {
    const a = analyze(JSON.stringify({ version: 1, layers }));
    assert.deepEqual(
      a.diagnostics.filter((d) => d.severity === "error"),
      [],
    );
    return a.layers.map((l) => [l.outputShape, l.params]);
  };

  it("Conv1D 'causal' keeps the length (conv_output_length treats it as 'same')", () => {
    const r = shapes([
      { type: "Input", shape: [10, 3] },
      { type: "Conv1D", filters: 4, kernelSize: 3, dilationRate: 2, padding: "causal" },
    ]);
    assert.deepEqual(r[1], [[null, 10, 4], 40]);
  });

  it("Conv2DTranspose follows deconv_output_length, with and without outputPadding", () => {
    const base = { type: "Conv2DTranspose", filters: 16, kernelSize: 3, strides: 2, inputs: ["x"] };
    const r = shapes([
      { type: "Input", name: "x", shape: [4, 4, 8] },
      { ...base, padding: "valid" },
      { ...base, padding: "same" },
      { ...base, padding: "same", outputPadding: 1 },
      { ...base, padding: "valid", outputPadding: [0, 1] },
    ]);
    assert.deepEqual(r.slice(1), [
      [[null, 9, 9, 16], 1168],
      [[null, 8, 8, 16], 1168],
      [[null, 8, 8, 16], 1168],
      [[null, 9, 10, 16], 1168],
    ]);
    const bad = analyze(
      JSON.stringify({
        version: 1,
        layers: [
          { type: "Input", shape: [4, 4, 8] },
          { ...base, inputs: undefined, outputPadding: 2 },
        ],
      }),
    );
    assert.equal(bad.diagnostics[0].message, "conv2d_transpose: outputPadding [2,2] must be less than strides [2,2]");
  });

  it("DepthwiseConv2D honours dilation; global pooling keeps dims with keepdims; ReLU's slope changes no shape", () => {
    const r = shapes([
      { type: "Input", shape: [7, 7, 4] },
      { type: "DepthwiseConv2D", kernelSize: 3, dilationRate: 2, depthMultiplier: 2 },
      { type: "ReLU", negativeSlope: 0.1, threshold: 0.5, maxValue: 6 },
      { type: "GlobalAveragePooling2D", keepdims: true },
    ]);
    assert.deepEqual(r.slice(1), [
      [[null, 3, 3, 8], 9 * 8 + 8],
      [[null, 3, 3, 8], 0],
      [[null, 1, 1, 8], 0],
    ]);
  });

  it("unknown sizes: a fully convolutional net carries None, and Flatten → Dense says the size is needed", () => {
    const a = analyze(
      JSON.stringify({
        version: 1,
        layers: [
          { type: "Input", shape: [null, null, 3] },
          { type: "Conv2D", filters: 8, kernelSize: 3, strides: 2 },
          { type: "GlobalMaxPooling2D" },
          { type: "Dense", units: 2 },
          { type: "Flatten", inputs: ["conv2d"] },
          { type: "Dense", units: 2 },
        ],
      }),
    );
    assert.deepEqual(a.layers[1].outputShape, [null, null, null, 8]);
    assert.equal(a.layers[1].macs, null, "MACs need the spatial size");
    assert.deepEqual(a.layers[3].outputShape, [null, 2]);
    assert.deepEqual(a.layers[4].outputShape, [null, null]);
    assert.deepEqual(
      a.diagnostics.map((d) => d.message),
      ["dense_1: the last dimension of the input (None, None) must be defined"],
    );
    assert.equal(a.memory.activationBytesPerSample, null);
    assert.equal(a.totals.macsKnown, false);
    const fullyConvolutional = [
      { type: "Input", shape: [null, null, 3] },
      { type: "Conv2D", filters: 8, kernelSize: 3, strides: 2 },
      { type: "GlobalMaxPooling2D" },
      { type: "Dense", units: 2 },
    ];
    const fcn = analyze(JSON.stringify({ version: 1, layers: fullyConvolutional }));
    assert.equal(fcn.totals.complete, true);
    assert.match(formatSummary(fcn), /^Total MACs: at least 16 per sample \(some depend on sizes known only at run time\)$/m);
  });
});

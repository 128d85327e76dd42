/**
 * Receptive fields where users see them: each layer's usual reading in the analysis, the summary's column, the
 * hover's row, the note where pooled or output features see only part of the input — and bounded work on any model.
 */
import * as assert from "node:assert/strict";
import { analyze, fieldDetails, fieldText, formatSummary, layerDetails, receptiveFields } from "../../src/core";
import { example } from "./knownAnswers.test";
import { input32, model } from "../helpers/model";

const notes = (text: string) => analyze(text).diagnostics.filter((d) => d.code === "receptive-field");

describe("receptive fields shown", () => {
  it("the pooling article's model: 3×3, 5×5, 7×7, then global pooling reads all 32×32; one note at conv2d_1", () => {
    const a = analyze(example("pooling-gap.cnn.json"));
    assert.deepEqual(
      a.layers.map((l) => [l.name, fieldText(l)]),
      [
        ["input_layer", "1×1"],
        ["conv1", "3×3"],
        ["conv2d", "5×5"],
        ["conv2d_1", "7×7"],
        ["global_average_pooling2d", "32×32"],
        ["dense", "32×32"],
      ],
    );
    assert.deepEqual(a.layers[3].receptiveField, [
      { input: "input_layer", inputSize: [32, 32], size: [7, 7], jump: [1, 1], start: [0, 0], collapsed: false },
    ]);
    assert.equal(fieldDetails(a.layers[3]), "7×7 of the 32×32 input");
    assert.equal(fieldDetails(a.layers[4]), "32×32 of the 32×32 input, all of it");
    assert.deepEqual(
      layerDetails(a.layers[3]).find(([k]) => k === "Receptive field"),
      ["Receptive field", "7×7 of the 32×32 input"],
    );
    const found = a.diagnostics.filter((d) => d.code === "receptive-field");
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, "info");
    assert.equal(found[0].layer, "conv2d_1");
    assert.equal(
      found[0].message,
      "conv2d_1: receptive field 7×7 of the 32×32 input: the features that global pooling 'global_average_pooling2d' takes each see at most 7×7 of 'input_layer'; more layers, strides or dilation widen it",
    );
    assert.match(formatSummary(a), /^ conv2d_1 \(Conv2D\)\s+\(None, 26, 26, 128\)\s+147,584\s+99,680,256\s+7×7$/m);
  });

  it("no note where the field covers the input (ResNet-50, MobileNet) or where Flatten keeps every position", () => {
    for (const file of ["resnet50", "mobilenet", "pooling-flatten", "mnist-convnet", "lenet5"])
      assert.deepEqual(notes(example(`${file}.cnn.json`)), [], file);
    const resnet = analyze(example("resnet50.cnn.json"));
    const last = resnet.layers.find((l) => l.type === "GlobalAveragePooling2D");
    const before = resnet.layers.find((l) => l.name === last?.inputs[0]);
    assert.equal(before && fieldDetails(before), "483×483 of the 224×224 input, all of it, effective stride 32×32");
  });

  it("a note where a spatial output (a segmentation map) sees only part of its input; none once it covers it", () => {
    const conv = (k: number, dilationRate = 1) => ({ type: "Conv2D", filters: 2, kernelSize: k, padding: "same", dilationRate });
    const found = notes(model([input32, conv(3), conv(3)]));
    assert.deepEqual(
      found.map((d) => [d.layer, d.message]),
      [["conv2d_1", "conv2d_1: receptive field 5×5 of the 32×32 input: each output position sees at most 5×5 of 'input_layer'"]],
    );
    // Dilation widens it: 1 + 2·(1 + 2 + 4 + 8 + 16) = 63 ≥ 32.
    assert.deepEqual(notes(model([input32, conv(3, 1), conv(3, 2), conv(3, 4), conv(3, 8), conv(3, 16)])), []);
    // A sequence's field is in steps.
    const seq = notes(
      model([{ type: "Input", shape: [100, 4] }, { type: "Conv1D", filters: 2, kernelSize: 26 }, { type: "GlobalAveragePooling1D" }]),
    );
    assert.match(seq[0].message, /^conv1d: receptive field 26 steps of the 100-step input: /);
    // A layer with a mistake (Dense left on a spatial input) has that said, not a note besides.
    assert.deepEqual(notes(model([input32, conv(3), { type: "Dense", units: 10 }])), []);
    // A size known only at run time is no reason for a note.
    assert.deepEqual(notes(model([{ type: "Input", shape: [null, null, 3] }, conv(3)])), []);
  });

  it("several inputs: each field named by its input; a Reshape's field is not followed", () => {
    const text = model([
      { type: "Input", name: "a", shape: [16, 16, 1] },
      { type: "Input", name: "b", shape: [16, 16, 1] },
      { type: "Conv2D", name: "ca", filters: 1, kernelSize: 3, inputs: ["a"] },
      { type: "Conv2D", name: "cb1", filters: 1, kernelSize: 3, inputs: ["b"] },
      { type: "Conv2D", name: "cb2", filters: 1, kernelSize: 3, padding: "same" },
      { type: "Concatenate", name: "cat", inputs: ["ca", "cb2"] },
      { type: "Reshape", targetShape: [196, 2] },
      { type: "Flatten" },
      { type: "Dense", units: 2 },
    ]);
    const a = analyze(text);
    const by = (n: string) => a.layers.find((l) => l.name === n)!;
    assert.equal(fieldText(by("cat")), "a 3×3, b 5×5");
    assert.equal(fieldDetails(by("cat")), "3×3 of the 16×16 input a; 5×5 of the 16×16 input b");
    assert.equal(fieldText(by("reshape")), "?");
    assert.equal(fieldDetails(by("reshape")), "not followed through this layer");
    // The summary's column says so too.
    assert.match(formatSummary(a), /^ cat \(Concatenate\)\s+\(None, 14, 14, 2\)\s+0\s+0\s+a 3×3, b 5×5\s+ca, cb2$/m);
  });

  it("resizing scales the jump: a 2× downscale then two 3×3 convolutions see 2, 6, 10; global pooling of any size sees all", () => {
    const conv = { type: "Conv2D", filters: 1, kernelSize: 3 };
    const a = analyze(model([{ type: "Input", shape: [40, 60, 3] }, { type: "Resizing", height: 20, width: 20 }, conv, conv]));
    assert.deepEqual(
      a.layers.slice(1).map((l) => [fieldText(l), l.receptiveField[0].jump]),
      [
        ["2×2", [2, 3]],
        ["6×8", [2, 3]],
        ["10×14", [2, 3]],
      ],
    );
    const open = analyze(model([{ type: "Input", shape: [null, null, 3] }, { ...conv, strides: 2 }, { type: "GlobalAveragePooling2D" }]));
    assert.equal(fieldText(open.layers[2]), "all");
    assert.equal(fieldDetails(open.layers[2]), "all of the input");
  });

  it("a dense-only model has no field column", () => {
    const a = analyze(
      model([
        { type: "Input", shape: [784] },
        { type: "Dense", units: 10 },
      ]),
    );
    assert.equal(fieldText(a.layers[1]), "");
    assert.equal(fieldDetails(a.layers[1]), null);
    assert.doesNotMatch(formatSummary(a), /Receptive field/);
  });

  it("bounded work: exact fields stop at the budget, the usual reading goes on; a huge input allocates nothing", () => {
    const a = analyze(example("small-resnet.cnn.json"));
    const full = receptiveFields(a);
    const cut = receptiveFields(a, { budget: 300 });
    assert.ok(full.every((f) => f.every((x) => x.positions.every((p) => p !== null))));
    assert.ok(cut.some((f) => f.some((x) => x.positions.every((p) => p === null))));
    assert.deepEqual(
      cut.map((f) => f.map((x) => x.axes)),
      full.map((f) => f.map((x) => x.axes)),
    );
    // 2³¹ − 1 positions a side: no Int32Array of that size is made; the usual reading is there at once.
    const huge = analyze(
      model([
        { type: "Input", shape: [2147483647, 2147483647, 1] },
        { type: "MaxPooling2D", poolSize: 4 },
      ]),
    );
    const fields = receptiveFields(huge);
    assert.deepEqual(fields[1][0].positions, [null, null]);
    assert.deepEqual(
      fields[1][0].axes.map((x) => [x.size, x.jump]),
      [
        [4, 4],
        [4, 4],
      ],
    );
  });
});

import * as assert from "node:assert/strict";
import { analyze } from "../../src/core";
import { input32, model, problems } from "../helpers/model";

describe("diagnostics", () => {
  it("a collapsing conv names the layer, the numbers, and points at kernelSize", () => {
    const text = model([
      { type: "Input", shape: [6, 6, 1] },
      { type: "Conv2D", name: "conv1", filters: 8, kernelSize: 3 },
      { type: "Conv2D", name: "conv2", filters: 8, kernelSize: 3 },
      { type: "Conv2D", name: "conv3", filters: 8, kernelSize: 3 },
      { type: "Dense", units: 10 },
    ]);
    const { a, list } = problems(text);
    assert.equal(list.length, 1, JSON.stringify(list));
    assert.equal(list[0].message, "conv3: 3×3 kernel with padding 'valid' needs at least 3×3 input, gets 2×2");
    assert.equal(list[0].code, "shape-collapse");
    assert.equal(list[0].layer, "conv3");
    assert.equal(list[0].at, "3");
    assert.equal(text.lastIndexOf('"kernelSize":3', list[0].offset) > text.indexOf('"conv3"'), true);
    assert.deepEqual(a.layers[2].outputShape, [null, 2, 2, 8]);
    assert.equal(a.layers[3].outputShape, null, "no shape past the error");
    assert.equal(a.layers[4].params, null, "no guessed counts past the error");
    assert.equal(a.totals.complete, false);
  });

  it("dilation is part of the message", () => {
    const { list } = problems(
      model([
        { type: "Input", shape: [4, 4, 1] },
        { type: "Conv2D", filters: 1, kernelSize: 3, dilationRate: 2 },
      ]),
    );
    assert.equal(list[0].message, "conv2d: 3×3 kernel dilated to 5×5 with padding 'valid' needs at least 5×5 input, gets 4×4");
  });

  it("unknown types and parameters get a did-you-mean and the exact range", () => {
    const { list } = problems(
      model([
        input32,
        { type: "Conv2d", filters: 8, kernelSize: 3 },
        { type: "Dense", unit: 10 },
        { type: "Conv2D", filters: 8, kernel_size: 3 },
      ]),
    );
    const byCode = Object.fromEntries(list.map((d) => [d.code + (d.layer ?? ""), d]));
    const t = byCode["unknown-typeconv2d"];
    assert.equal(t.message, "conv2d: unknown layer type 'Conv2d'; did you mean 'Conv2D'?");
    assert.equal(t.at, '"Conv2d"');
    assert.equal(t.suggestion, "Conv2D");
    const u = byCode["unknown-parameterdense"];
    assert.equal(u.message, "dense: Dense has no parameter 'unit'; did you mean 'units'?");
    assert.equal(u.at, '"unit"', "points at the key");
    assert.equal(byCode["missing-parameterdense"].message, "dense: Dense needs 'units': Number of output units.");
    assert.equal(byCode["missing-parameterdense"].at, '"Dense"');
    assert.equal(byCode["unknown-parameterconv2d_1"].suggestion, "kernelSize");
    assert.equal(byCode["missing-parameterconv2d_1"].message, "conv2d_1: Conv2D needs 'kernelSize': Size of the convolution window.");
  });

  it("a number too large for a double (1e400) is named as written, not as JSON's null", () => {
    const text = model([input32, { type: "Conv2D", filters: 8, kernelSize: 3 }]).replace(/"filters":\s*8/, '"filters": 1e400');
    assert.match(text, /1e400/);
    const { list } = problems(text);
    assert.deepEqual(
      list.map((d) => [d.message, d.at]),
      [["conv2d: 'filters' must be an integer ≥ 1, got Infinity (too large for a number)", "1e400"]],
    );
  });

  it("wrong value types and out-of-range values point at the value", () => {
    const { list } = problems(
      model([
        input32,
        { type: "Conv2D", filters: "64", kernelSize: [3, 3, 3], padding: "full", activation: "relu7" },
        { type: "Dropout", rate: 1.5 },
        { type: "Conv2D", filters: 0, kernelSize: 3, useBias: "yes" },
      ]),
    );
    const msgs = list.map((d) => [d.code, d.message, d.at]);
    assert.deepEqual(msgs, [
      ["wrong-type", `conv2d: 'filters' must be an integer ≥ 1, got "64" (a string)`, '"64"'],
      [
        "wrong-type",
        "conv2d: 'kernelSize' must be an integer ≥ 1 or a list of 2 such integers, got [3,3,3]",
        "[3, 3, 3]".replace(/ /g, ""),
      ],
      ["wrong-type", "conv2d: 'padding' must be one of 'valid', 'same', got \"full\" (a string)", '"full"'],
      ["wrong-type", msgs[3][1], '"relu7"'],
      ["out-of-range", "dropout: 'rate' must be ≥ 0 and < 1, got 1.5", "1.5"],
      ["out-of-range", "conv2d_1: 'filters' must be an integer ≥ 1, got 0", "0"],
      ["wrong-type", `conv2d_1: 'useBias' must be true or false, got "yes" (a string)`, '"yes"'],
    ]);
    assert.match(
      msgs[3][1] as string,
      /'activation' is "relu7" \(a string\); did you mean 'relu'\? \(one of 'linear', 'relu', .*'gelu_new'\)/,
    );
  });

  it("Dense on a rank-4 input is a warning suggesting Flatten or global pooling, and still counts", () => {
    const { a, list } = problems(model([input32, { type: "Conv2D", filters: 4, kernelSize: 3 }, { type: "Dense", units: 10 }]));
    assert.equal(list.length, 1);
    assert.equal(list[0].severity, "warning");
    assert.equal(list[0].code, "dense-rank");
    assert.equal(
      list[0].message,
      "dense: Dense on a rank-4 input (None, 30, 30, 4) acts on the last axis only, giving (None, 30, 30, 10); add Flatten or GlobalAveragePooling2D before it to classify",
    );
    assert.deepEqual(a.layers[2].outputShape, [null, 30, 30, 10]);
    assert.equal(a.layers[2].params, 50);
  });

  it("rank mismatches name the expected layout", () => {
    const { list } = problems(
      model([
        { type: "Input", shape: [10] },
        { type: "Conv2D", filters: 4, kernelSize: 3 },
      ]),
    );
    assert.equal(list[0].message, "conv2d: Conv2D expects a rank-4 input (batch, height, width, channels), gets (None, 10)");
  });

  it("incompatible merges, reshape and unknown dimensions", () => {
    const { list } = problems(
      model([
        { type: "Input", name: "a", shape: [8, 8, 3] },
        { type: "Conv2D", name: "b", filters: 4, kernelSize: 3 },
        { type: "Add", name: "sum", inputs: ["a", "b"] },
        { type: "Concatenate", name: "cat", inputs: ["a", "b"] },
        { type: "Reshape", name: "r", inputs: ["a"], targetShape: [10, 10] },
        { type: "Input", name: "seq", shape: [null, 3] },
        { type: "Flatten", name: "f" },
        { type: "Dense", name: "d", units: 2 },
      ]),
    );
    const messages = list.filter((d) => d.severity === "error").map((d) => d.message);
    assert.deepEqual(messages, [
      "sum: cannot combine inputs of shapes (None, 8, 8, 3) and (None, 6, 6, 4) element-wise",
      "cat: inputs must match in every axis except axis -1, got (None, 8, 8, 3), (None, 6, 6, 4)",
      "r: cannot reshape (None, 8, 8, 3) (192 values) into (None, 10, 10) (100 values)",
      "d: the last dimension of the input (None, None) must be defined",
    ]);
  });

  it("top-level mistakes: version, unknown keys, missing layers", () => {
    const a = analyze('{ "version": 2, "layer": [] }');
    assert.deepEqual(
      a.diagnostics.map((d) => d.message),
      [
        'missing "layers": a list of layers, starting with an Input',
        "unsupported format version 2; this CNN Designer reads version 1",
        "unknown property 'layer'; did you mean 'layers'?",
      ],
    );
    assert.equal(analyze("[1, 2]").diagnostics[0].code, "root");
    assert.equal(analyze("").diagnostics[0].message, 'the model file is empty: expected { "version": 1, "layers": [ … ] }');
  });

  it("half-typed JSON still yields the layers it can read", () => {
    const text =
      '{\n "version": 1,\n "layers": [\n  { "type": "Input", "shape": [28, 28, 1] },\n  { "type": "Conv2D", "filters": 8, "kernelSize": 3 },\n  { "type": "Dense", "units": ';
    const a = analyze(text);
    assert.deepEqual(a.layers[1].outputShape, [null, 26, 26, 8]);
    assert.equal(a.layers[1].params, 80);
    const syntax = a.diagnostics.filter((d) => d.code === "syntax");
    assert.ok(syntax.length > 0);
    for (const d of a.diagnostics) assert.ok(d.offset >= 0 && d.offset + d.length <= text.length);
  });

  it("comments and trailing commas are accepted", () => {
    const a = analyze(
      '// my model\n{ "version": 1, /* chain */ "layers": [ { "type": "Input", "shape": [4] }, { "type": "Dense", "units": 2 }, ], }',
    );
    assert.deepEqual(a.diagnostics, []);
    assert.equal(a.totals.params, 10);
  });

  it("frozen layers count as non-trainable; BatchNormalization keeps moving statistics non-trainable", () => {
    const a = analyze(
      model([
        input32,
        { type: "Conv2D", filters: 8, kernelSize: 3, trainable: false },
        { type: "BatchNormalization" },
        { type: "BatchNormalization", center: false },
        { type: "BatchNormalization", scale: false, center: false, trainable: false },
      ]),
    );
    assert.deepEqual(
      a.layers.slice(1).map((l) => [l.trainableParams, l.nonTrainableParams]),
      [
        [0, 224],
        [16, 16],
        [8, 16],
        [0, 16],
      ],
    );
  });
});

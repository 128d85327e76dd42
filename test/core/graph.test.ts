import * as assert from "node:assert/strict";
import { analyze } from "../../src/core";
import { model, problems, mistakes } from "../helpers/model";

describe("graphs", () => {
  it("a residual block: Add of a branch and its shortcut, with 'Connected to' inputs", () => {
    const a = analyze(
      model([
        { type: "Input", name: "x", shape: [16, 16, 8] },
        { type: "Conv2D", name: "c1", filters: 8, kernelSize: 3, padding: "same", activation: "relu" },
        { type: "Conv2D", name: "c2", filters: 8, kernelSize: 3, padding: "same" },
        { type: "Add", name: "sum", inputs: ["x", "c2"] },
        { type: "ReLU" },
      ]),
    );
    assert.deepEqual(mistakes(a), []);
    assert.equal(a.sequential, false);
    assert.deepEqual(a.layers[3].inputs, ["x", "c2"]);
    assert.deepEqual(a.layers[3].outputShape, [null, 16, 16, 8]);
    assert.deepEqual(a.outputs, ["re_lu"]);
  });

  it("layers may reference layers written later; order puts inputs first", () => {
    const a = analyze(
      model([
        { type: "Concatenate", name: "cat", inputs: ["left", "right"] },
        { type: "Input", name: "in", shape: [4, 4, 2] },
        { type: "Conv2D", name: "left", inputs: ["in"], filters: 3, kernelSize: 1 },
        { type: "Conv2D", name: "right", inputs: ["in"], filters: 5, kernelSize: 1 },
      ]),
    );
    assert.deepEqual(mistakes(a), []);
    assert.deepEqual(a.layers[0].outputShape, [null, 4, 4, 8]);
    assert.deepEqual(
      a.order.map((i) => a.layers[i].name),
      ["in", "left", "right", "cat"],
    );
  });

  it("several inputs and outputs", () => {
    const a = analyze(
      model([
        { type: "Input", name: "image", shape: [8, 8, 1] },
        { type: "Flatten" },
        { type: "Input", name: "meta", shape: [3] },
        { type: "Concatenate", name: "joined", inputs: ["flatten", "meta"] },
        { type: "Dense", name: "class", units: 10, activation: "softmax" },
        { type: "Dense", name: "box", inputs: ["joined"], units: 4 },
      ]),
    );
    assert.deepEqual(mistakes(a), []);
    assert.deepEqual(a.layers[3].outputShape, [null, 67]);
    assert.deepEqual(a.outputs, ["class", "box"]);
  });

  it("unknown and duplicate names, self-reference and cycles are located errors", () => {
    const { list } = problems(
      model([
        { type: "Input", name: "in", shape: [4] },
        { type: "Dense", name: "a", units: 2, inputs: ["inn"] },
        { type: "Dense", name: "a", units: 2 },
        { type: "Dense", name: "self", units: 2, inputs: ["self"] },
        { type: "Add", name: "p", inputs: ["in", "q"] },
        { type: "Dense", name: "q", units: 4 },
      ]),
    );
    const lines = list.map((d) => [d.code, d.message, d.at]);
    assert.deepEqual(lines, [
      ["unknown-input", "a: no layer is named 'inn'; did you mean 'in'?", '"inn"'],
      ["duplicate-name", "duplicate layer name 'a' (layer 1 has it too)", '"a"'],
      ["cycle", "self: a layer cannot be its own input", '"self"'],
      // One message per cycle, on its first layer; the others are its related places.
      ["cycle", "p: part of a cycle of 2 layers: p → q → p; no layer on it can be computed", '["in","q"]'],
    ]);
  });

  it("input counts: a merge needs two, a single-input layer takes one, the first layer needs an Input", () => {
    const { list } = problems(
      model([
        { type: "Dense", name: "first", units: 2 },
        { type: "Input", name: "a", shape: [4] },
        { type: "Input", name: "b", shape: [4] },
        { type: "Add", name: "lonely", inputs: ["a"] },
        { type: "Dense", name: "two", units: 2, inputs: ["a", "b"] },
        { type: "Input", name: "fed", shape: [4], inputs: ["a"] },
      ]),
    );
    const errors = list.filter((d) => d.severity === "error").map((d) => d.message);
    assert.deepEqual(errors, [
      'first: the first layer has no input: start with { "type": "Input", "shape": [...] } or list "inputs"',
      'lonely: Add merges at least 2 inputs, gets 1; list them in "inputs"',
      "two: Dense takes one input, gets 2; combine them first with a merge layer such as Add or Concatenate",
      "fed: an Input layer takes no inputs",
    ]);
  });

  it("explicit outputs: layers that lead nowhere are unreachable warnings", () => {
    const { a, list } = problems(
      model(
        [
          { type: "Input", name: "in", shape: [4] },
          { type: "Dense", name: "head", units: 2 },
          { type: "Dense", name: "aux", inputs: ["in"], units: 3 },
          { type: "Input", name: "unused", shape: [2] },
        ],
        { outputs: ["head", "nope"] },
      ),
    );
    assert.deepEqual(
      list.map((d) => [d.severity, d.message]),
      [
        ["error", "'outputs' names no layer 'nope'"],
        ["warning", "aux: does not lead to any of the model's outputs"],
        ["warning", "unused: this Input is not used by any layer"],
      ],
    );
    assert.deepEqual(a.outputs, ["head"]);
  });

  it("automatic names follow Keras and skip names already taken", () => {
    const a = analyze(
      model([
        { type: "Input", shape: [8, 8, 1] },
        { type: "Conv2D", name: "conv2d_1", filters: 1, kernelSize: 1 },
        { type: "Conv2D", filters: 1, kernelSize: 1 },
        { type: "Conv2D", filters: 1, kernelSize: 1 },
        { type: "GlobalAveragePooling2D" },
        { type: "LeakyReLU" },
        { type: "ReLU" },
      ]),
    );
    assert.deepEqual(
      a.layers.map((l) => l.name),
      ["input_layer", "conv2d_1", "conv2d", "conv2d_2", "global_average_pooling2d", "leaky_re_lu", "re_lu"],
    );
  });
});

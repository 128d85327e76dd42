import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { analyze, applyEdits, insertionEdits, layerTypes, searchLayerTypes, type LayerType } from "../../src/core";
import { example } from "./knownAnswers.test";
import { mistakes } from "../helpers/model";

/** Applies an insertion to `text` and analyses the result. */
function insert(text: string, request: Parameters<typeof insertionEdits>[2]) {
  const edits = insertionEdits(text, analyze(text).layers, request);
  assert.ok(edits, "the file has a layers list");
  const out = applyEdits(text, edits);
  return { out, a: analyze(out) };
}

/** Each layer's resolved inputs by name: the structure the engine sees. */
const wiring = (text: string) => Object.fromEntries(analyze(text).layers.map((l) => [l.name, [...l.inputs]]));

const residual = `{
  "version": 1,
  "layers": [
    { "type": "Input", "shape": [16, 16, 8], "name": "x" },
    { "type": "Conv2D", "filters": 8, "kernelSize": 3, "padding": "same", "name": "c1" },
    { "type": "Conv2D", "filters": 8, "kernelSize": 3, "padding": "same", "name": "c2" },
    { "type": "Add", "inputs": ["x", "c2"], "name": "add" },
    { "type": "GlobalAveragePooling2D" },
    { "type": "Dense", "units": 10, "inputs": ["global_average_pooling2d"] }
  ]
}`;

describe("adding a layer where the designer's selection is", () => {
  it("in a chain, consecutive additions after the new layer build the model in order", () => {
    let text = `{ "version": 1, "layers": [] }`;
    let at = 0;
    for (const type of ["Input", "Conv2D", "MaxPooling2D", "Flatten", "Dense"] as LayerType[]) {
      text = insert(text, { type, index: at }).out;
      at++;
    }
    assert.deepEqual(
      analyze(text).layers.map((l) => l.type),
      ["Input", "Conv2D", "MaxPooling2D", "Flatten", "Dense"],
    );
    // A chain stays a plain list: nobody is wired by name.
    assert.doesNotMatch(text, /"inputs"/);
  });

  it("in a graph, a layer added after one takes over its consumers: the next layer and every name that read it", () => {
    // After c1: c2 read c1 by position; the new layer now stands between them.
    const { out, a } = insert(residual, { type: "BatchNormalization", index: 2 });
    assert.deepEqual(
      a.diagnostics.filter((d) => d.severity === "error"),
      [],
    );
    const w = wiring(out);
    assert.deepEqual(w.batch_normalization, ["c1"]);
    assert.deepEqual(w.c2, ["batch_normalization"]);
    // After x, which Add reads by name: Add and c1 both read the new layer.
    const second = insert(residual, { type: "Conv2D", index: 1 });
    const w2 = wiring(second.out);
    assert.deepEqual(w2.c1, ["conv2d"]);
    assert.deepEqual(w2.add, ["conv2d", "c2"]);
    assert.deepEqual(w2.conv2d, ["x"]);
    // Unnamed layers keep their automatic names (the new one has a fresh explicit name): Dense still resolves.
    assert.deepEqual(
      second.a.diagnostics.filter((d) => d.code === "unknown-input"),
      [],
    );
  });

  it("a branch leaves the consumers alone: the next layer is pinned to what it read", () => {
    const { out, a } = insert(residual, { type: "Conv2D", index: 1, branch: true });
    const w = wiring(out);
    assert.deepEqual(w.conv2d, ["x"]);
    assert.deepEqual(w.c1, ["x"]);
    assert.deepEqual(w.add, ["x", "c2"]);
    assert.ok(a.layers.some((l) => l.name === "conv2d"));
  });

  it("a merge with several layers selected joins them, after the last, taking over its consumers: a residual block", () => {
    const chain = `{ "version": 1, "layers": [
      { "type": "Input", "shape": [8, 8, 4] },
      { "type": "Conv2D", "filters": 4, "kernelSize": 3, "padding": "same" },
      { "type": "Conv2D", "filters": 4, "kernelSize": 3, "padding": "same" },
      { "type": "GlobalAveragePooling2D" }
    ] }`;
    // Selected in any order, joined in list order.
    const { out, a } = insert(chain, { type: "Add", index: 4, join: [2, 0] });
    assert.deepEqual(mistakes(a), []);
    const w = wiring(out);
    assert.deepEqual(w.add, ["input_layer", "conv2d_1"]);
    assert.deepEqual(w.global_average_pooling2d, ["add"]);
    assert.equal(a.layers[3].name, "add");
  });

  it("never breaks a valid model's wiring: any layer added anywhere of a valid graph leaves every name resolved", () => {
    const names = analyze(residual).layers.length;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: names }),
        fc.constantFrom<LayerType>("Conv2D", "BatchNormalization", "ReLU", "Dropout", "Add"),
        fc.boolean(),
        (index, type, branch) => {
          const { a } = insert(residual, { type, index, branch });
          assert.ok(!a.diagnostics.some((d) => d.code === "unknown-input" || d.code === "duplicate-name"), JSON.stringify(a.diagnostics));
          assert.equal(a.layers.length, names + 1);
        },
      ),
    );
  });

  it("the seed example: after its last Conv2D, a MaxPooling2D reads it and feeds the global pooling", () => {
    const seed = example("pooling-gap.cnn.json");
    const { a } = insert(seed, { type: "MaxPooling2D", index: 4 });
    assert.equal(a.layers[4].type, "MaxPooling2D");
    assert.deepEqual(a.layers[5].inputs, [a.layers[4].name]);
  });
});

describe("searching the palette", () => {
  it("ranks names before descriptions: an exact name first, then prefixes", () => {
    assert.equal(searchLayerTypes("dense")[0], "Dense");
    assert.equal(searchLayerTypes("DENSE")[0], "Dense");
    assert.equal(searchLayerTypes("flat")[0], "Flatten");
    assert.equal(searchLayerTypes("conv")[0], "Conv1D");
    assert.ok(
      searchLayerTypes("pool")
        .slice(0, 3)
        .every((t) => /Pooling/.test(t)),
    );
    assert.deepEqual(searchLayerTypes("zzzz"), []);
  });

  it("an empty query lists every layer type once", () => {
    assert.deepEqual([...searchLayerTypes("")].sort(), [...layerTypes].sort());
  });

  it("every layer type is found first by its own name", () => {
    for (const t of layerTypes) assert.equal(searchLayerTypes(t)[0], t);
  });
});

describe("adding a layer keeps the names the user has seen", () => {
  it("a layer added before an unnamed one of its type gets a fresh name, so that one keeps its own", () => {
    const text = `{ "version": 1, "layers": [
      { "type": "Input", "shape": [4] },
      { "type": "Dense", "units": 8 },
      { "type": "Dense", "units": 2 }
    ] }`;
    const before = analyze(text).layers.map((l) => l.name);
    const { a } = insert(text, { type: "Dense", index: 2 });
    assert.deepEqual(
      a.layers.map((l) => l.name),
      [before[0], before[1], "dense_2", before[2]],
    );
    // At the end nothing follows: the usual automatic name, nothing written.
    const { out } = insert(text, { type: "Dense", index: 3 });
    assert.doesNotMatch(out, /"name"/);
  });
});

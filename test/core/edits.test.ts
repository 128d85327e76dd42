import * as assert from "node:assert/strict";
import {
  analyze,
  applyEdits,
  insertLayer,
  layerRegistry,
  layerTypes,
  newLayer,
  renameKey,
  replaceValue,
  setLayerProperty,
} from "../../src/core";
import { example } from "./knownAnswers.test";

describe("minimal edits", () => {
  const seed = example("pooling-gap.cnn.json");
  const commented = `// keep me\n{\n  "version": 1, /* and me */\n  "layers": [\n    { "type": "Input", "shape": [8] }, // input\n    { "type": "Dense", "units": 4 }\n  ]\n}\n`;

  it("inserts a layer on its own line, indented like its neighbours, leaving the rest byte for byte", () => {
    const edits = insertLayer(seed, 4, { type: "MaxPooling2D", poolSize: [2, 2] });
    assert.ok(edits);
    const out = applyEdits(seed, edits);
    assert.ok(
      out.includes(
        `    { "type": "Conv2D", "filters": 128, "kernelSize": 3, "activation": "relu" },\n    { "type": "MaxPooling2D", "poolSize": [2, 2] },\n    { "type": "GlobalAveragePooling2D" },`,
      ),
    );
    assert.equal(out.replace(`,\n    { "type": "MaxPooling2D", "poolSize": [2, 2] }`, ""), seed);
    const a = analyze(out);
    assert.deepEqual(a.diagnostics, []);
    assert.deepEqual(a.layers[4].outputShape, [null, 13, 13, 128]);
  });

  it("inserts first, last, into an empty list, and keeps comments and trailing commas", () => {
    const first = applyEdits(commented, insertLayer(commented, 0, { type: "Input", shape: [2] }) ?? []);
    assert.ok(
      first.startsWith(
        `// keep me\n{\n  "version": 1, /* and me */\n  "layers": [\n    { "type": "Input", "shape": [2] },\n    { "type": "Input", "shape": [8] }, // input\n`,
      ),
    );
    const last = applyEdits(commented, insertLayer(commented, 99, { type: "Dropout", rate: 0.5 }) ?? []);
    assert.ok(last.includes(`    { "type": "Dense", "units": 4 },\n    { "type": "Dropout", "rate": 0.5 }\n  ]`));
    const trailing = '{ "version": 1, "layers": [\n  { "type": "Input", "shape": [3] },\n] }';
    assert.equal(
      applyEdits(trailing, insertLayer(trailing, 1, { type: "ReLU" }) ?? []),
      '{ "version": 1, "layers": [\n  { "type": "Input", "shape": [3] },\n  { "type": "ReLU" },\n] }',
    );
    const empty = '{\n  "version": 1,\n  "layers": []\n}';
    assert.equal(
      applyEdits(empty, insertLayer(empty, 0, { type: "Input", shape: [3] }) ?? []),
      '{\n  "version": 1,\n  "layers": [\n    { "type": "Input", "shape": [3] }\n  ]\n}',
    );
    assert.equal(insertLayer("[]", 0, { type: "ReLU" }), undefined);
  });

  it("replaces values, renames keys and sets properties in place", () => {
    const padded = applyEdits(seed, replaceValue(seed, ["layers", 2, "kernelSize"], [5, 5]) ?? []);
    assert.ok(padded.includes(`{ "type": "Conv2D", "filters": 128, "kernelSize": [5, 5], "activation": "relu" }`));
    const typo = '{ "version": 1, "layers": [ { "type": "Input", "shape": [4] }, { "type": "Dense", "unit": 3 } ] }';
    assert.equal(applyEdits(typo, renameKey(typo, ["layers", 1, "unit"], "units") ?? []), typo.replace('"unit"', '"units"'));
    const same = applyEdits(seed, setLayerProperty(seed, 2, "padding", "same") ?? []);
    assert.ok(same.includes(`{ "type": "Conv2D", "filters": 128, "kernelSize": 3, "activation": "relu", "padding": "same" }`));
    const again = applyEdits(same, setLayerProperty(same, 2, "padding", "valid") ?? []);
    assert.ok(again.includes(`"activation": "relu", "padding": "valid" }`));
    assert.equal(replaceValue(seed, ["layers", 42], 1), undefined);
  });
});

describe("new layers", () => {
  it("every layer type starts valid: required parameters get examples the engine accepts", () => {
    for (const type of layerTypes) {
      const layer = newLayer(
        type,
        type === "Input" ? {} : { inputs: ["image", "image"].slice(0, layerRegistry[type].arity === "many" ? 2 : 1) },
      );
      const shape = layerRegistry[type].inputRank?.max === 3 ? [8, 3] : [8, 8, 3];
      const input = type === "Input" ? [] : [{ type: "Input", name: "image", shape }];
      const a = analyze(JSON.stringify({ version: 1, layers: [...input, layer] }));
      const errors = a.diagnostics.filter((d) => d.severity === "error");
      assert.deepEqual(errors, [], type);
      assert.notEqual(a.layers[a.layers.length - 1].outputShape, null, type);
    }
  });
});

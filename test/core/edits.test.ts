import * as assert from "node:assert/strict";
import {
  analyze,
  applyEdits,
  insertLayer,
  layerRegistry,
  layerTypes,
  minimal,
  moveLayer,
  newLayer,
  removeLayerProperty,
  removeLayers,
  renameKey,
  renameLayer,
  replaceValue,
  setLayerProperty,
} from "../../src/core";
import * as fc from "fast-check";
import { parse, type ParseError } from "jsonc-parser";
import { model, mistakes } from "../helpers/model";
import { example, exampleNames } from "./knownAnswers.test";

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
    assert.deepEqual(mistakes(a), []);
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

describe("removing, moving and resetting", () => {
  const text = `{\n  "version": 1,\n  "layers": [\n    { "type": "Input", "shape": [8] }, // in\n    { "type": "Dense", "units": 4 },\n    { "type": "ReLU" },\n    { "type": "Dense", "units": 2, "useBias": false }\n  ]\n}\n`;

  it("removes layers with their commas, first, middle and last", () => {
    assert.equal(applyEdits(text, removeLayers(text, [2]) ?? []), text.replace(`    { "type": "ReLU" },\n`, ""));
    assert.equal(
      applyEdits(text, removeLayers(text, [3]) ?? []),
      text.replace(`,\n    { "type": "Dense", "units": 2, "useBias": false }`, ""),
    );
    const both = applyEdits(text, removeLayers(text, [1, 3]) ?? []);
    assert.equal(both, `{\n  "version": 1,\n  "layers": [\n    { "type": "Input", "shape": [8] }, // in\n    { "type": "ReLU" }\n  ]\n}\n`);
    assert.deepEqual(mistakes(analyze(both)), []);
    assert.equal(removeLayers(text, [9]), undefined);
    const edits = removeLayers(text, [2]) ?? [];
    assert.equal(edits.length, 1);
    assert.ok(edits[0].length < 30, "one minimal edit");
  });

  it("moves a layer by swapping object texts only", () => {
    const moved = applyEdits(text, moveLayer(text, 2, 1) ?? []);
    assert.equal(
      moved,
      text.replace(`{ "type": "Dense", "units": 4 },\n    { "type": "ReLU" }`, `{ "type": "ReLU" },\n    { "type": "Dense", "units": 4 }`),
    );
    assert.deepEqual(moveLayer(text, 1, 1), []);
    assert.equal(moveLayer(text, 0, 7), undefined);
  });

  it("removes a parameter so that it returns to its default", () => {
    const out = applyEdits(text, removeLayerProperty(text, 3, "useBias") ?? []);
    assert.ok(out.includes(`{ "type": "Dense", "units": 2 }`), out);
    assert.equal(applyEdits(text, removeLayerProperty(text, 3, "units") ?? []).includes(`{ "type": "Dense", "useBias": false }`), true);
    assert.equal(removeLayerProperty(text, 3, "nope"), undefined);
  });

  it("minimal: the smallest single replacement", () => {
    assert.deepEqual(minimal("abcdef", "abXYef"), { offset: 2, length: 2, text: "XY" });
    assert.equal(minimal("same", "same"), undefined);
  });
});

describe("edits on every example (property)", () => {
  it("removing or moving any layer leaves valid JSON with the other layers' text intact", () => {
    fc.assert(
      fc.property(fc.constantFrom(...exampleNames()), fc.nat(), fc.nat(), (name, a, b) => {
        const text = example(`${name}.cnn.json`);
        const layers = (parse(text) as { layers: object[] }).layers;
        const i = a % layers.length;
        const j = b % layers.length;
        const removed = applyEdits(text, removeLayers(text, [i]) ?? []);
        const errors: ParseError[] = [];
        const after = parse(removed, errors, { allowTrailingComma: true }) as { layers: object[] };
        assert.deepEqual(errors, []);
        assert.deepEqual(after.layers, [...layers.slice(0, i), ...layers.slice(i + 1)]);
        const moved = parse(applyEdits(text, moveLayer(text, i, j) ?? []), errors, { allowTrailingComma: true }) as { layers: object[] };
        const expected = [...layers];
        expected.splice(j, 0, ...expected.splice(i, 1));
        assert.deepEqual(errors, []);
        assert.deepEqual(moved.layers, expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe("renaming", () => {
  it("renames a layer and every input and output that names it", () => {
    const text = model(
      [
        { type: "Input", name: "x", shape: [4, 4, 2] },
        { type: "Conv2D", name: "a", filters: 2, kernelSize: 1 },
        { type: "Add", name: "sum", inputs: ["x", "a"] },
      ],
      { outputs: ["sum", "a"] },
    );
    const out = applyEdits(text, renameLayer(text, 1, "a", "branch") ?? []);
    const a = analyze(out);
    assert.deepEqual(mistakes(a), []);
    assert.deepEqual(a.layers[2].inputs, ["x", "branch"]);
    assert.deepEqual(a.outputs, ["sum", "branch"]);
  });

  it("names an automatically named layer and follows its references", () => {
    const text = model([
      { type: "Input", shape: [3] },
      { type: "Dense", units: 2 },
      { type: "Add", inputs: ["dense", "dense"] },
    ]);
    const out = applyEdits(text, renameLayer(text, 1, "dense", "fc") ?? []);
    assert.ok(out.includes('{"type":"Dense","units":2, "name": "fc"}'), out);
    assert.deepEqual(analyze(out).layers[2].inputs, ["fc", "fc"]);
  });
});

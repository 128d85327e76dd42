import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { modelDifference, modelFigures } from "../../src/core";

const root = join(__dirname, "..", "..", "..");
const text = readFileSync(join(root, "examples", "mnist-convnet.cnn.json"), "utf8");

describe("modelDifference (does a run's model fit this one?)", () => {
  it("matches the same model, whatever its formatting and training settings", () => {
    const reformatted = JSON.stringify({ ...JSON.parse(text), description: "other", training: { epochs: 1 } }, null, 1);
    assert.equal(modelDifference(text, reformatted), undefined);
    assert.equal(modelDifference(modelFigures(text), reformatted), undefined, "figures computed once compare the same");
  });

  it("names the first layer that differs, or the layer one model has beyond the other", () => {
    const model = JSON.parse(text);
    const wider = { ...model, layers: model.layers.map((l: { type: string }, i: number) => (i === 3 ? { ...l, filters: 48 } : l)) };
    assert.match(modelDifference(modelFigures(text), JSON.stringify(wider)) ?? "", /Conv2D \[null,11,11,64\] 18496$/);
    const shorter = { ...model, layers: model.layers.slice(0, -1) };
    assert.match(modelDifference(JSON.stringify(shorter), text) ?? "", /Dense/);
  });
});

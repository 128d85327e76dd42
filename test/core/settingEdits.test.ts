import * as assert from "node:assert/strict";
import { analyze, applyEdits, isSettingPath, settingEdits } from "../../src/core";
import { example } from "./knownAnswers.test";

const set = (text: string, path: string[], value: unknown) => applyEdits(text, settingEdits(text, path, value)!);

describe("the model's own settings, edited at a path (the designer's Training panel)", () => {
  const bare = `{\n  "version": 1,\n  "layers": [\n    { "type": "Input", "shape": [28, 28, 1] },\n    { "type": "Flatten" },\n    { "type": "Dense", "units": 10, "activation": "softmax" }\n  ]\n}\n`;

  it("builds a training section field by field, one property per line, and the engine reads it", () => {
    let text = set(bare, ["training"], { dataset: { type: "mnist-sample" }, metrics: ["accuracy"] });
    text = set(text, ["training", "epochs"], 3);
    text = set(text, ["training", "optimizer"], "sgd");
    text = set(text, ["training", "optimizer", "learningRate"], 0.01);
    text = set(text, ["training", "optimizer", "schedule"], { type: "cosineDecay" });
    assert.equal(
      text,
      bare.replace(
        "  ]\n}",
        `  ],\n  "training": {\n    "dataset": { "type": "mnist-sample" },\n    "metrics": ["accuracy"],\n    "epochs": 3,\n    "optimizer": { "type": "sgd", "learningRate": 0.01, "schedule": { "type": "cosineDecay" } }\n  }\n}`,
      ),
    );
    const a = analyze(text);
    assert.deepEqual(a.diagnostics, []);
    // Removing a setting takes its line (or its inline entry) and leaves the rest.
    const back = set(set(text, ["training", "epochs"], undefined), ["training", "optimizer", "learningRate"], undefined);
    assert.ok(!back.includes('"epochs"') && !back.includes("learningRate"), back);
    assert.deepEqual(analyze(back).diagnostics, []);
  });

  it("keeps a file's comments and the layers' text byte for byte; sets the name and description", () => {
    const seed = example("pooling-gap.cnn.json");
    const named = set(seed, ["name"], "renamed");
    assert.equal(named, seed.replace(/"name": "[^"]*"/, '"name": "renamed"'));
    const epochs = set(seed, ["training", "epochs"], 2);
    assert.equal(epochs, seed.replace(/"epochs": \d+/, '"epochs": 2'));
  });

  it("only the model's own settings may be set; a non-object file is refused", () => {
    assert.ok(isSettingPath(["training"]));
    assert.ok(isSettingPath(["training", "dataset", "path"]));
    assert.ok(isSettingPath(["name"]));
    for (const bad of [["layers"], ["version"], ["name", "x"], [], ["training", 0], ["training", "a", "b", "c", "d", "e"]])
      assert.equal(isSettingPath(bad as string[]), false, JSON.stringify(bad));
    assert.equal(settingEdits("[1, 2]", ["name"], "x"), undefined);
    assert.deepEqual(settingEdits(bare, ["training", "epochs"], undefined), []);
  });
});

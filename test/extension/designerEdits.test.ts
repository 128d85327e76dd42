import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { analyze, applyEdits } from "../../src/core";
import { editsForIntent, swapsMessage } from "../../src/extension/webviews/designer/edits";
import { parseWebviewMessage } from "../../src/extension/webviews/designer/messages";
import { useLanguage } from "../../src/extension/messages";
import type { WebviewMessage } from "../../src/protocol/designer";
import { example } from "../core/knownAnswers.test";
import { mistakes } from "../helpers/model";

/** Applies an intent to a model text as the host does; returns the new text or the reason it refused. */
function apply(text: string, m: WebviewMessage): string {
  const r = editsForIntent(text, analyze(text, { layerRanges: true }), m);
  if ("reason" in r) return `refused: ${r.reason}`;
  return applyEdits(text, r.edits);
}

describe("designer intents on the host (plain Node)", () => {
  const seed = example("pooling-gap.cnn.json");
  const v = 1;

  it("add, set, reset, rename, wire, move, duplicate and delete produce the expected models", () => {
    let text = apply(seed, { type: "addLayer", version: v, layerType: "MaxPooling2D", index: 4 });
    assert.deepEqual(analyze(text).layers[4].outputShape, [null, 13, 13, 128]);
    text = apply(text, { type: "setParam", version: v, index: 4, key: "poolSize", value: 3 });
    assert.ok(text.includes('{ "type": "MaxPooling2D", "poolSize": 3 }'));
    text = apply(text, { type: "resetParam", version: v, index: 4, key: "poolSize" });
    assert.ok(text.includes('{ "type": "MaxPooling2D" }'));
    text = apply(text, { type: "rename", version: v, index: 4, name: "pool" });
    assert.equal(analyze(text).layers[4].name, "pool");
    text = apply(text, { type: "duplicateLayer", version: v, index: 4 });
    assert.equal(analyze(text).layers[5].name, "pool_copy");
    text = apply(text, { type: "setInputs", version: v, index: 6, inputs: ["pool"] });
    assert.deepEqual(analyze(text).layers[6].inputs, ["pool"]);
    text = apply(text, { type: "moveLayer", version: v, from: 5, to: 1 });
    assert.equal(analyze(text).layers[1].name, "pool_copy");
    text = apply(text, { type: "deleteLayers", version: v, indices: [1] });
    const a = analyze(text);
    assert.deepEqual(mistakes(a), []);
    assert.deepEqual(
      a.layers.map((l) => l.name),
      ["input_layer", "conv1", "conv2d", "conv2d_1", "pool", "global_average_pooling2d", "dense"],
    );
  });

  it("the pooling lesson: swapping global pooling for Flatten edits only the type, and the parameters follow", () => {
    const text = apply(seed, { type: "swapType", version: v, index: 4, layerType: "Flatten" });
    assert.equal(text, seed.replace('"type": "GlobalAveragePooling2D"', '"type": "Flatten"'));
    assert.equal(analyze(text).totals.params, 1_164_042);
    assert.equal(
      apply(seed, { type: "swapType", version: v, index: 1, layerType: "Flatten" }),
      "refused: conv1 (Conv2D) cannot be replaced with Flatten.",
    );
  });

  it("the form's pooling swaps are the host's, computed on the document itself (its outputs and version kept)", () => {
    const withOutputs = seed.replace('"layers": [', '"outputs": ["dense"],\n  "layers": [');
    assert.notEqual(withOutputs, seed);
    const answer = swapsMessage(withOutputs, 7, 4, analyze(withOutputs));
    assert.equal(answer.version, 7);
    assert.equal(answer.index, 4);
    for (const s of answer.swaps) {
      const swapped = apply(withOutputs, { type: "swapType", version: 7, index: 4, layerType: s.target });
      assert.equal(s.paramsAfter, analyze(swapped).totals.params, s.target);
      assert.equal(s.paramsBefore, 300_042);
    }
    assert.deepEqual(
      answer.swaps.map((s) => s.target),
      ["Flatten", "GlobalMaxPooling2D"],
    );
    assert.deepEqual(swapsMessage(withOutputs, 7, 1, analyze(withOutputs)).swaps, [], "a convolution has none");
  });

  it("refuses what the engine would reject, with a reason, and leaves the text alone", () => {
    assert.equal(
      apply(seed, { type: "setParam", version: v, index: 1, key: "filters", value: 0 }),
      "refused: conv1: 'filters' must be an integer ≥ 1, got 0",
    );
    assert.equal(
      apply(seed, { type: "setParam", version: v, index: 1, key: "filter", value: 3 }),
      "refused: Conv2D has no parameter 'filter'.",
    );
    assert.equal(apply(seed, { type: "rename", version: v, index: 1, name: "dense" }), "refused: Another layer is already named 'dense'.");
    assert.equal(
      apply(seed, { type: "rename", version: v, index: 1, name: "a/b" }),
      "refused: A layer name must be non-empty and cannot contain '/'.",
    );
    assert.equal(apply(seed, { type: "setInputs", version: v, index: 1, inputs: ["conv1"] }), "refused: conv1 cannot read itself.");
    assert.equal(
      apply(seed, { type: "setInputs", version: v, index: 0, inputs: ["conv1"] }),
      "refused: An Input layer reads no other layer.",
    );
    assert.equal(apply(seed, { type: "addLayer", version: v, layerType: "Conv3D", index: 1 }), "refused: Unknown layer type 'Conv3D'.");
    assert.equal(apply(seed, { type: "deleteLayers", version: v, indices: [42] }), "refused: Those layers no longer exist.");
    // In a Spanish VS Code, the designer shows the refusals in Spanish.
    useLanguage("es");
    try {
      assert.equal(apply(seed, { type: "rename", version: v, index: 1, name: "dense" }), "refused: Ya hay otra capa llamada 'dense'.");
      assert.equal(
        apply(seed, { type: "setInputs", version: v, index: 1, inputs: ["conv1"] }),
        "refused: La capa conv1 no puede leerse a sí misma.",
      );
      assert.equal(apply(seed, { type: "deleteLayers", version: v, indices: [42] }), "refused: Esas capas ya no existen.");
      assert.equal(
        apply(seed, { type: "swapType", version: v, index: 1, layerType: "Flatten" }),
        "refused: conv1 (Conv2D) no se puede sustituir por Flatten.",
      );
    } finally {
      useLanguage("en");
    }
  });

  it("starting from nothing: the skeleton in one click, or brought by the first layer; a non-object is refused", () => {
    assert.equal(apply("", { type: "createSkeleton", version: v }), `{\n  "version": 1,\n  "layers": []\n}\n`);
    const half = `{\n  "name": "mine", // kept\n  "description": "a start"\n}\n`;
    const made = apply(half, { type: "createSkeleton", version: v });
    // A skeleton is a model with no layers yet: a warning that says so, and nothing else.
    assert.deepEqual(
      analyze(made).diagnostics.map((d) => [d.severity, d.code]),
      [["warning", "no-layers"]],
    );
    assert.ok(made.includes('"name": "mine", // kept'), made);
    // A palette click on an empty or half-written file brings the skeleton with the layer.
    for (const start of ["", "{}", half]) {
      const out = apply(start, { type: "addLayer", version: v, layerType: "Input", index: 0 });
      assert.deepEqual(
        analyze(out).layers.map((l) => l.type),
        ["Input"],
        out,
      );
    }
    assert.match(apply("[1]", { type: "createSkeleton", version: v }), /^refused: This file is not a JSON object/);
    assert.match(apply("[1]", { type: "addLayer", version: v, layerType: "Input", index: 0 }), /^refused: .*"layers"/);
    assert.deepEqual(parseWebviewMessage({ type: "reveal", offset: 3, length: 1 }), { type: "reveal", offset: 3, length: 1 });
    assert.equal(parseWebviewMessage({ type: "reveal", offset: -3, length: 1 }), undefined);
    assert.equal(parseWebviewMessage({ type: "addLayer", version: 1, layerType: "Add", index: 0, join: ["a"] }), undefined);
    // The Training panel's first choice starts the whole section.
    const start = { type: "setSetting", version: v, path: ["training"], value: { dataset: { type: "mnist-sample" } } } as const;
    assert.deepEqual(parseWebviewMessage(start), start);
    assert.match(
      apply(seed.replace(/,\s*"training": \{[\s\S]*\}\s*\}\s*$/, "\n}\n"), start),
      /"training": \{\n\s+"dataset": \{ "type": "mnist-sample" \}/,
    );
    assert.equal(parseWebviewMessage({ type: "setSetting", version: v, path: ["layers"], value: [] }), undefined);
  });

  it("messages from the webview are checked: malformed ones are refused, never thrown on", () => {
    assert.deepEqual(parseWebviewMessage({ type: "setParam", version: 3, index: 1, key: "filters", value: 8 }), {
      type: "setParam",
      version: 3,
      index: 1,
      key: "filters",
      value: 8,
    });
    for (const bad of [
      null,
      1,
      "x",
      {},
      { type: "addLayer" },
      { type: "setParam", version: -1, index: 1, key: "k", value: 1 },
      { type: "deleteLayers", version: 1, indices: [] },
      { type: "eval", code: "x" },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
    fc.assert(fc.property(fc.anything(), (x) => void parseWebviewMessage(x)));
  });
});

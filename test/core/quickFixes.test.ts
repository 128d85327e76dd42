import * as assert from "node:assert/strict";
import { analyze, applyEdits, fittingWindow, replaceValue, setLayerProperty } from "../../src/core";

const model = (layer: object, input = [28, 28, 1]) =>
  JSON.stringify({ version: 1, layers: [{ type: "Input", shape: input }, layer, { type: "Flatten" }, { type: "Dense", units: 2 }] });

describe("the engine's did-you-mean for values, and the window that fits", () => {
  it("a misspelt enum value gets its likely value first, with a suggestion the quick fix applies", () => {
    const text = model({ type: "Conv2D", filters: 4, kernelSize: 3, activation: "rellu", padding: "smae" });
    const a = analyze(text);
    const [activation, padding] = a.diagnostics;
    assert.match(activation.message, /'activation' is "rellu" \(a string\); did you mean 'relu'\? \(one of 'linear', 'relu'/);
    assert.equal(activation.suggestion, "relu");
    assert.equal(padding.suggestion, "same");
    let fixed = text;
    for (const d of [padding, activation]) fixed = applyEdits(fixed, replaceValue(fixed, d.path!, d.suggestion)!);
    assert.deepEqual(analyze(fixed).diagnostics, []);
    // Nothing close: no suggestion, the allowed values as before.
    const far = analyze(model({ type: "Conv2D", filters: 4, kernelSize: 3, activation: "quantum" })).diagnostics[0];
    assert.equal(far.suggestion, undefined);
    assert.match(far.message, /must be one of 'linear'/);
  });

  it("a kernel larger than its input shrinks to the input (per axis, dilation counted), and the model is valid again", () => {
    const cases: [object, number[], string, unknown][] = [
      [{ type: "Conv2D", filters: 4, kernelSize: 5 }, [3, 3, 1], "kernelSize", 3],
      [{ type: "Conv2D", filters: 4, kernelSize: [5, 2] }, [3, 8, 1], "kernelSize", [3, 2]],
      [{ type: "Conv2D", filters: 4, kernelSize: 3, dilationRate: 2 }, [4, 4, 1], "kernelSize", 2],
      [{ type: "MaxPooling2D", poolSize: 4 }, [3, 3, 1], "poolSize", 3],
      [{ type: "MaxPooling2D" }, [1, 5, 1], "poolSize", [1, 2]],
    ];
    for (const [layer, input, key, value] of cases) {
      const text = model(layer, input);
      const a = analyze(text);
      const d = a.diagnostics.find((x) => x.code === "shape-collapse");
      assert.ok(d, JSON.stringify(layer));
      const fit = fittingWindow(text, a, d);
      assert.deepEqual([fit?.key, fit?.value], [key, value], JSON.stringify(layer));
      const fixed = applyEdits(text, setLayerProperty(text, 1, fit!.key, fit!.value)!);
      assert.deepEqual(analyze(fixed).diagnostics, [], JSON.stringify(layer));
    }
  });

  it("offers nothing where no window fits (a None axis, or a window already of size 1)", () => {
    const text = model({ type: "Conv2D", filters: 4, kernelSize: 1, strides: 1 }, [1, 1, 1]);
    const a = analyze(text);
    for (const d of a.diagnostics) assert.equal(fittingWindow(text, a, d), undefined);
  });
});

import * as assert from "node:assert/strict";
import { exportPreflight, formatMessage } from "../../src/core";

/** What Export Model… says before it asks for a run and a place: errors in the model, a layer the format cannot hold. */
describe("exportPreflight: refused before a run and a file are asked for", () => {
  const model = (extra: object[]) =>
    JSON.stringify({ version: 1, layers: [{ type: "Input", shape: [16, 16, 3] }, { type: "Resizing", height: 8, width: 8 }, ...extra] });

  it("a model with an error, in every format; a TF.js export of a layer tfjs-layers computes otherwise", () => {
    const bad = model([{ type: "CenterCrop", height: 99, width: 99 }]);
    for (const format of ["keras", "h5", "keras3", "onnx", "pytorch", "tfjs"] as const)
      assert.match(
        formatMessage(exportPreflight(bad, format)!),
        /^the model has 1 error to fix first: .*99×99 window does not fit/,
        format,
      );
    assert.match(formatMessage(exportPreflight(model([]), "tfjs")!), /resizing: tfjs-layers' Resizing and CenterCrop compute otherwise/);
    assert.equal(exportPreflight(model([]), "onnx"), undefined);
    assert.equal(exportPreflight(model([]), "h5"), undefined);
  });
});

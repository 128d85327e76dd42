import * as assert from "node:assert/strict";
import { parseWebviewMessage } from "../../src/extension/webviews/designer/messages";
import type { WebviewMessage } from "../../src/protocol/designer";

/** One well-formed message of every type the designer sends. */
const wellFormed: readonly WebviewMessage[] = [
  { type: "ready" },
  { type: "ping" },
  { type: "swapsFor", version: 3, index: 4 },
  { type: "openAsJson" },
  { type: "clearDiff" },
  { type: "exportDiagram" },
  { type: "reveal", offset: 10, length: 4 },
  { type: "createSkeleton", version: 3 },
  { type: "setSetting", version: 3, path: ["training", "epochs"], value: 5 },
  { type: "pickPath", version: 3, path: ["training", "dataset", "images"], folder: false },
  { type: "addLayer", version: 3, layerType: "Dense", index: 2, branch: true, join: [0, 1] },
  { type: "setParam", version: 3, index: 1, key: "filters", value: 64 },
  { type: "resetParam", version: 3, index: 1, key: "filters" },
  { type: "rename", version: 3, index: 1, name: "conv" },
  { type: "setInputs", version: 3, index: 2, inputs: ["a", "b"] },
  { type: "deleteLayers", version: 3, indices: [1, 2] },
  { type: "moveLayer", version: 3, from: 1, to: 0 },
  { type: "swapType", version: 3, index: 4, layerType: "Flatten" },
  { type: "duplicateLayer", version: 3, index: 1 },
];

describe("designer messages, checked by the host", () => {
  it("takes a well-formed message of every type as it is", () => {
    for (const m of wellFormed) assert.deepEqual(parseWebviewMessage(JSON.parse(JSON.stringify(m))), m, m.type);
  });

  it("drops fields the protocol does not have", () => {
    assert.deepEqual(parseWebviewMessage({ type: "moveLayer", version: 1, from: 0, to: 1, extra: "x" }), {
      type: "moveLayer",
      version: 1,
      from: 0,
      to: 1,
    });
  });

  it("refuses what is not a message, an unknown or inherited type, and every malformed intent", () => {
    const bad: unknown[] = [
      null,
      "ready",
      [{ type: "ready" }],
      {},
      { type: 1 },
      { type: "constructor" },
      { type: "__proto__" },
      { type: "toString" },
      { type: "launchMissiles" },
      { type: "reveal", offset: -1, length: 1 },
      { type: "createSkeleton" },
      { type: "setParam", version: 1, index: 0, key: "filters" },
      { type: "setParam", version: "1", index: 0, key: "filters", value: 1 },
      { type: "addLayer", version: 1, layerType: "Dense", index: 1.5 },
      { type: "addLayer", version: 1, layerType: "Dense", index: 1, join: Array.from({ length: 1001 }, (_, i) => i) },
      { type: "setInputs", version: 1, index: 0, inputs: ["a", ""] },
      { type: "deleteLayers", version: 1, indices: [] },
      { type: "pickPath", version: 1, path: ["name"], folder: true },
      { type: "setSetting", version: 1, path: ["training", "epochs"], value: "x".repeat(100_001) },
      { type: "setSetting", version: 1, path: ["layers", 0], value: 1 },
    ];
    for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m)?.slice(0, 80));
  });
});

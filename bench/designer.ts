/**
 * `npm run bench:designer`: the host part of a designer edit round trip — intent → minimal edit → new text →
 * analysis → the model message — for a 200-layer model, against the peer of a bare `JSON.parse` +
 * `JSON.stringify` of the same text (the least any host would do). Goal: < 5 ms.
 */
import { analyze, applyEdits } from "../src/core";
import { designerModel, editsForIntent } from "../src/extension/webviews/designer/edits";
import type { ModelMessage, WebviewMessage } from "../src/protocol/designer";
import { generateGraph } from "./summary";
import { time } from "./timing";

const layers = generateGraph(200, 64).map(({ inputs, ...rest }, i) =>
  i > 0 && inputs?.length === 1 && inputs[0] === `l${i - 1}` ? rest : { ...rest, inputs },
);
const text = JSON.stringify({ version: 1, name: "bench-200", layers }, null, 2).replace(/\{\n\s+("type"[^{}]*?)\n\s+\}/g, (m) =>
  m.replace(/\s*\n\s*/g, " "),
);
const first = analyze(text, { layerRanges: true });
if (first.diagnostics.some((d) => d.severity === "error")) throw new Error("the generated model is not valid");

/** One round trip: the host turns an intent into edits, applies them, analyses and builds the message. */
function roundTrip(intent: WebviewMessage): ModelMessage {
  const result = editsForIntent(text, first, intent);
  if ("reason" in result) throw new Error(result.reason);
  const next = applyEdits(text, result.edits);
  return designerModel(next, 2, analyze(next, { layerRanges: true }));
}

const intents: [string, WebviewMessage][] = [
  ["set a parameter", { type: "setParam", version: 1, index: 100, key: "filters", value: 32 }],
  ["add a layer", { type: "addLayer", version: 1, layerType: "ReLU", index: 100 }],
  ["delete a layer", { type: "deleteLayers", version: 1, indices: [150] }],
];
const peer = time(() => JSON.stringify(JSON.parse(text)), 200, 20);
console.log(`model: 200 layers, ${(text.length / 1024).toFixed(0)} KiB; peer JSON.parse + JSON.stringify: ${peer.toFixed(3)} ms`);
for (const [what, intent] of intents) {
  const ms = time(() => structuredClone(roundTrip(intent)), 100, 20);
  console.log(`${what}: host round trip ${ms.toFixed(2)} ms (goal < 5 ms), ${(ms / peer).toFixed(1)}x the peer`);
}

/**
 * `npm run bench:summary`: analyse a generated 1,000-layer graph model, and build the same model with
 * tfjs-layers, in one process. Prints how many times faster the engine is, and its time relative to a bare
 * `JSON.parse` of the same text.
 */
import { time } from "./timing";
import { analyze } from "../src/core";
import { buildWithTfjs, initTfjs, type LayerJson } from "../test/helpers/tfjsOracle";

/**
 * A ResNet-like graph of `n` layers on 32×32×`width` inputs: conv / batch-norm / ReLU blocks with residual
 * Adds, and Concatenates followed by 1×1 convs. At width 64 and 1,000 layers it has about as many parameters
 * as ResNet-1001 (He et al., 2016: 10.2 M) — 14.5 M.
 */
export function generateGraph(n: number, width: number): LayerJson[] {
  const layers: LayerJson[] = [{ type: "Input", name: "input", shape: [32, 32, width] }];
  let last = "input";
  let shortcut = "input";
  const push = (l: Omit<LayerJson, "name">) => {
    const name = `l${layers.length}`;
    layers.push({ ...l, name, inputs: l.inputs ?? [last] } as LayerJson);
    last = name;
  };
  for (let block = 0; layers.length < n - 3; block++) {
    push({ type: "Conv2D", filters: width, kernelSize: 3, padding: "same", useBias: false });
    push({ type: "BatchNormalization" });
    push({ type: "ReLU" });
    push({ type: "Conv2D", filters: width, kernelSize: 3, padding: "same" });
    push({ type: block % 4 === 3 ? "Concatenate" : "Add", inputs: [shortcut, last] });
    if (block % 4 === 3) push({ type: "Conv2D", filters: width, kernelSize: 1 });
    shortcut = last;
  }
  while (layers.length < n - 2) push({ type: "ReLU" });
  push({ type: "GlobalAveragePooling2D" });
  push({ type: "Dense", units: 10, activation: "softmax" });
  return layers;
}

/** Measures one model; returns the two ratios. */
function measure(width: number): void {
  const layers = generateGraph(1000, width);
  const text = JSON.stringify({ version: 1, name: "bench-1000", layers }, null, 2);
  const a = analyze(text);
  const errors = a.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || a.layers.length !== 1000) throw new Error(`the generated model is not valid: ${errors[0]?.message}`);
  // The engine first, before tfjs-layers fills the heap with weights.
  const parseMs = time(() => JSON.parse(text), 300, 30);
  const analyzeMs = time(() => analyze(text), 200, 100);
  const tfjsMs = time(() => buildWithTfjs(layers), 3, 1);
  // Both sides must give the same answer for the timings to mean anything.
  const oracle = buildWithTfjs(layers);
  const total = oracle.reduce((n, l) => n + l.trainableParams + l.nonTrainableParams, 0);
  if (total !== a.totals.params) throw new Error(`tfjs-layers counts ${total} parameters, the engine ${a.totals.params}`);
  const params = a.totals.params.toLocaleString("en-US");
  console.log(`\nmodel: ${a.layers.length} layers, width ${width}, ${params} parameters, ${(text.length / 1024).toFixed(0)} KiB of JSON`);
  console.log(
    `JSON.parse: ${parseMs.toFixed(2)} ms · analyze: ${analyzeMs.toFixed(2)} ms · tfjs-layers build: ${tfjsMs.toFixed(1)} ms (medians)`,
  );
  console.log(`summary-vs-tfjs-layers ratio: ${(tfjsMs / analyzeMs).toFixed(0)}`);
  console.log(`analyze-vs-JSON.parse time: ${(analyzeMs / parseMs).toFixed(2)}x`);
}

async function main(): Promise<void> {
  await initTfjs();
  // The headline model: ResNet-1001-sized. tfjs-layers initialises every weight, so its time grows with the
  // parameter count while the engine's does not; the narrow model shows the ratio when weights are few.
  measure(64);
  measure(16);
}

if (require.main === module) void main();

/**
 * `npm run bench:render`: how long the designer webview takes to render a 500-layer model, in Chromium with
 * the fake host of the webview tests: as a stack (a sequential model) and as a graph laid out by elkjs. The
 * peer, in the same page: `JSON.parse` of the same model message, the least any webview does with it.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "jsonc-parser";
import { analyze } from "../src/core";
import type { Page } from "playwright-core";
import { launchBrowser } from "../test/vscode/browser";
import { generateGraph } from "./summary";

const root = join(__dirname, "..", "..");

function message(layers: object[]): object {
  const text = JSON.stringify({ version: 1, layers });
  return {
    type: "model",
    version: 1,
    analysis: analyze(text, { layerRanges: true }),
    written: (parse(text) as { layers: object[] }).layers,
  };
}

/** Sends a model to the page and waits until its cards are on screen; returns the milliseconds. */
async function render(page: Page, m: object): Promise<number> {
  return page.evaluate(async (msg) => {
    const count = (msg as { analysis: { layers: unknown[] } }).analysis.layers.length;
    const t = performance.now();
    (window as unknown as { __send(m: unknown): void }).__send(msg);
    // A stack shows every card; a graph draws those in view and says how many layers it places.
    const done = () =>
      document.querySelector(".graph-mode")
        ? document.querySelector(".graph")?.getAttribute("data-nodes") === String(count)
        : document.querySelectorAll(".stack .card").length === count;
    while (!done()) await new Promise((r) => setTimeout(r, 1));
    await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - t;
  }, m);
}

/** Milliseconds until elkjs' layout of a graph of `count` cards replaces the quick one. */
async function elkDone(page: Page, count: number): Promise<number> {
  return page.evaluate(async (n) => {
    const t = performance.now();
    const done = () =>
      document.querySelector(".graph")?.getAttribute("data-layout") === "elk" &&
      document.querySelector(".graph")?.getAttribute("data-nodes") === String(n);
    while (!done()) await new Promise((r) => setTimeout(r, 1));
    return performance.now() - t;
  }, count);
}

async function main(): Promise<void> {
  // The edit: one Conv2D's activation, as the properties form sends it (no shape changes).
  const activation = (k: number) => (k ? "relu" : "tanh");
  const conv = (act: string) => ({ type: "Conv2D", filters: 8, kernelSize: 3, padding: "same", activation: act });
  const sequential = (k: number) => [
    { type: "Input", shape: [64, 64, 8] },
    ...Array.from({ length: 499 }, (_, i) => (i % 2 ? { type: "ReLU" } : conv(i === 250 ? activation(k) : "relu"))),
  ];
  const graph = (k: number) =>
    generateGraph(500, 8).map((l, i) => (i === 250 && l.type === "Conv2D" ? { ...l, activation: activation(k) } : l));
  const context = await launchBrowser();
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    for (const [what, make] of [
      ["stack (sequential)", sequential],
      ["graph (elkjs)", graph],
    ] as const) {
      await page.goto(pathToFileURL(join(root, "test", "webview", "harness.html")).href);
      const first = await render(page, message(make(1)));
      if (make === graph) await elkDone(page, make(1).length);
      const edits: number[] = [];
      for (let i = 0; i < 7; i++) edits.push(await render(page, { ...message(make(i % 2)), version: i + 2 }));
      const peer = await page.evaluate(
        (json) => {
          const t = performance.now();
          for (let i = 0; i < 10; i++) JSON.parse(json);
          return (performance.now() - t) / 10;
        },
        JSON.stringify(message(make(1))),
      );
      const edit = [...edits].sort((a, b) => a - b)[3];
      console.log(
        `${what}, 500 layers: first render ${first.toFixed(1)} ms; after a one-layer edit ${edit.toFixed(1)} ms (median of 7, to the next frame), ${(edit / peer).toFixed(0)}x JSON.parse of the message (${peer.toFixed(2)} ms)`,
      );
      if (make === sequential) {
        // Structural edits: one more layer each time, in the middle (later auto-named layers change names).
        const added: number[] = [];
        for (let i = 0; i < 7; i++) {
          const layers: object[] = sequential(1);
          layers.splice(250, 0, ...Array.from({ length: i + 1 }, () => ({ type: "ReLU" })));
          added.push(await render(page, { ...message(layers), version: 100 + i }));
        }
        const a = [...added].sort((x, y) => x - y)[3];
        console.log(
          `${what}, 500 layers, a layer added: ${a.toFixed(1)} ms (median of 7, to the next frame), ${(a / peer).toFixed(0)}x JSON.parse`,
        );
      }
      if (make === graph) {
        // Structural edits: one more layer each time, in the middle of a chain.
        const quick: number[] = [];
        const exact: number[] = [];
        for (let i = 0; i < 7; i++) {
          const layers: object[] = graph(1);
          const after = "l249";
          const next = layers[250] as { inputs: string[] };
          layers[250] = { ...next, inputs: next.inputs.map((x) => (x === after ? `extra_${i}` : x)) };
          layers.splice(
            250,
            0,
            ...Array.from({ length: i + 1 }, (_, k) => ({ type: "ReLU", name: `extra_${k}`, inputs: [k ? `extra_${k - 1}` : after] })),
          );
          quick.push(await render(page, { ...message(layers), version: 100 + i }));
          exact.push(await elkDone(page, layers.length));
        }
        const q = [...quick].sort((a, b) => a - b)[3];
        const e = [...exact].sort((a, b) => a - b)[3];
        console.log(
          `${what}, 500 layers, a layer added: drawn with the quick layout in ${q.toFixed(1)} ms (median of 7, to the next frame), ${(q / peer).toFixed(0)}x JSON.parse; elkjs' layout (worker) ${e.toFixed(0)} ms later`,
        );
      }
    }
  } finally {
    await context.close();
  }
}

void main();

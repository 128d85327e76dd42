/**
 * [vscode-surfaces] The designer and the charts webviews show names, types, run labels and metric names as text:
 * with HTML, attribute breakers, Markdown links and `$(icon)` as names, in a graph laid out by elkjs with every
 * card selected (its form, its inputs picker), nothing is injected — in the page or in any shadow root — nothing
 * runs, the webviews' style policy is never violated, and each name reads exactly as written.
 */
import * as assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { analyze } from "../../src/core";
import { designerModel } from "../../src/extension/webviews/designer/edits";
import type { ChartsHostMessage } from "../../src/protocol/charts";
import type { ModelMessage } from "../../src/protocol/designer";
import { launchBrowser } from "../vscode/browser";

const root = join(__dirname, "..", "..", "..");

/** Names that would be markup somewhere: every injected element carries the class `inj`, every script sets `__pwned`. */
export const markupNames = [
  "<img class=inj src=x onerror=window.__pwned=1>",
  '" onmouseover="window.__pwned=2" class="inj',
  "<svg class=inj onload=window.__pwned=3>",
  "[click](command:workbench.action.terminal.new)",
  "$(bug) <b class=inj>bold",
  "<style class=inj>*{display:none}<style>",
  "![x](https:evil.example) &lt;b&gt;",
  `'"><iframe class=inj srcdoc="&lt;script&gt;parent.__pwned=4&lt;&#47;script&gt;">`,
];

/** A graph model whose layers bear those names: a branch and an Add, so that elkjs lays it out with labelled edges. */
function hostileModel(): string {
  const [a, b, c, d, e, f, g, h] = markupNames;
  return JSON.stringify({
    version: 1,
    name: markupNames[0],
    layers: [
      { type: "Input", name: a, shape: [8, 8, 3] },
      { type: "Conv2D", name: b, filters: 4, kernelSize: 3, padding: "same", inputs: [a] },
      { type: "Conv2D", name: c, filters: 4, kernelSize: 3, padding: "same", inputs: [a] },
      { type: "Add", name: d, inputs: [b, c] },
      { type: "ReLU", name: e, inputs: [d] },
      { type: "GlobalAveragePooling2D", name: f, inputs: [e] },
      { type: "Dense", name: g, units: 3, inputs: [f] },
      { type: "Dense", name: h, units: 2, inputs: [g] },
    ],
  });
}

/** Elements marked `inj` anywhere, shadow roots included; and whether a payload ran. */
function injected(page: Page): Promise<{ elements: number; pwned: unknown; violations: string[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { __pwned?: unknown; __violations: string[] };
    let elements = 0;
    const walk = (root: Document | ShadowRoot) => {
      elements += root.querySelectorAll(".inj, [onerror], [onload], [onmouseover], iframe").length;
      for (const el of root.querySelectorAll("*")) if (el.shadowRoot) walk(el.shadowRoot);
    };
    walk(document);
    return { elements, pwned: w.__pwned, violations: w.__violations };
  });
}

describe("[vscode-surfaces] webviews show hostile names as text", () => {
  let context: BrowserContext;
  let page: Page;
  const harness = (bundle: string) => `${pathToFileURL(join(root, "test", "webview", "harness.html")).href}?bundle=${bundle}`;
  const send = (m: unknown) => page.evaluate((msg) => (window as unknown as { __send(m: unknown): void }).__send(msg), m);

  before(async () => {
    context = await launchBrowser();
    page = context.pages()[0] ?? (await context.newPage());
  });
  after(() => context?.close());

  it("[vscode-surfaces] the designer: cards, forms, the inputs picker and elkjs' edges inject and run nothing", async () => {
    await page.goto(harness("designer"));
    await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    const text = hostileModel();
    const message: ModelMessage = designerModel(text, 1, analyze(text, { layerRanges: true }));
    await send(message);
    await page.locator(".card").first().waitFor();
    assert.deepEqual(await page.locator(".card .card-name").allTextContents(), markupNames, "each name reads as written");
    for (let i = 0; i < markupNames.length; i++) {
      const card = page.locator(".card").nth(i);
      await card.scrollIntoViewIfNeeded();
      await card.hover();
      await card.click();
      await page.locator(".properties h2").waitFor();
      if (i > 0 && (await page.locator("#field-inputs").count())) await page.locator("#field-inputs").click();
      await page.keyboard.press("Escape");
    }
    // elkjs' layout arrives from its worker: wait for the edges, then look again.
    await page.locator(".graph[data-layout='elk']").waitFor({ timeout: 30_000 });
    assert.equal(await page.locator(".graph path.edge").count(), 8, "every connection drawn");
    assert.deepEqual(await injected(page), { elements: 0, pwned: undefined, violations: [] });
  });

  it("[vscode-surfaces] the charts: run labels and metric names inject and run nothing", async () => {
    await page.goto(harness("charts"));
    await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    const metric = markupNames[0];
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ epoch: i + 1, loss: 1 / (i + 1), accuracy: 0.5, [metric]: 0.25 }));
    const runs: ChartsHostMessage = {
      type: "runs",
      runs: markupNames.slice(0, 3).map((label, k) => ({ id: `/runs/${k}`, label, batches: [], epochs: rows(3), live: false })),
    };
    await send(runs);
    await page.locator("table").first().waitFor();
    const shown = await page.evaluate(() => document.body.innerText);
    for (const label of markupNames.slice(0, 3)) assert.ok(shown.includes(label), `the label ${label} is shown as text`);
    assert.ok(shown.includes(metric), "the metric name is shown as text");
    assert.deepEqual(await injected(page), { elements: 0, pwned: undefined, violations: [] });
  });
});

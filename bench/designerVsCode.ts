/**
 * `npm run bench:vscode`: the designer in a real VS Code (code-server, the packaged .vsix, headless Chromium),
 * timed inside the webview from the user's action to the frame painted after the answer:
 * - a palette click → the new card painted (the host applies the edit, analyses, answers; the webview renders);
 * - a property edit's round trip (the form's Enter → the changed card painted);
 * - Fit on ResNet-50 (177 layers, a graph) → every card painted.
 * The peer, in the same webview: a ping to the extension host answered at once (the transport alone, the least
 * any designer's message costs). Goals: palette click p50 < 100 ms, round trip p50 < 50 ms, Fit < 1 s.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FrameLocator, Page } from "playwright-core";
import { launchBrowser } from "../test/vscode/browser";
import { packageExtension, repoRoot, startCodeServer } from "../test/vscode/codeServer";
import { extensionReady, quickOpen, webview } from "../test/ui/helpers";
import { median } from "./timing";

const runs = Number(process.env.RUNS ?? 15);
/** Milliseconds between two actions. */
const pace = 200;

/** Opens a model of the workspace in the designer; the designer's frame once it shows `selector`. */
async function openDesigner(page: Page, name: string, selector: string): Promise<FrameLocator> {
  await quickOpen(page, name);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first().waitFor();
  await page.keyboard.press("Enter");
  await page.locator(".tab.active", { hasText: name }).waitFor();
  return webview(page, selector);
}

/** Milliseconds in the data attribute `attr` of the designer's #app once `act` has run and it is set again. */
async function timed(designer: FrameLocator, attr: string, act: () => Promise<void>): Promise<number> {
  // At a person's pace: the previous action's edit has landed in the document (a quicker one would queue).
  await new Promise((r) => setTimeout(r, pace));
  await act();
  const app = designer.locator(`#app[${attr}]`);
  await app.waitFor({ state: "attached", timeout: 30_000 });
  return Number(await app.getAttribute(attr));
}

/** The transport's round trip: `runs` pings. */
async function pings(designer: FrameLocator): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++)
    out.push(
      await timed(designer, "data-ping-ms", () =>
        designer.locator("#app").evaluate(() => void window.dispatchEvent(new Event("cnn-designer-ping"))),
      ),
    );
  return out;
}

function report(what: string, samples: number[], peer: number, goal: number): void {
  const p50 = median(samples);
  const sorted = [...samples].sort((a, b) => a - b);
  const p90 = sorted[Math.floor(sorted.length * 0.9)];
  console.log(
    `${what}: p50 ${p50.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms over ${samples.length} (goal < ${goal} ms) — ${(p50 / peer).toFixed(1)}x the ping`,
  );
}

async function main(): Promise<void> {
  const vsix = packageExtension(mkdtempSync(join(tmpdir(), "cnn-bench-")));
  const server = await startCodeServer(vsix, join(repoRoot, "examples"));
  const context = await launchBrowser();
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server.origin}/?folder=${encodeURIComponent(server.workspace)}`);
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "pooling-gap.cnn.json" }).waitFor({ timeout: 60_000 });
    await extensionReady(page);

    // A sequential model: palette clicks after the selected layer, then a property edit.
    const designer = await openDesigner(page, "pooling-gap.cnn.json", ".stack .card");
    await pings(designer); // warm-up
    const ping = median(await pings(designer));
    console.log(`peer — ping to the extension host and back, painted: p50 ${ping.toFixed(1)} ms`);
    await designer.locator(".card", { hasText: "conv1" }).click();
    const clicks: number[] = [];
    for (let i = 0; i < runs + 3; i++) {
      const type = i % 2 ? "ReLU" : "Dropout";
      const ms = await timed(designer, "data-round-trip-ms", () => designer.locator(`.palette-entry[data-type='${type}']`).click());
      if (i >= 3) clicks.push(ms);
    }
    report("palette click → new card painted", clicks, ping, 100);

    await designer.locator(".card", { hasText: "conv1" }).click();
    const filters = designer.locator("#field-filters input");
    const edits: number[] = [];
    for (let i = 0; i < runs + 3; i++) {
      const ms = await timed(designer, "data-round-trip-ms", async () => {
        await filters.fill(String(i % 2 ? 64 : 96));
        await filters.press("Enter");
      });
      if (i >= 3) edits.push(ms);
    }
    report("property edit → card painted (round trip)", edits, ping, 50);

    // A 177-layer graph: Fit from 100 %, timed from the click to the frame after every card is drawn.
    const graph = await openDesigner(page, "resnet50.cnn.json", ".graph");
    await graph.locator(".graph[data-layout='elk']").waitFor({ timeout: 60_000 });
    const fits: number[] = [];
    for (let i = 0; i < Math.min(runs, 7) + 1; i++) {
      await graph.locator(".stack").press("0");
      const ms = await graph.locator("#app").evaluate(
        () =>
          new Promise<number>((done) => {
            const t = performance.now();
            (document.querySelector(".zoom-fit") as HTMLElement).click();
            requestAnimationFrame(() => setTimeout(() => done(performance.now() - t), 0));
          }),
      );
      const drawn = await graph.locator(".graph > .card").count();
      if (drawn !== 177) throw new Error(`Fit drew ${drawn} of 177 cards`);
      if (i > 0) fits.push(ms);
    }
    report("Fit on ResNet-50 (177 layers) → all painted", fits, ping, 1000);
  } finally {
    await context.close();
    await server.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

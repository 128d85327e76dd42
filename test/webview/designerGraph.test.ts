import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "jsonc-parser";
import type { Page } from "playwright-core";
import { analyze } from "../../src/core";
import { designerSession, modelMessage, sendToWebview } from "./harness";

const root = join(__dirname, "..", "..", "..");
const seed = readFileSync(join(root, "examples", "pooling-gap.cnn.json"), "utf8");

/** The designer webview, continued: the graph, zoom, the keyboard, live training and accessibility. */
describe("designer webview (real Chromium, fake host)", () => {
  const session = designerSession(seed);
  const posted = () => session.posted();
  let page: Page;
  before(() => (page = session.page));

  it("draws a graph with elkjs: branches and merges visible, edges labelled with tensor shapes", async () => {
    // A window tall enough for the whole graph: every card drawn.
    await page.setViewportSize({ width: 1400, height: 5000 });
    const resnet = readFileSync(join(root, "examples", "small-resnet.cnn.json"), "utf8");
    const message = modelMessage(resnet, 2);
    await sendToWebview(page, message);
    const layers = message.analysis.layers;
    await page.locator(".graph[data-layout='elk']").waitFor();
    assert.equal(await page.locator(".graph .card").count(), layers.length);
    const connections = layers.reduce((n, l) => n + l.inputs.length, 0);
    assert.equal(await page.locator(".graph path.edge").count(), connections);
    const labels = await page.locator(".graph .edge-label").allTextContents();
    assert.ok(labels.includes("(None, 32, 32, 16)"), labels.join(" | "));
    assert.ok(labels.includes("(None, 16, 16, 32)"));
    // A merge sits below both of its inputs.
    const top = async (name: string) =>
      Number(
        (
          await page
            .locator(".graph .card", { has: page.locator(".card-name", { hasText: new RegExp(`^${name}$`) }) })
            .getAttribute("style")
        )?.match(/top: (\d+)/)?.[1],
      );
    assert.ok((await top("b3_add")) > (await top("b3_shortcut_bn")));
    assert.ok((await top("b3_add")) > (await top("b3_bn2")));
    await page.setViewportSize({ width: 1400, height: 2000 });
    await page.screenshot({ path: join(root, "out", "screenshots", "designer-graph.png") });
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it("zooms a graph: Fit shows all of ResNet-50, + and − step, Ctrl+wheel zooms; cards are as wide as the longest label", async () => {
    const text = readFileSync(join(root, "examples", "resnet50.cnn.json"), "utf8");
    const send = (m: unknown) => sendToWebview(page, m);
    await send(modelMessage(text, 2));
    await page.locator(".graph[data-layout='elk']").waitFor({ timeout: 60_000 });
    assert.equal(await page.locator(".zoom-fit").isVisible(), true, "zoom controls show for a graph");
    const layers = analyze(text).layers;
    assert.equal(await page.locator(".graph").getAttribute("data-nodes"), String(layers.length));
    // Fit: the whole graph in the viewport, every card drawn; timed from the click to the frame after it.
    const ms = await page.evaluate(
      () =>
        new Promise<number>((done) => {
          const t0 = performance.now();
          (document.querySelector(".zoom-fit") as HTMLElement).click();
          requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
        }),
    );
    console.log(`      fit-to-view of ResNet-50 (${layers.length} layers): ${ms.toFixed(0)} ms`);
    const zoomed = Number(await page.locator(".stack").getAttribute("data-zoom"));
    assert.ok(zoomed < 0.5, `zoom ${zoomed}`);
    assert.equal(await page.locator(".graph .card").count(), layers.length, "every card drawn when all is in view");
    const stack = await page.locator(".stack").boundingBox();
    const graph = await page.locator(".graph").boundingBox();
    assert.ok(
      graph!.height <= stack!.height + 1 && graph!.width <= stack!.width + 1,
      `the graph fits the viewport: ${JSON.stringify([graph, stack])}`,
    );
    await page.locator(".zoom-in").click();
    assert.ok(Math.abs(Number(await page.locator(".stack").getAttribute("data-zoom")) - zoomed * 1.25) < 0.011);
    await page.locator(".stack").focus();
    await page.keyboard.press("0");
    assert.equal(await page.locator(".stack").getAttribute("data-zoom"), "1.00");
    await page.locator(".stack").hover();
    await page.keyboard.down("Control");
    await page.mouse.wheel(0, 100);
    await page.keyboard.up("Control");
    assert.equal(await page.locator(".stack").getAttribute("data-zoom"), "0.80");
    // The longest label fits its card.
    const widest = await page
      .locator(".graph .card .card-title")
      .evaluateAll((els) => els.every((e) => e.scrollWidth <= e.clientWidth + 1));
    assert.ok(widest, "no card title overflows");
  });

  it("a structural edit of ResNet-50 is drawn at once (quick layout), then elkjs' layout follows for the last of a burst", async () => {
    const layers = (parse(readFileSync(join(root, "examples", "resnet50.cnn.json"), "utf8")) as { layers: object[] }).layers;
    /** ResNet-50 with `n` more activations in its chains (each takes the layer before it as its input). */
    const withExtra = (n: number) => {
      const l = [...layers];
      for (let i = 0; i < n; i++) l.splice(20 + i * 30, 0, { type: "Activation", name: `extra_${i}`, activation: "relu" });
      return modelMessage(JSON.stringify({ version: 1, layers: l }), n + 2);
    };
    const send = (m: unknown) => sendToWebview(page, m);
    await send(withExtra(0));
    await page.locator(".graph[data-layout='elk']").waitFor({ timeout: 60_000 });
    // Every graph drawn from now on: its layout and how many layers it places.
    await page.evaluate(() => {
      const drawn: [string | null, string | null][] = [];
      (window as unknown as { __drawn: typeof drawn }).__drawn = drawn;
      new MutationObserver(() => {
        const g = document.querySelector(".graph");
        const now: [string | null, string | null] = [g?.getAttribute("data-layout") ?? null, g?.getAttribute("data-nodes") ?? null];
        if (drawn.at(-1)?.join() !== now.join()) drawn.push(now);
      }).observe(document.querySelector(".stack")!, { childList: true, subtree: true, attributeFilter: ["data-layout", "data-nodes"] });
    });
    const burst = [1, 2, 3, 4].map(withExtra);
    // Each edit is on screen when the message handler returns: the cards in view (not all: the graph is drawn
    // where it is seen), each below its inputs, none overlapping.
    const shown = await page.evaluate((messages) => {
      return messages.map((m) => {
        (window as unknown as { __send(m: unknown): void }).__send(m);
        const graph = document.querySelector(".graph");
        const at = new Map(
          [...document.querySelectorAll<HTMLElement>(".graph .card")].map((c) => [
            c.querySelector(".card-name")?.textContent ?? "",
            { top: parseFloat(c.style.top), left: parseFloat(c.style.left) },
          ]),
        );
        const inputsAbove = m.analysis.layers.every((l) =>
          l.inputs.every((i) => !at.has(i) || !at.has(l.name) || at.get(i)!.top < at.get(l.name)!.top),
        );
        const spots = new Set([...at.values()].map((p) => `${p.top},${p.left}`));
        return {
          layout: graph?.getAttribute("data-layout"),
          nodes: Number(graph?.getAttribute("data-nodes")),
          drawn: at.size > 5 && at.size < 60,
          inputsAbove,
          overlaps: at.size - spots.size,
        };
      });
    }, burst);
    shown.forEach((s, i) =>
      assert.deepEqual(s, { layout: "quick", nodes: layers.length + i + 1, drawn: true, inputsAbove: true, overlaps: 0 }),
    );
    await page.locator(`.graph[data-layout='elk'][data-nodes='${layers.length + 4}']`).waitFor({ timeout: 60_000 });
    // elkjs laid out only what was still current: no graph of an older edit replaced the last one's.
    const drawn = await page.evaluate(() => (window as unknown as { __drawn: [string, string][] }).__drawn);
    assert.deepEqual(
      drawn.filter(([layout]) => layout === "elk"),
      [["elk", String(layers.length + 4)]],
    );
    // Scrolling draws what comes into view: the last layer at the bottom, and the first no longer.
    await page.locator(".stack").evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.locator(".graph .card", { has: page.locator(".card-name", { hasText: /^predictions$/ }) }).waitFor();
    await page.locator(".graph .card", { has: page.locator(".card-name", { hasText: /^input_1$/ }) }).waitFor({ state: "detached" });
    // Home selects the first layer, out of view: it is drawn and scrolled into view.
    await page.locator(".graph .card").first().click();
    await page.keyboard.press("Home");
    const first = page.locator(".graph .card.selected", { has: page.locator(".card-name", { hasText: /^input_1$/ }) });
    await first.waitFor();
    const [card, view] = await Promise.all([first.boundingBox(), page.locator(".stack").boundingBox()]);
    assert.ok(card && view && card.y >= view.y && card.y + card.height <= view.y + view.height, "the selected card is in view");
  });

  it("keyboard: arrows select, Alt+arrows move, Delete deletes; marks errors; follows a new model", async () => {
    await page.locator(".card", { hasText: "conv2d" }).first().click();
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.locator(".card.selected .card-name").textContent(), "conv2d");
    await page.keyboard.press("Alt+ArrowUp");
    assert.deepEqual((await posted()).at(-1), { type: "moveLayer", version: 1, from: 2, to: 1 });
    await page.keyboard.press("Delete");
    assert.deepEqual((await posted()).at(-1), { type: "deleteLayers", version: 1, indices: [1] });
    const broken = seed.replace('"shape": [32, 32, 3]', '"shape": [5, 5, 3]');
    await sendToWebview(page, modelMessage(broken, 2));
    await page.locator(".card.error", { hasText: "3×3 kernel with padding 'valid' needs at least 3×3 input, gets 1×1" }).waitFor();
    await page.evaluate(() =>
      (window as unknown as { __send(m: unknown): void }).__send({
        type: "rejected",
        reason: "The model changed before that edit arrived; try again.",
      }),
    );
    await page.locator(".notice", { hasText: "try again" }).waitFor();
  });

  it("shows the model's training live under the layers: loss and accuracy per batch and per epoch", async () => {
    const send = (m: unknown) => sendToWebview(page, m);
    assert.equal(await page.locator(".training").isVisible(), false, "no section before a run");
    await send({ type: "runs", runs: [{ id: "r", label: "pooling-demo · 2026-11-30T01-00-00", batches: [], epochs: [], live: true }] });
    // Collapsed under the layers (the Training Charts panel shows the same, larger); its line keeps the latest figures.
    await page.locator(".training summary").waitFor();
    assert.equal(await page.locator(".training .title").isVisible(), false);
    for (let b = 1; b <= 4; b++)
      await send({ type: "append", id: "r", kind: "batch", row: { epoch: 1, batch: b, loss: 1 / b, accuracy: 0.2 * b } });
    assert.equal(await page.locator(".training summary").textContent(), "Training — epoch 1, batch 4 · loss 0.2500");
    await page.locator(".training summary").click();
    await page.locator(".training .title", { hasText: "pooling-demo · 2026-11-30T01-00-00 — training" }).waitFor();
    await send({ type: "append", id: "r", kind: "epoch", row: { epoch: 1, loss: 0.5, accuracy: 0.5, val_loss: 0.6, val_accuracy: 0.45 } });
    await send({ type: "ended", id: "r" });
    await page.locator(".training .title", { hasText: /^pooling-demo · 2026-11-30T01-00-00$/ }).waitFor();
    assert.equal(await page.locator(".training .chart canvas").count(), 4);
    assert.equal(
      await page.locator(".training .chart[data-chart='epochAccuracy'] .uplot").getAttribute("aria-label"),
      "Accuracy per epoch: training, validation",
    );
    // The designer keeps working beside it.
    assert.equal(await page.locator(".card").count(), 6);
  });

  it("accessibility: named controls, one tab stop per region, and the current layer announced", async () => {
    /** The focused element, followed into shadow roots: its tag and accessible label. */
    const focused = () =>
      page.evaluate(() => {
        let a = document.activeElement;
        while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
        return `${a?.tagName.toLowerCase()}${a?.className ? "." + a.className.split(" ")[0] : ""} ${a?.getAttribute("aria-label") ?? ""}`.trim();
      });
    await page.locator(".card", { hasText: "conv1" }).click();
    await page.locator("#field-filters").waitFor();
    // Every form control is read with its parameter name (the inner inputs live in shadow roots).
    const tree = await page.locator(".properties").ariaSnapshot();
    for (const named of [
      'textbox "name"',
      'textbox "filters"',
      'textbox "strides"',
      'combobox "padding"',
      'combobox "activation"',
      'checkbox "useBias"',
    ])
      assert.ok(tree.includes(named), `${named} in\n${tree}`);
    // Tab: search → the palette (one stop, whatever its length) → the layers → the sash (arrows resize) → the form.
    await page.locator(".palette-filter").focus();
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press("Tab");
      order.push(await focused());
    }
    assert.deepEqual(order, [
      "button.palette-entry",
      "main.stack Layers",
      "div.sash Properties pane width",
      "input name",
      "div.select-face inputs",
    ]);
    // Arrows move within the palette; Enter adds the focused entry.
    await page.locator(".palette-entry").first().focus();
    // The palette's order (Input, the preprocessing layers, Conv1D, Conv2D…): arrows walk it to Conv2D.
    const entries = await page.$$eval(".palette-entry", (es) => es.map((e) => (e as HTMLElement).dataset.type));
    for (let i = 0; i < entries.indexOf("Conv2D"); i++) await page.keyboard.press("ArrowDown");
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.type), "Conv2D");
    await page.keyboard.press("End");
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.type), "Softmax");
    await page.keyboard.press("Enter");
    assert.deepEqual((await posted()).at(-1), { type: "addLayer", version: 1, layerType: "Softmax", index: 2 });
    // The listbox keeps the focus; aria-activedescendant names the current card, whose label says it all.
    await page.locator(".stack").focus();
    await page.keyboard.press("End");
    const active = await page.locator(".stack").getAttribute("aria-activedescendant");
    assert.equal(
      await page.locator(`#${active}`).getAttribute("aria-label"),
      "dense, Dense, (None, 10) · 1,290 params · receptive field 32×32",
    );
    await page.keyboard.press("Home");
    assert.equal(await page.locator(".stack").getAttribute("aria-activedescendant"), "layer-card-0");
  });
});

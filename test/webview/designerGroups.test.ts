/**
 * Models used as layers (an import's `"group"`) in the designer: folded into one card by default — the model's
 * name, its layers' count, summed parameters, frozen when every layer is —, unfolded by a click, folded again by
 * the chip on any of its layers; a selected layer's group unfolds; the choice is kept in the view state.
 */
import * as assert from "node:assert/strict";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { designerSession, modelMessage, sendToWebview } from "./harness";

const root = join(__dirname, "..", "..", "..");

const chain = JSON.stringify({
  version: 1,
  name: "transfer",
  layers: [
    { type: "Input", name: "image", shape: [12, 12, 3] },
    { type: "Conv2D", name: "base.conv", group: "base", trainable: false, filters: 8, kernelSize: 3, padding: "same" },
    { type: "BatchNormalization", name: "base.bn", group: "base", trainable: false },
    { type: "GlobalAveragePooling2D", name: "gap" },
    { type: "Dense", name: "head", units: 5, activation: "softmax" },
  ],
});

/** A graph: the group feeds two branches that merge. */
const graph = JSON.stringify({
  version: 1,
  layers: [
    { type: "Input", name: "image", shape: [12, 12, 3] },
    { type: "Conv2D", name: "base.a", group: "base", filters: 4, kernelSize: 3, padding: "same" },
    { type: "Conv2D", name: "base.b", group: "base", filters: 4, kernelSize: 3, padding: "same" },
    { type: "Conv2D", name: "left", inputs: ["base.b"], filters: 4, kernelSize: 1 },
    { type: "Conv2D", name: "right", inputs: ["base.b"], filters: 4, kernelSize: 3, padding: "same" },
    { type: "Add", name: "sum", inputs: ["left", "right"] },
  ],
});

describe("designer webview: models used as layers fold into one card (real Chromium, fake host)", () => {
  const session = designerSession(chain);
  let page: Page;
  before(() => (page = session.page));
  const names = () => page.locator(".card .card-name").allTextContents();

  it("a group starts folded: one card with its name, layers, summed parameters and frozen; a click unfolds it", async () => {
    await page.locator(".group-card").waitFor();
    assert.deepEqual(await names(), ["image", "▸ base", "gap", "head"]);
    const card = page.locator(".group-card");
    // Conv2D 3·3·3·8 + 8 = 224, BatchNormalization 4·8 = 32 (16 trainable if it were not frozen).
    assert.equal(await card.locator(".card-type").textContent(), "Model · 2 layers · frozen");
    assert.equal(await card.locator(".card-shape").textContent(), "(None, 12, 12, 8) · 256 params");
    assert.match((await card.getAttribute("aria-label")) ?? "", /^base, a model of 2 layers, frozen, .*activate to expand$/);
    await page.screenshot({ path: join(root, "out", "screenshots", "designer-group-folded.png") });
    await card.click();
    await page.locator(".card-group").first().waitFor();
    assert.deepEqual(await names(), ["image", "base.conv", "base.bn", "gap", "head"]);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __state: { expandedGroups?: string[] } }).__state.expandedGroups), [
      "base",
    ]);
  });

  it("the chip on a layer of the group folds it again; selecting a layer inside unfolds it", async () => {
    await page.locator(".group-card").click();
    await page.locator(".card-group").first().click();
    await page.locator(".group-card").waitFor();
    assert.deepEqual(await names(), ["image", "▸ base", "gap", "head"]);
    // Arrow keys from the input move to base.conv, which is inside: the group unfolds to show it selected.
    await page.locator(".card", { hasText: "image" }).first().click();
    await page.keyboard.press("ArrowDown");
    await page.locator(".card.selected .card-name", { hasText: "base.conv" }).waitFor();
    assert.equal(await page.locator(".group-card").count(), 0);
  });

  it("in a graph, the folded group is one node whose edges go to both branches", async () => {
    await sendToWebview(page, modelMessage(graph, 3));
    await page.locator(".graph[data-layout='elk'] .group-card").waitFor();
    assert.equal(await page.locator(".graph .card").count(), 5);
    // Edges: base ← image, left ← base, right ← base, sum ← left and right.
    assert.equal(await page.locator(".graph path.edge").count(), 5);
    await page.locator(".graph .group-card").click();
    await page.locator(".graph .card", { hasText: "base.b" }).first().waitFor();
    assert.equal(await page.locator(".graph .card").count(), 6);
    await page.screenshot({ path: join(root, "out", "screenshots", "designer-group-graph.png") });
  });
});

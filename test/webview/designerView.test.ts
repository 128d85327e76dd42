import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { analyze } from "../../src/core";
import { launchBrowser } from "../vscode/browser";
import { modelMessage, openDesignerHarness, sendToWebview } from "./harness";

const root = join(__dirname, "..", "..", "..");
const example = (name: string) => readFileSync(join(root, "examples", name), "utf8");
const message = modelMessage;

describe("designer webview: the room the model gets, and refusals at the form (real Chromium, fake host)", () => {
  let context: BrowserContext;
  let page: Page;
  const send = (m: unknown) => sendToWebview(page, m);
  const state = () => page.evaluate(() => (window as unknown as { __state: Record<string, unknown> }).__state);
  const width = async (selector: string) => (await page.locator(selector).boundingBox())!.width;

  before(async () => {
    context = await launchBrowser();
    page = context.pages()[0] ?? (await context.newPage());
  });
  after(() => context?.close());

  beforeEach(() => openDesignerHarness(page));

  it("the sash resizes the properties pane by mouse and keyboard, within bounds, and the width is kept", async () => {
    await send(message(example("pooling-gap.cnn.json")));
    await page.locator(".card").first().waitFor();
    const sash = page.locator(".sash");
    assert.equal(await sash.getAttribute("role"), "separator");
    const before = await width(".properties");
    assert.ok(Math.abs(before - 280) <= 1, `default width ${before}`);
    // Dragged 150 px to the left: the pane widens by as much, the layers narrow.
    const box = (await sash.boundingBox())!;
    const stackBefore = await width(".stack");
    await page.mouse.move(box.x + 2, box.y + 100);
    await page.mouse.down();
    await page.mouse.move(box.x - 148, box.y + 100, { steps: 5 });
    await page.mouse.up();
    assert.ok(Math.abs((await width(".properties")) - 430) <= 1, `dragged: ${await width(".properties")}`);
    assert.ok(Math.abs(stackBefore - (await width(".stack")) - 150) <= 2);
    assert.equal((await state()).propertiesWidth, 430);
    // Far right: no narrower than its minimum. Keys: arrows step by 10, Home widest.
    await page.mouse.move(box.x - 148, box.y + 100);
    await page.mouse.down();
    await page.mouse.move(box.x + 800, box.y + 100, { steps: 3 });
    await page.mouse.up();
    assert.equal(await sash.getAttribute("aria-valuenow"), "180");
    await sash.focus();
    await page.keyboard.press("ArrowLeft");
    assert.equal(await sash.getAttribute("aria-valuenow"), "190");
    await page.keyboard.press("Home");
    assert.equal(await sash.getAttribute("aria-valuenow"), "720");
    await sash.dblclick();
    assert.equal(await sash.getAttribute("aria-valuenow"), "280");
    // A designer shown again keeps the width it was given.
    await page.evaluate(() => sessionStorage.setItem("harness-state", JSON.stringify({ selected: [], filter: "", propertiesWidth: 333 })));
    await page.reload();
    await send(message(example("pooling-gap.cnn.json")));
    await page.locator(".card").first().waitFor();
    assert.ok(Math.abs((await width(".properties")) - 333) <= 1);
  });

  it("an overview shows a graph larger than its view; a click on it scrolls there; it hides when all fits", async () => {
    // A sequential model has none.
    await send(message(example("pooling-gap.cnn.json")));
    await page.locator(".card").first().waitFor();
    assert.equal(await page.locator(".overview").isVisible(), false);
    // A view as narrow as a 1,400-pixel window leaves beside the palette and the properties.
    const size = page.viewportSize();
    await page.setViewportSize({ width: 1060, height: size?.height ?? 800 });
    await send(message(example("resnet50.cnn.json"), 2));
    await page.locator(".graph[data-layout='elk']").waitFor({ timeout: 60_000 });
    const overview = page.locator(".overview");
    await overview.waitFor();
    const box = (await overview.boundingBox())!;
    const stack = (await page.locator(".stack").boundingBox())!;
    assert.ok(box.height > 3 * box.width, `ResNet-50 is tall: ${JSON.stringify(box)}`);
    // In a column of its own beside the scrolling view, as tall as the view at most.
    assert.ok(box.height <= stack.height && box.x >= stack.x + stack.width - 1, `beside the view: ${JSON.stringify([box, stack])}`);
    // No card shows under it, wherever the graph is scrolled: the scrolling view ends before its column. (The
    // parts of cards scrolled out of view are clipped by the view, so each card counts as far as it is visible.)
    await page.locator(".stack").evaluate((st) => (st.scrollLeft = st.scrollWidth));
    const cards = await page.locator(".graph > .card").evaluateAll((all) => {
      const view = document.querySelector(".stack")!.getBoundingClientRect();
      return all.map((c) => {
        const r = c.getBoundingClientRect();
        const [x, y] = [Math.max(r.x, view.x), Math.max(r.y, view.y)];
        const [right, bottom] = [Math.min(r.right, view.right), Math.min(r.bottom, view.bottom)];
        return { x, y, width: Math.max(0, right - x), height: Math.max(0, bottom - y) };
      });
    });
    const under = cards.filter(
      (c) =>
        c.width > 0 &&
        c.height > 0 &&
        c.x < box.x + box.width &&
        c.x + c.width > box.x &&
        c.y < box.y + box.height &&
        c.y + c.height > box.y,
    );
    assert.equal(under.length, 0, `cards under the overview: ${JSON.stringify(under.slice(0, 2))}`);
    // Its pixels: blocks drawn (not a blank canvas).
    const inked = await overview.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n / (c.width * c.height);
    });
    assert.ok(inked > 0.5, `drawn: ${inked}`);
    // A click near its bottom scrolls the graph down there, and the overview slides with it: clicks at its bottom
    // bring the graph's end into view, the last layer's card drawn there.
    const scrollTop = () => page.locator(".stack").evaluate((s) => s.scrollTop);
    assert.equal(await scrollTop(), 0);
    const last = page.locator(`.graph > .card[data-index="${analyze(example("resnet50.cnn.json")).layers.at(-1)!.index}"]`);
    for (let click = 0; click < 12 && !(await last.isVisible()); click++) {
      const before = await scrollTop();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height - 3);
      await page.waitForFunction((top) => document.querySelector(".stack")!.scrollTop > top, before);
      await page.waitForTimeout(50);
    }
    assert.ok(await last.isVisible(), "the last layer is in view");
    // Dragged to the top: back at the start.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + 2, { steps: 30 });
    await page.mouse.up();
    await page.locator('.graph > .card[data-index="0"]').waitFor();
    // Fit: all of it in view, no overview needed.
    await page.locator(".zoom-fit").click();
    await overview.waitFor({ state: "hidden" });
    // Zooming out stops at half the level that shows it all (no speck); the level is shown.
    const fit = Number(await page.locator(".stack").getAttribute("data-zoom"));
    assert.equal(await page.locator(".zoom-level").textContent(), `${Math.round(fit * 100)} %`);
    await page.locator(".stack").focus();
    for (let i = 0; i < 20; i++) await page.keyboard.press("-");
    const out = Number(await page.locator(".stack").getAttribute("data-zoom"));
    assert.ok(out >= fit / 2 - 0.01 && out < fit, `zoomed out to ${out} from ${fit}`);
    if (size) await page.setViewportSize(size);
  });

  it("an edit the host refuses is explained at the form, and its field goes back to the model's value", async () => {
    await send(message(example("pooling-gap.cnn.json")));
    await page.locator(".card", { hasText: "conv1" }).click();
    const filters = page.locator("#field-filters input");
    await filters.fill("64");
    await filters.press("Enter");
    assert.deepEqual((await page.evaluate(() => (window as unknown as { __posted: object[] }).__posted)).at(-1), {
      type: "setParam",
      version: 1,
      index: 1,
      key: "filters",
      value: 64,
    });
    await send({ type: "rejected", reason: "The model changed before that edit arrived; try again." });
    const refusal = page.locator(".properties .form-refusal");
    assert.equal(await refusal.textContent(), "The model changed before that edit arrived; try again.");
    assert.equal(await refusal.getAttribute("role"), "alert");
    assert.equal(await page.locator("#field-filters").evaluate((f) => (f as HTMLElement & { value: string }).value), "128");
    assert.equal(await page.locator(".notice").textContent(), "", "not in the footer");
    // A refusal of an edit not made in the form (a palette click) goes to the footer.
    await page.locator(".palette-entry[data-type='Dropout']").click();
    await send({ type: "rejected", reason: "Unknown layer type 'Dropout'." });
    assert.equal(await page.locator(".notice").textContent(), "Unknown layer type 'Dropout'.");
  });

  it("the model's panel by keys alone: Tab reaches the dataset, arrows pick it, and the focus stays across the answer", async () => {
    const model = (training?: object) =>
      JSON.stringify({
        version: 1,
        layers: [{ type: "Input", shape: [28, 28, 1] }, { type: "Flatten" }, { type: "Dense", units: 10, activation: "softmax" }],
        ...(training ? { training } : {}),
      });
    await send(message(model()));
    await page.locator(".card").first().waitFor();
    await page.locator(".stack").focus();
    await page.keyboard.press("Escape");
    const focusedId = () => page.evaluate(() => document.activeElement?.id ?? "");
    for (let i = 0; i < 8 && (await focusedId()) !== "field-setting-dataset"; i++) await page.keyboard.press("Tab");
    assert.equal(await focusedId(), "field-setting-dataset");
    await page.keyboard.press("Enter");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    const posted = await page.evaluate(() => (window as unknown as { __posted: object[] }).__posted.at(-1));
    assert.deepEqual(posted, {
      type: "setSetting",
      version: 1,
      path: ["training"],
      value: { dataset: { type: "mnist-sample" }, metrics: ["accuracy"] },
    });
    // The host's answer redraws the panel (a new field for the dataset's options): the focus stays on the dataset.
    await send(message(model({ dataset: { type: "mnist-sample" }, metrics: ["accuracy"] }), 2));
    await page.locator("#field-setting-training-dataset-resize").waitFor();
    await page.waitForFunction(() => document.activeElement?.id === "field-setting-dataset");
    await page.keyboard.press("Tab");
    assert.equal(await focusedId(), "field-setting-training-dataset-resize", "Tab goes on from there");
  });

  it("a select takes typed letters as a native one does: 'tanh' typed is one edit, the same letter again cycles", async () => {
    await send(message(example("pooling-gap.cnn.json")));
    await page.locator(".card", { hasText: "conv1" }).click();
    const posts = () => page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.length);
    const before = await posts();
    await page.locator("#field-activation").focus();
    await page.keyboard.type("tanh", { delay: 50 });
    assert.equal(await page.locator("#field-activation").evaluate((e) => (e as HTMLElement & { value: string }).value), "tanh");
    // Committed once typing pauses: one edit.
    await page.waitForFunction((n) => (window as unknown as { __posted: unknown[] }).__posted.length > n, before);
    await page.waitForTimeout(900);
    const posted = await page.evaluate(() => (window as unknown as { __posted: object[] }).__posted);
    assert.deepEqual(posted.slice(before), [{ type: "setParam", version: 1, index: 1, key: "activation", value: "tanh" }]);
    // 's' then 's' again: the first activation starting with s, then the next one.
    const activations = await page
      .locator("#field-activation vscode-option")
      .evaluateAll((os) => os.map((o) => o.getAttribute("value") ?? "").filter((v) => v.startsWith("s")));
    await page.keyboard.press("s");
    await page.keyboard.press("s");
    assert.equal(await page.locator("#field-activation").evaluate((e) => (e as HTMLElement & { value: string }).value), activations[1]);
  });

  it("[hostile] 20,000 layers listed outputs first, and a file nested 100,000 deep: drawn and explained, no page error", async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const n = 20_000;
    // Each layer reads the next one: a walk from the first layer down to the Input is 20,000 deep.
    const layers = [
      ...Array.from({ length: n }, (_, i) => ({ type: "ReLU", name: `r${i}`, inputs: [i === n - 1 ? "in" : `r${i + 1}`] })),
      { type: "Input", name: "in", shape: [4] },
    ];
    await send(message(JSON.stringify({ version: 1, layers })));
    await page.locator(".graph[data-layout]").first().waitFor({ timeout: 60_000 });
    assert.ok((await page.locator(".card").count()) > 0, "cards drawn");
    await send(message("[".repeat(100_000) + "]".repeat(100_000), 2));
    await page.getByText("This file is not a model").waitFor();
    await page.getByText(/nested more than 200 levels deep/).waitFor();
    assert.deepEqual(errors, []);
  });
});

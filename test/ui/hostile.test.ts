/**
 * [vscode-surfaces] On screen, in the real workbench: a model and run folders whose names are Markdown links,
 * images, HTML and `$(icon)`s. The hover, the Runs view's tooltip, the Compare Runs pick and the "Training failed"
 * notification (whose dataset path is a `command:` link) show them as text: no link element, no image, no icon.
 */
import * as assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { launchBrowser } from "../vscode/browser";
import { server } from "../vscode/run";
import { command, hoverUntil, quickOpen, shots, showCnnDesigner, showNotifications } from "./helpers";

const link = "[Fix it](command:workbench.action.terminal.new)";
const image = "![beacon](https://evil.example/b.png)";
const unknownType = `[Docs](https://evil.example) ${image}`;

/** Links, images and icons inside a rendered surface (none may come from user text). */
async function markup(surface: Locator): Promise<{ links: number; images: number; icons: number }> {
  return {
    links: await surface.locator("a[href], a.monaco-link").count(),
    images: await surface.locator("img").count(),
    icons: await surface.locator(".codicon-bug").count(),
  };
}

describe("[vscode-surfaces] hostile names on the workbench's own surfaces", () => {
  let context: BrowserContext | undefined;
  let page: Page;
  const workspace = () => server!.workspace;

  before(async () => {
    assert.ok(server, "the harness starts code-server first");
    const train = {
      version: 1,
      layers: [{ type: "Input", shape: [4] }, { type: "Dense", units: 2, activation: "softmax" }, { type: unknownType }],
      training: { dataset: { type: "npy", x: `${link}.npy`, y: "y.npy" } },
    };
    writeFileSync(join(workspace(), "hostile.cnn.json"), JSON.stringify(train, null, 1));
    // The same without the unknown type, which would fail training before the dataset is read.
    writeFileSync(join(workspace(), "hostile-train.cnn.json"), JSON.stringify({ ...train, layers: train.layers.slice(0, 2) }));
    const runs = join(workspace(), ".cnn-runs", "hostile");
    // A folder's name has no slash: the image's address is written without one.
    for (const name of [`${link} $(bug) A`, "![beacon](https:evil.example) $(bug) B"]) {
      mkdirSync(join(runs, name), { recursive: true });
      writeFileSync(join(runs, name, "model.cnn.json"), "{}");
      writeFileSync(
        join(runs, name, "status.json"),
        JSON.stringify({
          format: 1,
          state: "killed",
          reason: `${link} ${image} <img src=x>`,
          pid: 1,
          host: "elsewhere",
          epochsDone: 1,
          epochs: 2,
        }),
      );
      writeFileSync(join(runs, name, "metrics.json"), JSON.stringify({ epochs: [{ epoch: 1, loss: 1, accuracy: 0.5 }], test: null }));
    }
    // The hostile models open as JSON: the hover is the text editor's.
    mkdirSync(join(workspace(), ".vscode"), { recursive: true });
    writeFileSync(
      join(workspace(), ".vscode", "settings.json"),
      JSON.stringify({ "workbench.editorAssociations": { "hostile*.cnn.json": "default" } }),
    );
    context = await launchBrowser();
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server!.origin}/?folder=${encodeURIComponent(workspace())}`);
    await page.locator(`.explorer-folders-view .monaco-list-row[aria-label="hostile.cnn.json"]`).waitFor({ timeout: 60_000 });
  });
  afterEach(async function () {
    if (this.currentTest?.state === "failed")
      await page.screenshot({ path: join(shots, `failed-${this.currentTest.title.slice(0, 40)}.png`) });
  });
  after(async () => {
    await context?.close();
    rmSync(join(workspace(), ".vscode"), { recursive: true, force: true });
  });

  it("[vscode-surfaces] a hover over a layer whose type is a link and an image shows them as text", async () => {
    await quickOpen(page, "hostile.cnn.json");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "hostile.cnn.json" }).first().waitFor();
    await page.keyboard.press("Enter");
    // These files open in the text editor (the workspace's editor association, set in before()).
    await page.locator(".editor-group-container.active .monaco-editor .view-lines").waitFor();
    const hover = page.locator(".monaco-hover", { hasText: "Output shape" });
    await hoverUntil(page, page.locator(".monaco-editor .view-line").getByText("Docs", { exact: false }).first(), hover);
    assert.ok(((await hover.textContent()) ?? "").includes(unknownType), "the type reads as written");
    assert.deepEqual(await markup(hover), { links: 0, images: 0, icons: 0 });
    await page.keyboard.press("Escape");
  });

  it("[vscode-surfaces] 'Training failed' with a dataset path that is a command link: the path as text, no link", async () => {
    await quickOpen(page, "hostile-train.cnn.json");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "hostile-train.cnn.json" }).first().waitFor();
    await page.keyboard.press("Enter");
    // The title's ▶ trains the active tab's model: wait until that is this one.
    await page.locator(".tab.active", { hasText: "hostile-train.cnn.json" }).waitFor();
    // (Its text is on one line, unlike hostile.cnn.json's.)
    await page
      .locator(".editor-group-container.active .monaco-editor .view-line", { hasText: '{"version":1,"layers":[' })
      .first()
      .waitFor();
    // The editor title's ▶, as a user would (and the focus may be anywhere).
    await page.locator(".editor-group-container.active .editor-actions .action-label[aria-label^='Train Model']:not(.disabled)").click();
    await page.locator(".explorer-folders-view .monaco-list-row[aria-label='hostile-train.cnn.json']").click();
    await showNotifications(page);
    const item = page.locator(".notification-list-item", { hasText: "Training failed" }).first();
    await item.waitFor({ timeout: 60_000 });
    const message = item.locator(".notification-list-item-message");
    assert.ok(((await message.textContent()) ?? "").replace(/\u200b/g, "").includes(link), "the path reads as written");
    assert.deepEqual(await markup(message), { links: 0, images: 0, icons: 0 });
    await page.screenshot({ path: join(shots, "hostile-notification.png") });
    await command(page, "Notifications: Clear All Notifications");
  });

  it("[vscode-surfaces] the Runs view's rows and tooltips, and the Compare Runs pick, show folder names as text", async () => {
    await showCnnDesigner(page);
    const runs = page.locator(".pane-header", { hasText: "Runs" });
    if ((await runs.getAttribute("aria-expanded")) === "false") await runs.click();
    // Room for the Runs view: the other runs of this workspace (earlier tests') are listed too.
    for (const pane of ["Model Summary", "Layer Palette"]) {
      const header = page.locator(".pane-header", { hasText: pane });
      if ((await header.getAttribute("aria-expanded")) === "true") await header.click();
    }
    await command(page, "CNN Designer: Refresh Runs");
    const row = page.locator(".monaco-list-row", { hasText: "Fix it" }).filter({ hasText: "killed" }).first();
    await row.waitFor();
    assert.deepEqual(await markup(row), { links: 0, images: 0, icons: 0 });
    const tooltip = page.locator(".monaco-hover, .workbench-hover", { hasText: "Status" }).first();
    await hoverUntil(page, row.locator(".label-name, .monaco-icon-label").first(), tooltip);
    assert.deepEqual(await markup(tooltip), { links: 0, images: 0, icons: 0 });
    await page.keyboard.press("Escape");
    await command(page, "CNN Designer: Compare Runs");
    const list = page.locator(".quick-input-list");
    await list.locator(".monaco-list-row", { hasText: "Fix it" }).first().waitFor();
    assert.ok(((await list.textContent()) ?? "").includes("$(bug)"), "the icon syntax reads as written");
    assert.deepEqual(await markup(list), { links: 0, images: 0, icons: 0 });
    await page.keyboard.press("Escape");
  });
});

import * as assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { launchBrowser } from "../vscode/browser";
import { repoRoot } from "../vscode/codeServer";
import { server } from "../vscode/run";
import { closeAllEditors, command, hoverUntil, quickOpen, shots, showCnnDesigner, showNotifications, waitFor, webview } from "./helpers";

/** True once a run folder's status says the run is over (done, stopped, failed or killed). */
function ended(runDir: string): boolean {
  try {
    return JSON.parse(readFileSync(join(runDir, "status.json"), "utf8")).state !== "running";
  } catch {
    return false;
  }
}

/** Waits until an input shows a value that matches. */
async function inputMatches(page: Page, pattern: RegExp): Promise<void> {
  const input = page.locator(".quick-input-widget input");
  await input.waitFor();
  for (let i = 0; i < 100 && !pattern.test(await input.inputValue()); i++) await page.waitForTimeout(100);
  assert.match(await input.inputValue(), pattern);
}

/** Opens a workspace model file with Quick Open, then as JSON. */
async function openFile(page: Page, name: string): Promise<void> {
  // (Retried: a designer webview with the focus may swallow the first Ctrl+P.)
  await quickOpen(page, name);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first().waitFor();
  await page.keyboard.press("Enter");
  await page.locator(".tab.active", { hasText: name }).waitFor();
  // Model files open in the designer by default (unless VS Code remembers the text editor for this file);
  // these tests want the JSON: the designer's title button shows it (a click, wherever the focus is).
  const text = page.locator(".editor-group-container.active .monaco-editor .view-lines");
  const designerTitle = page.locator(".editor-group-container.active .editor-actions .action-label[aria-label^='Open as JSON']");
  // The title bar belongs to this file once its breadcrumbs name it (before, the button acts on the previous tab).
  await page.locator(".editor-group-container.active .breadcrumbs-control", { hasText: name }).waitFor();
  await Promise.race([text.waitFor().catch(() => undefined), designerTitle.waitFor().catch(() => undefined)]);
  // VS Code's own Reopen With, acting on the active editor (our title button sometimes acted on the tab before).
  if (!(await text.isVisible())) await command(page, "View: Reopen Editor With Text Editor");
  await text.waitFor();
}

/**
 * Opens the workbench in a fresh browser for a describe block (once `file` shows in the Explorer), saves a
 * screenshot of each failed test, and closes the browser afterwards.
 */
function workbench(file: string): { readonly page: Page } {
  let context: BrowserContext | undefined;
  const ui = { page: undefined as unknown as Page };
  before(async () => {
    assert.ok(server, "the harness starts code-server first");
    mkdirSync(shots, { recursive: true });
    context = await launchBrowser();
    ui.page = context.pages()[0] ?? (await context.newPage());
    await ui.page.goto(`${server.origin}/?folder=${encodeURIComponent(server.workspace)}`);
    await ui.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${file}"]`).waitFor({ timeout: 60_000 });
  });
  afterEach(async function () {
    if (this.currentTest?.state === "failed")
      await ui.page.screenshot({ path: join(shots, `failed-${this.currentTest.title.slice(0, 40)}.png`) });
  });
  after(() => context?.close());
  return ui;
}

describe("CNN Designer in the VS Code workbench", () => {
  const ui = workbench("ui-flatten.cnn.json");
  let page: Page;
  before(() => (page = ui.page));

  it("welcomes with New Model and Open Example while no model is open; Open Example saves the seed model", async () => {
    await closeAllEditors(page);
    await showCnnDesigner(page);
    const welcome = page.locator(".welcome-view-content", { hasText: "No model is open" });
    await welcome.waitFor();
    await welcome.locator("a.monaco-button", { hasText: "New Model" }).waitFor();
    await page.screenshot({ path: join(shots, "welcome.png") });
    await welcome.locator("a.monaco-button", { hasText: "Open Example" }).click();
    // The save dialog proposes pooling-gap.cnn.json in the workspace; accept it.
    await inputMatches(page, /\/workspace\/pooling-gap\.cnn\.json$/);
    await page.keyboard.press("Enter");
    await page.locator(".tab.active", { hasText: "pooling-gap.cnn.json" }).waitFor();
    const saved = join(server!.workspace, "pooling-gap.cnn.json");
    await waitFor(() => existsSync(saved));
    assert.equal(readFileSync(saved, "utf8"), readFileSync(join(repoRoot, "examples", "pooling-gap.cnn.json"), "utf8"));
    await page.locator(".statusbar-item", { hasText: "300.0k params · 218.4M MACs" }).waitFor();
  });

  it("shows each layer's shape and parameters as inlay hints, and the totals in the status bar", async () => {
    await openFile(page, "ui-flatten.cnn.json");
    const hint = page.locator(".monaco-editor .view-lines", { hasText: "→ (None, 86528) · 0 params" });
    await hint.waitFor({ timeout: 30_000 });
    await page.locator(".monaco-editor .view-lines", { hasText: "→ (None, 10) · 865,290 params" }).waitFor();
    const status = page.locator(".statusbar-item", { hasText: "1.2M params · 219.3M MACs" });
    await status.waitFor();
    await page.screenshot({ path: join(shots, "inlay-hints.png") });
    // A click on the status bar item opens the summary.
    await status.click();
    await page.locator(".output-view, .panel", { hasText: "Total params: 1,164,042 (4.44 MB)" }).first().waitFor();
    await page.keyboard.press("Control+J");
  });

  it("the pooling refactoring from the light bulb, saved to disk, then undone", async () => {
    await openFile(page, "ui-flatten.cnn.json");
    const file = join(server!.workspace, "ui-flatten.cnn.json");
    const before = readFileSync(file, "utf8");
    await page.locator(".monaco-editor .view-line", { hasText: '"type": "Flatten"' }).click();
    await page.keyboard.press("Control+.");
    const item = page.locator(".action-widget .monaco-list-row", {
      hasText: "Replace Flatten with GlobalAveragePooling2D (1,164,042 → 300,042 params)",
    });
    await item.waitFor();
    await page.screenshot({ path: join(shots, "pooling-refactoring.png") });
    await item.click();
    await page.locator(".statusbar-item", { hasText: "300.0k params" }).waitFor();
    await page.keyboard.press("Control+S");
    await waitFor(() => readFileSync(file, "utf8").includes('{ "type": "GlobalAveragePooling2D" }'));
    assert.equal(readFileSync(file, "utf8"), before.replace('{ "type": "Flatten" }', '{ "type": "GlobalAveragePooling2D" }'));
    await page.keyboard.press("Control+Z");
    await page.keyboard.press("Control+S");
    await waitFor(() => readFileSync(file, "utf8") === before);
    await page.locator(".monaco-editor .view-lines", { hasText: "→ (None, 86528) · 0 params" }).waitFor();
  });

  it("a hover over a layer shows its full row", async () => {
    await openFile(page, "ui-flatten.cnn.json");
    const hover = page.locator(".monaco-hover", { hasText: "MACs per sample" });
    await hoverUntil(page, page.locator(".monaco-editor .view-line").getByText('"Dense"', { exact: true }), hover);
    assert.match((await hover.textContent()) ?? "", /865,290 \(trainable 865,290, non-trainable 0\)/);
    await page.screenshot({ path: join(shots, "hover.png") });
    await page.keyboard.press("Escape");
  });

  it("the sidebar lists the layers with their shapes; a click reveals the layer; the palette shows the summary", async () => {
    await openFile(page, "ui-flatten.cnn.json");
    await showCnnDesigner(page);
    const row = page.locator(".monaco-list-row", { hasText: "dense" }).filter({ hasText: "(None, 10) · 865,290 params" });
    await row.first().waitFor();
    await page.locator(".monaco-list-row", { hasText: "Total" }).filter({ hasText: "1,164,042 params" }).first().waitFor();
    await page.screenshot({ path: join(shots, "sidebar.png") });
    await page.locator(".monaco-list-row", { hasText: "conv2d_1" }).first().click();
    await page.locator(".statusbar-item", { hasText: "Ln 8," }).waitFor();
    await command(page, "CNN Designer: Show Model Summary");
    await page.locator(".output-view, .panel", { hasText: "Total params: 1,164,042" }).first().waitFor();
  });
});

describe("Train from the command palette", () => {
  const ui = workbench("train.cnn.json");

  it("trains a template for one epoch: the epoch line in the output channel, the run on disk and in the Runs view", async () => {
    const { page } = ui;
    const runsDir = join(server!.workspace, ".cnn-runs", "train");
    // A run is over when its status says so (metrics.json is written after every epoch, before the end).
    const finished = () => (existsSync(runsDir) ? readdirSync(runsDir).filter((d) => ended(join(runsDir, d))) : []);
    const before = finished();
    await openFile(page, "train.cnn.json");
    await command(page, "CNN Designer: Train Model");
    // The output channel's lines (Monaco renders their spaces as no-break spaces: match strings, not regexes).
    const output = page.locator(".panel");
    await output.filter({ hasText: "Epoch 1/1" }).first().waitFor({ timeout: 60_000 });
    await output.filter({ hasText: "Test accuracy:" }).first().waitFor({ timeout: 90_000 });
    await waitFor(() => finished().length > before.length, 30_000);
    const run = finished().find((d) => !before.includes(d)) as string;
    for (const f of ["model.json", "weights.bin", "metrics.csv", "training.log"]) assert.ok(existsSync(join(runsDir, run, f)), f);
    await showCnnDesigner(page);
    const runs = page.locator(".pane-header", { hasText: "Runs" });
    if ((await runs.getAttribute("aria-expanded")) === "false") await runs.click();
    const row = page.locator(".monaco-list-row", { hasText: run }).filter({ hasText: "test acc" }).first();
    await row.waitFor();
    // The charts followed the run: one epoch in the table under them; a click on the run opens them again.
    const charts = await webview(page, ".charts");
    await charts.locator(".chart[data-chart='batchLoss'] canvas").waitFor();
    await charts.locator(".run-table tbody tr").first().waitFor();
    assert.equal(await charts.locator(".run-table tbody tr").count(), 1);
    await row.click();
    await (await webview(page, ".charts")).locator(".title", { hasText: run }).waitFor();
    // The designer of the model shows its latest run under the layers.
    // The focus is in a webview, which keeps keyboard shortcuts: the JSON editor's title button instead.
    // (By its tab's name: a group whose active tab is a webview keeps its hidden text editor's DOM.)
    await page.locator(".tabs-container .tab", { hasText: "train.cnn.json" }).first().click();
    const group = page.locator(".editor-group-container.active");
    await group.locator(".breadcrumbs-control", { hasText: "train.cnn.json" }).waitFor();
    await group.locator(".editor-actions .action-label[aria-label^='Open in Designer']").click();
    const designer = await webview(page, ".stack");
    // Its training section is folded under the layers (the Training Charts panel shows the same): open it.
    await designer.locator(".training summary").click();
    await designer.locator(".training .title", { hasText: run }).waitFor();
    assert.equal(await designer.locator(".training .chart canvas").count(), 4);
    await page.screenshot({ path: join(shots, "training.png") });
  });
});

describe("Stop Training from the progress notification and the status bar", () => {
  const ui = workbench("train.cnn.json");

  /** Trains train.cnn.json, waits for the status bar item's batch line, stops with `stop`, and checks the run folder. */
  async function trainThenStop(page: Page, stop: (status: Locator) => Promise<void>): Promise<void> {
    const runsDir = join(server!.workspace, ".cnn-runs", "train");
    const runsBefore = existsSync(runsDir) ? readdirSync(runsDir) : [];
    await command(page, "CNN Designer: Train Model");
    const status = page.locator(".statusbar-item", { hasText: "· batch " }).first();
    await status.waitFor({ timeout: 60_000 });
    assert.match((await status.textContent()) ?? "", /Epoch 1\/1 · batch \d+\/254 · loss \d\.\d{4}/);
    await stop(status);
    const output = page.locator(".panel");
    await output.filter({ hasText: "Stopped: stop requested" }).first().waitFor({ timeout: 30_000 });
    await status.waitFor({ state: "hidden", timeout: 10_000 });
    await waitFor(() => readdirSync(runsDir).some((d) => !runsBefore.includes(d) && ended(join(runsDir, d))), 30_000);
    const run = readdirSync(runsDir).find((d) => !runsBefore.includes(d)) as string;
    const metrics = JSON.parse(readFileSync(join(runsDir, run, "metrics.json"), "utf8")) as { stopReason: string; batches: unknown[] };
    assert.equal(metrics.stopReason, "stop request");
    assert.ok(metrics.batches.length < 254, `${metrics.batches.length} batches ran`);
    assert.ok(existsSync(join(runsDir, run, "model.json")), "what was trained is saved");
  }

  it("Cancel on the progress notification stops the run at a batch end and keeps what was trained", async () => {
    const { page } = ui;
    await openFile(page, "train.cnn.json");
    await trainThenStop(page, async () => {
      // This workbench files notifications in the notification centre rather than showing toasts.
      await showNotifications(page);
      const item = page.locator(".notification-list-item", { hasText: "Training train.cnn.json" }).first();
      await item.hover();
      await item.locator(".monaco-button, .action-label", { hasText: "Cancel" }).first().click();
    });
    await command(page, "Notifications: Clear All Notifications");
  });

  it("the status bar item follows the run (epoch, batch, loss), and a click on it stops the run the same way", async () => {
    await openFile(ui.page, "train.cnn.json");
    await trainThenStop(ui.page, (status) => status.click());
  });
});

describe("Insert Layer from the command palette, and the walkthrough", () => {
  const ui = workbench("seed.cnn.json");
  let page: Page;
  before(() => (page = ui.page));

  it("picks a type from the grouped list and inserts it after the layer at the cursor", async () => {
    await openFile(page, "seed.cnn.json");
    await page.locator(".monaco-editor .view-lines", { hasText: "→ (None, 26, 26, 128) · 147,584 params" }).waitFor({ timeout: 30_000 });
    await page.locator(".monaco-editor .view-line").getByText('"GlobalAveragePooling2D"', { exact: true }).click();
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowUp");
    await command(page, "CNN Designer: Insert Layer…");
    const input = page.locator(".quick-input-widget input");
    // The list is grouped as the palette is (the first groups in view: the list draws only the rows it shows).
    await page.locator(".quick-input-list .quick-input-list-separator", { hasText: "Preprocessing" }).first().waitFor();
    await input.fill("MaxPooling2D");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "MaxPooling2D" }).first().waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".monaco-editor .view-lines", { hasText: "→ (None, 13, 13, 128) · 0 params" }).waitFor();
    await page.keyboard.press("Control+S");
    const file = join(server!.workspace, "seed.cnn.json");
    await waitFor(() => readFileSync(file, "utf8").includes('{ "type": "MaxPooling2D" },\n    { "type": "GlobalAveragePooling2D" }'));
  });

  it("the walkthrough introduces the features", async () => {
    await command(page, "Welcome: Open Walkthrough...");
    await page.locator(".quick-input-widget input").fill("CNN Designer");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Get started with CNN Designer" }).first().waitFor();
    await page.keyboard.press("Enter");
    const walkthrough = page.locator(".gettingStartedContainer", { hasText: "Get started with CNN Designer" });
    await walkthrough.waitFor({ timeout: 30_000 });
    // The journey: create, build in the designer, set up training, train, compare and export; then the lessons.
    for (const step of [
      "Create a model",
      "Build it in the designer",
      "Set up training",
      "Train, and watch it learn",
      "Compare runs, export the model",
      "Flatten or global pooling?",
    ])
      await walkthrough.getByText(step).first().waitFor();
    await walkthrough.getByText("Build it in the designer").first().click();
    // The step's page, with the designer's screenshot (shipped in the .vsix).
    const step = await webview(page, "img[src*='designer-light']");
    await step.locator("h1", { hasText: "Build it in the designer" }).waitFor();
    assert.ok(await step.locator("img[src*='designer-light']").evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0));
    await page.screenshot({ path: join(shots, "walkthrough.png") });
  });
});

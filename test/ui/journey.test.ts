/**
 * The new user's journey in the designer, one scenario per test: each test opens a fresh folder of its own in a
 * fresh workbench (nothing carries over from another test) and waits on conditions, never on fixed sleeps.
 */
import * as assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, FrameLocator, Page } from "playwright-core";
import { launchBrowser } from "../vscode/browser";
import { server } from "../vscode/run";
import { command, extensionReady, pickColorTheme, quickOpen, shots, showCnnDesigner, waitFor, webview } from "./helpers";

/** Polls an asynchronous condition (a count of elements, say) until it holds, or fails after `ms`. */
async function waitForCondition(ok: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

const emptyModel = `{\n  "version": 1,\n  "layers": []\n}\n`;

/** The layer types of a model file on disk, in order, and each layer's written `inputs`. */
function onDisk(file: string): { types: string[]; inputs: Record<string, unknown> } {
  const m = JSON.parse(readFileSync(file, "utf8")) as { layers: { type: string; name?: string; inputs?: unknown }[] };
  return {
    types: m.layers.map((l) => l.type),
    inputs: Object.fromEntries(m.layers.filter((l) => l.inputs).map((l) => [l.name ?? l.type, l.inputs])),
  };
}

describe("the new user's journey in the designer", () => {
  let context: BrowserContext;
  let page: Page;
  let folder = "";

  /** A fresh folder with `files`, opened in the workbench; resolves once the Explorer lists the first file. */
  async function openFolder(files: Record<string, string>): Promise<void> {
    const root = join(server!.workspace, "..", "journeys");
    mkdirSync(root, { recursive: true });
    folder = mkdtempSync(join(root, "j-"));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    await page.goto(`${server!.origin}/?folder=${encodeURIComponent(folder)}`);
    const first = Object.keys(files)[0];
    await page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${first}"]`).waitFor({ timeout: 60_000 });
    await extensionReady(page);
  }

  /** Opens a model with Quick Open: it opens in the designer, the default editor. */
  async function openDesigner(name: string): Promise<FrameLocator> {
    await quickOpen(page, name);
    await page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first().waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".tab.active", { hasText: name }).waitFor();
    return webview(page, ".stack");
  }

  /** Saves the active editor and waits until the file on disk satisfies `ok`. */
  async function saved(name: string, ok: (text: string) => boolean): Promise<void> {
    await page.keyboard.press("Control+S");
    await waitFor(() => ok(readFileSync(join(folder, name), "utf8")));
  }

  beforeEach(async () => {
    context = await launchBrowser();
    page = context.pages()[0] ?? (await context.newPage());
  });
  afterEach(async function () {
    if (this.currentTest?.state === "failed")
      await page.screenshot({ path: join(shots, `failed-journey-${this.currentTest.title.slice(0, 40)}.png`) });
    await context?.close();
  });

  it("builds a model by palette clicks, in order: each new layer becomes the selection; Escape and empty space deselect", async () => {
    await openFolder({ "first.cnn.json": emptyModel });
    const designer = await openDesigner("first.cnn.json");
    const order = ["Input", "Conv2D", "MaxPooling2D", "Flatten", "Dense"];
    for (const [i, type] of order.entries()) {
      await designer.locator(`.palette-entry[data-type='${type}']`).click();
      // The new card is on screen and selected, so that the next click adds after it.
      await designer.locator(`.card.selected[data-index='${i}'] .card-type`, { hasText: type }).waitFor();
      if (i === 0) {
        // A click on the card selects it (to set the shape in the form); the next addition still goes after it.
        await designer.locator(".card").first().click();
      }
    }
    assert.deepEqual(await designer.locator(".card .card-type").allTextContents(), order);
    await saved("first.cnn.json", (t) => onDisk(join(folder, "first.cnn.json")).types.length === 5 && !t.includes('"inputs"'));
    assert.deepEqual(onDisk(join(folder, "first.cnn.json")).types, order);
    // Escape clears the selection; then a click adds at the end.
    await designer.locator(".stack").press("Escape");
    await designer.locator(".card.selected").waitFor({ state: "detached" });
    await designer.locator(".card").nth(1).click();
    await designer.locator(".card.selected").waitFor();
    // A click on empty space clears it too.
    const box = await designer.locator(".stack").boundingBox();
    assert.ok(box);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height - 5);
    await designer.locator(".card.selected").waitFor({ state: "detached" });
    await designer.locator(".palette-entry[data-type='Softmax']").click();
    await designer.locator(".card.selected[data-index='5'] .card-type", { hasText: "Softmax" }).waitFor();
    await page.screenshot({ path: join(shots, "journey-built-by-clicks.png") });
  });

  it("wires a residual block with the mouse: a chain after a layer, two layers selected, Add joins them", async () => {
    const model = `{\n  "version": 1,\n  "layers": [\n    { "type": "Input", "shape": [16, 16, 8] },\n    { "type": "Conv2D", "filters": 8, "kernelSize": 3, "padding": "same" },\n    { "type": "GlobalAveragePooling2D" },\n    { "type": "Dense", "units": 10 }\n  ]\n}\n`;
    await openFolder({ "res.cnn.json": model });
    const designer = await openDesigner("res.cnn.json");
    await designer.locator(".card", { hasText: "conv2d" }).first().click();
    // Added after conv2d, each new layer takes over what read it: the chain stays a chain.
    await designer.locator(".palette-entry[data-type='BatchNormalization']").click();
    await designer.locator(".card.selected .card-type", { hasText: "BatchNormalization" }).waitFor();
    await designer.locator(".palette-entry[data-type='ReLU']").click();
    await designer.locator(".card.selected .card-type", { hasText: "ReLU" }).waitFor();
    // Select conv2d too (Ctrl+click), then Add joins the two: the block's skip connection.
    await designer
      .locator(".card", { hasText: "conv2d" })
      .first()
      .click({ modifiers: ["Control"] });
    await designer.locator(".card.selected").nth(1).waitFor();
    await designer.locator(".palette-entry[data-type='Add']").click();
    await designer.locator(".card.selected .card-type", { hasText: /^Add$/ }).waitFor();
    // Drawn as a graph, without a problem.
    await designer.locator(".stack.graph-mode").waitFor();
    assert.equal(await designer.locator(".card.error").count(), 0);
    await saved("res.cnn.json", (t) => t.includes('"Add"'));
    const disk = onDisk(join(folder, "res.cnn.json"));
    assert.deepEqual(disk.types, ["Input", "Conv2D", "BatchNormalization", "ReLU", "Add", "GlobalAveragePooling2D", "Dense"]);
    assert.deepEqual(disk.inputs.add, ["conv2d", "re_lu"]);
    await page.screenshot({ path: join(shots, "journey-residual-mouse.png") });
  });

  it("the keyboard alone: search and Enter add, Shift+arrow selects two layers, Add joins them; training set up; exported", async () => {
    await openFolder({ "keys.cnn.json": emptyModel });
    const designer = await openDesigner("keys.cnn.json");
    const search = designer.locator(".palette .palette-filter");
    // Tab reaches the palette's search box from wherever the designer's focus starts.
    for (let i = 0; i < 6 && !(await search.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
    assert.ok(await search.evaluate((el) => el === document.activeElement), "Tab reaches the search box");
    const add = async (query: string, type: string, index: number) => {
      // Typed as a person types, and read back before Enter (a keystroke lost under load is typed again).
      for (let attempt = 0; attempt < 3 && (await search.inputValue()) !== query; attempt++) {
        await page.keyboard.press("Control+A");
        await page.keyboard.type(query, { delay: 20 });
      }
      assert.equal(await search.inputValue(), query);
      await page.keyboard.press("Enter");
      await designer.locator(`.card.selected[data-index='${index}'] .card-type`, { hasText: new RegExp(`^${type}$`) }).waitFor();
    };
    await add("input", "Input", 0);
    await add("conv2d", "Conv2D", 1);
    await add("batchnorm", "BatchNormalization", 2);
    // To the layer list (Tab past the palette's one stop); Shift+ArrowUp adds Conv2D to the selection.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await designer.locator(".stack:focus").waitFor();
    await page.keyboard.press("Shift+ArrowUp");
    await designer.locator(".card.selected").nth(1).waitFor();
    // Back to the search (Shift+Tab twice): Add joins the two (a skip connection around the normalisation).
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    await add("add", "Add", 3);
    await saved("keys.cnn.json", (t) => t.includes('"Add"'));
    const disk = onDisk(join(folder, "keys.cnn.json"));
    assert.deepEqual(disk.types, ["Input", "Conv2D", "BatchNormalization", "Add"]);
    assert.deepEqual(disk.inputs.add, ["conv2d", "batch_normalization"]);
    assert.equal(await designer.locator(".card.error").count(), 0);
    // A classifier's head, by search and Enter too.
    await add("globalaveragepooling2d", "GlobalAveragePooling2D", 4);
    await add("dense", "Dense", 5);
    // The training set up by keys alone: to the layer list, Escape clears the selection (the model's panel),
    // Tab reaches the dataset, Enter and an arrow pick the MNIST sample; the focus stays there across the answer.
    const focusedId = () => designer.locator("body").evaluate(() => document.activeElement?.id ?? "");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await designer.locator(".stack:focus").waitFor();
    await page.keyboard.press("Escape");
    await designer.locator(".properties h2", { hasText: "Training" }).waitFor();
    for (let i = 0; i < 8 && (await focusedId()) !== "field-setting-dataset"; i++) await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await designer.locator("#field-setting-training-dataset-resize").waitFor();
    await waitForCondition(async () => (await focusedId()) === "field-setting-dataset");
    for (let i = 0; i < 12 && (await focusedId()) !== "field-setting-training-epochs"; i++) await page.keyboard.press("Tab");
    await page.keyboard.type("1");
    await page.keyboard.press("Enter");
    await saved("keys.cnn.json", (t) => t.includes('"mnist-sample"') && t.includes('"epochs": 1'));
    // Exported by keys: the command palette, the format typed, the save dialog's name accepted.
    await command(page, "CNN Designer: Export Model…");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Keras script (.py)" }).first().waitFor();
    await page.keyboard.type("Keras script (.py)");
    await page.keyboard.press("Enter");
    const save = page.locator(".quick-input-widget input");
    await waitForCondition(async () => (await save.inputValue()).endsWith("keys_keras.py"));
    await page.keyboard.press("Enter");
    await waitFor(() => existsSync(join(folder, "keys_keras.py")), 30_000);
    assert.match(readFileSync(join(folder, "keys_keras.py"), "utf8"), /layers\.Add\(/);
  });

  it("search ranks names first: 'dense' then Enter adds Dense; 'flat' offers Flatten first", async () => {
    await openFolder({ "search.cnn.json": `{ "version": 1, "layers": [{ "type": "Input", "shape": [4] }] }\n` });
    const designer = await openDesigner("search.cnn.json");
    const search = designer.locator(".palette .palette-filter");
    await search.fill("flat");
    assert.equal(await designer.locator(".palette-entry").first().getAttribute("data-type"), "Flatten");
    await search.fill("dense");
    assert.equal(await designer.locator(".palette-entry").first().getAttribute("data-type"), "Dense");
    await search.press("Enter");
    await designer.locator(".card .card-type", { hasText: /^Dense$/ }).waitFor();
  });

  it("only *.cnn.json files are analysed: JSON and text files opened and closed, and settings written, get no CNN Designer problem", async () => {
    await openFolder({
      "notes.json": `{ "title": "not a model", "layers": 3 }\n`,
      "tsconfig.json": `{ "compilerOptions": {} }\n`,
      "readme.txt": "hello\n",
      "m.cnn.json": `{ "version": 1, "layers": [{ "type": "Input", "shape": [4] }, { "type": "Dense", "units": 2 }] }\n`,
    });
    for (const name of ["notes.json", "tsconfig.json", "readme.txt"]) {
      await quickOpen(page, name);
      await page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first().waitFor();
      await page.keyboard.press("Enter");
      await page.locator(".tab.active", { hasText: name }).waitFor();
      await page.keyboard.press("Control+W");
      await page.locator(".tab", { hasText: name }).waitFor({ state: "detached" });
    }
    // Switching the theme writes the user's settings.json. A theme picked by name, whatever the theme was (an
    // earlier suite may have left a high-contrast one, which the light/dark toggle does not always leave).
    const theme = async () =>
      (await page.locator(".monaco-workbench").getAttribute("class"))?.match(/(?:^|\s)(vs-dark|hc-black|hc-light|vs)(?=\s|$)/)?.[1];
    const before = await theme();
    const target = before === "vs" ? "Dark Modern" : "Light Modern";
    await pickColorTheme(page, target);
    await waitForCondition(async () => (await theme()) === (target === "Dark Modern" ? "vs-dark" : "vs"));
    // The model file is checked (it is valid): then the workspace has no problem at all.
    await command(page, "CNN Designer: Check All Models");
    await command(page, "Notifications: Show Notifications");
    await page.locator(".notification-list-item", { hasText: "1 model file checked: 0 errors, 0 warnings" }).first().waitFor();
    await page.keyboard.press("Control+Shift+M");
    await page.locator(".markers-panel", { hasText: "No problems have been detected in the workspace" }).waitFor();
    for (const name of ["notes.json", "tsconfig.json", "readme.txt"]) {
      // A file with problems shows their count beside its name.
      const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`);
      assert.equal(((await row.textContent()) ?? "").trim(), name);
    }
  });

  it("commands work from the designer: Show Model Summary, the status bar item and Insert Layer", async () => {
    await openFolder({ "cmd.cnn.json": readFileSync(join(server!.workspace, "designer-seed.cnn.json"), "utf8") });
    const designer = await openDesigner("cmd.cnn.json");
    await designer.locator(".card", { hasText: "conv1" }).click();
    await command(page, "CNN Designer: Show Model Summary");
    const output = page.locator(".panel .monaco-editor .view-lines");
    await output.filter({ hasText: "Total params" }).waitFor();
    await page.locator(".statusbar-item", { hasText: "params" }).first().click();
    await output.filter({ hasText: "Total params" }).waitFor();
    assert.equal(await page.locator(".notification-list-item", { hasText: "Open a *.cnn.json model first" }).count(), 0);
    const before = await designer.locator(".card").count();
    await command(page, "CNN Designer: Insert Layer");
    await page.locator(".quick-input-widget input").fill("Dropout");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Dropout" }).first().waitFor();
    await page.keyboard.press("Enter");
    // Through the designer: after its selection (conv1), and selected.
    await designer.locator(".card.selected[data-index='2'] .card-type", { hasText: "Dropout" }).waitFor();
    assert.equal(await designer.locator(".card").count(), before + 1);
  });

  it("no duplicate tabs: a Model Summary click selects the card; Open as JSON twice shows one text tab", async () => {
    await openFolder({ "tabs.cnn.json": readFileSync(join(server!.workspace, "designer-seed.cnn.json"), "utf8") });
    const designer = await openDesigner("tabs.cnn.json");
    await designer.locator(".card").first().waitFor();
    await showCnnDesigner(page);
    await page.locator(".monaco-list-row", { hasText: "conv1" }).first().click();
    await designer.locator(".card.selected", { hasText: "conv1" }).waitFor();
    assert.equal(await page.locator(".tab", { hasText: "tabs.cnn.json" }).count(), 1);
    await designer.locator(".open-json").click();
    await page.locator(".editor-group-container .monaco-editor .view-line", { hasText: '"conv1"' }).first().waitFor();
    await page.locator(".tab", { hasText: "tabs.cnn.json" }).nth(1).waitFor();
    // Again from the designer (a click on it makes its group the active one): the open text tab comes forward.
    await designer.locator(".card", { hasText: "conv2d_1" }).click();
    await waitForCondition(async () => (await page.locator(".editor-group-container.active .monaco-editor").count()) === 0);
    await designer.locator(".open-json").click();
    await page.locator(".editor-group-container.active .monaco-editor .view-line", { hasText: '"conv1"' }).first().waitFor();
    assert.equal(await page.locator(".tab", { hasText: "tabs.cnn.json" }).count(), 2, "the designer's tab and one text tab");
  });

  it("starts from scratch: New Model… → Empty model asks the input shape and opens the designer", async () => {
    await openFolder({ "readme.txt": "an empty project\n" });
    await command(page, "CNN Designer: New Model");
    const input = page.locator(".quick-input-widget input");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Empty model" }).first().waitFor();
    await page.keyboard.press("Enter");
    // The shape, checked as it is typed.
    await input.fill("32, 0, 3");
    await page.locator(".quick-input-message", { hasText: "'0' is not a size" }).waitFor();
    await input.fill("32, 32, 3");
    await page.keyboard.press("Enter");
    // The save dialog proposes model.cnn.json in the folder.
    await page.locator(".quick-input-widget input").waitFor();
    for (let i = 0; i < 100 && !/model\.cnn\.json$/.test(await input.inputValue()); i++) await page.waitForTimeout(100);
    await page.keyboard.press("Enter");
    await page.locator(".tab.active", { hasText: "model.cnn.json" }).waitFor();
    const designer = await webview(page, ".stack .card");
    await designer.locator(".card", { hasText: "(None, 32, 32, 3)" }).waitFor();
    const written = JSON.parse(readFileSync(join(folder, "model.cnn.json"), "utf8")) as { name: string; layers: unknown[] };
    assert.deepEqual(written, { version: 1, name: "model", layers: [{ type: "Input", shape: [32, 32, 3] }] });
    await page.screenshot({ path: join(shots, "journey-empty-model.png") });
  });

  it("an empty file offers its skeleton in one click; a palette click works on it too; file problems link to the JSON", async () => {
    await openFolder({
      "blank.cnn.json": "",
      "half.cnn.json": `{ "name": "half" }\n`,
      "bad.cnn.json": `{ "version": 1, "layers": [ { "type": "Input", "shape": [4] } }\n`,
    });
    let designer = await openDesigner("blank.cnn.json");
    await designer.locator(".banner", { hasText: "This file is empty" }).waitFor();
    await designer.locator(".banner .banner-action", { hasText: "Create the model skeleton" }).click();
    await designer.locator(".banner").waitFor({ state: "hidden" });
    await saved("blank.cnn.json", (t) => t === `{\n  "version": 1,\n  "layers": []\n}\n`);
    // A file without the skeleton: the first palette click brings it, with the layer, and keeps what was there.
    designer = await openDesigner("half.cnn.json");
    await designer.locator(".banner", { hasText: "lacks a model's skeleton" }).waitFor();
    await designer.locator(".palette-entry[data-type='Input']").click();
    await designer.locator(".card.selected .card-type", { hasText: "Input" }).waitFor();
    await saved("half.cnn.json", (t) => t.includes('"Input"'));
    const half = JSON.parse(readFileSync(join(folder, "half.cnn.json"), "utf8")) as {
      name: string;
      version: number;
      layers: { type: string }[];
    };
    assert.deepEqual([half.name, half.version, half.layers.map((l) => l.type)], ["half", 1, ["Input"]]);
    // A syntax error: the banner says it, and its link shows the place in the JSON.
    designer = await openDesigner("bad.cnn.json");
    const link = designer.locator(".banner .banner-link", { hasText: "JSON syntax" }).first();
    await link.waitFor();
    await page.screenshot({ path: join(shots, "journey-file-problem-banner.png") });
    await link.click();
    await page.locator(".editor-group-container.active .monaco-editor .view-line", { hasText: '"Input"' }).first().waitFor();
    await page.locator(".editor-group-container.active .monaco-editor .selected-text").first().waitFor();
  });

  it("the whole journey: an empty model built by clicks, training set up in the panel, trained, exported, without touching JSON", async () => {
    await openFolder({ "digits.cnn.json": `{\n  "version": 1,\n  "layers": [\n    { "type": "Input", "shape": [28, 28, 1] }\n  ]\n}\n` });
    const designer = await openDesigner("digits.cnn.json");
    await designer.locator(".card").first().click();
    for (const [i, type] of ["Conv2D", "MaxPooling2D", "Flatten", "Dense"].entries()) {
      await designer.locator(`.palette-entry[data-type='${type}']`).click();
      await designer.locator(`.card.selected[data-index='${i + 1}']`).waitFor();
    }
    // The Dense layer (selected) gets softmax in its form.
    await designer.locator("#field-activation").click();
    await designer
      .locator("#field-activation li[role='option']")
      .filter({ hasText: /^\s*softmax\s*$/ })
      .click();
    await designer.locator(".card", { hasText: "(None, 10)" }).waitFor();
    // Nothing selected: the model's panel, where the training is set up.
    await designer.locator(".stack").press("Escape");
    await designer.locator(".properties h2", { hasText: "Training" }).waitFor();
    await designer.locator("#field-setting-dataset").click();
    await designer
      .locator("#field-setting-dataset li[role='option']")
      .filter({ hasText: /^\s*mnist-sample\s*$/ })
      .click();
    await designer.locator("#field-setting-training-epochs input").waitFor();
    const epochs = designer.locator("#field-setting-training-epochs input");
    await epochs.fill("1");
    await epochs.press("Enter");
    await saved("digits.cnn.json", (t) => t.includes('"epochs": 1') && t.includes('"mnist-sample"') && t.includes('"accuracy"'));
    await page.screenshot({ path: join(shots, "journey-training-panel.png") });
    // Train Model from the editor title's ▶.
    await page.locator(".editor-group-container.active .editor-actions .action-label[aria-label^='Train Model']:not(.disabled)").click();
    const output = page.locator(".panel");
    await output.filter({ hasText: "Estimated time per epoch" }).first().waitFor({ timeout: 90_000 });
    await output.filter({ hasText: "Test accuracy:" }).first().waitFor({ timeout: 120_000 });
    const written = JSON.parse(readFileSync(join(folder, "digits.cnn.json"), "utf8")) as { layers: { type: string }[] };
    assert.deepEqual(
      written.layers.map((l) => l.type),
      ["Input", "Conv2D", "MaxPooling2D", "Flatten", "Dense"],
    );
    await page.screenshot({ path: join(shots, "journey-trained.png") });
    // Exported with the run's trained weights: ONNX, the run picked, the save dialog's name accepted.
    await page.locator(".panel").filter({ hasText: "Test accuracy:" }).first().waitFor();
    await command(page, "CNN Designer: Export Model…");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "ONNX model (.onnx)" }).first().click();
    await page.locator(".quick-input-widget", { hasText: "Include trained weights?" }).waitFor();
    await page.locator(".quick-input-list .monaco-list-row").first().click();
    // VS Code's own save dialog (a quick input with the path): the name it offers beside the model.
    const save = page.locator(".quick-input-widget input");
    await waitForCondition(async () => (await save.inputValue()).endsWith("digits.onnx"));
    await page.keyboard.press("Enter");
    await waitFor(() => existsSync(join(folder, "digits.onnx")), 30_000);
    await command(page, "Notifications: Show Notifications");
    await page.locator(".notification-list-item", { hasText: "Exported digits to digits.onnx with the weights of" }).first().waitFor();
    assert.ok(statSync(join(folder, "digits.onnx")).size > 100_000, "the trained weights are inside");
  });

  it("Train Model on a model without training settings offers the MNIST sample instead of failing", async () => {
    const model = `{\n  "version": 1,\n  "layers": [\n    { "type": "Input", "shape": [32, 32, 3] },\n    { "type": "GlobalAveragePooling2D" },\n    { "type": "Dense", "units": 10, "activation": "softmax" }\n  ]\n}\n`;
    await openFolder({ "bare.cnn.json": model });
    await openDesigner("bare.cnn.json");
    await command(page, "CNN Designer: Train Model");
    const dialog = page.locator(".monaco-dialog-box", { hasText: "no training settings yet" });
    await dialog.waitFor();
    await dialog.locator(".monaco-button", { hasText: "Use the MNIST Sample" }).click();
    // The section is added (resized: the input is 32×32×3) and the run starts.
    await page.locator(".panel").filter({ hasText: "Epoch 1/5" }).first().waitFor({ timeout: 90_000 });
    await command(page, "CNN Designer: Stop Training");
    await page.keyboard.press("Control+S");
    await waitFor(() => readFileSync(join(folder, "bare.cnn.json"), "utf8").includes('"mnist-sample", "resize": true'));
  });
});

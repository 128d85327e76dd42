/**
 * The new user's journey in the designer, one scenario per test: each test opens a fresh folder of its own in a
 * fresh workbench (nothing carries over from another test) and waits on conditions, never on fixed sleeps.
 */
import * as assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { server } from "../vscode/run";
import { command, pickColorTheme, quickOpen, shots, showCnnDesigner, showNotifications, waitFor } from "./helpers";
import { emptyModel, journeySession, onDisk, waitForCondition } from "./journeySession";

describe("the new user's journey in the designer", () => {
  const j = journeySession();

  it("builds a model by palette clicks, in order: each new layer becomes the selection; Escape and empty space deselect", async () => {
    await j.openFolder({ "first.cnn.json": emptyModel });
    const designer = await j.openDesigner("first.cnn.json");
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
    await j.saved("first.cnn.json", (t) => onDisk(join(j.folder, "first.cnn.json")).types.length === 5 && !t.includes('"inputs"'));
    assert.deepEqual(onDisk(join(j.folder, "first.cnn.json")).types, order);
    // Escape clears the selection; then a click adds at the end.
    await designer.locator(".stack").press("Escape");
    await designer.locator(".card.selected").waitFor({ state: "detached" });
    await designer.locator(".card").nth(1).click();
    await designer.locator(".card.selected").waitFor();
    // A click on empty space clears it too.
    const box = await designer.locator(".stack").boundingBox();
    assert.ok(box);
    await j.page.mouse.click(box.x + box.width / 2, box.y + box.height - 5);
    await designer.locator(".card.selected").waitFor({ state: "detached" });
    await designer.locator(".palette-entry[data-type='Softmax']").click();
    await designer.locator(".card.selected[data-index='5'] .card-type", { hasText: "Softmax" }).waitFor();
    await j.page.screenshot({ path: join(shots, "journey-built-by-clicks.png") });
  });

  it("wires a residual block with the mouse: a chain after a layer, two layers selected, Add joins them", async () => {
    const model = `{\n  "version": 1,\n  "layers": [\n    { "type": "Input", "shape": [16, 16, 8] },\n    { "type": "Conv2D", "filters": 8, "kernelSize": 3, "padding": "same" },\n    { "type": "GlobalAveragePooling2D" },\n    { "type": "Dense", "units": 10 }\n  ]\n}\n`;
    await j.openFolder({ "res.cnn.json": model });
    const designer = await j.openDesigner("res.cnn.json");
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
    await j.saved("res.cnn.json", (t) => t.includes('"Add"'));
    const disk = onDisk(join(j.folder, "res.cnn.json"));
    assert.deepEqual(disk.types, ["Input", "Conv2D", "BatchNormalization", "ReLU", "Add", "GlobalAveragePooling2D", "Dense"]);
    assert.deepEqual(disk.inputs.add, ["conv2d", "re_lu"]);
    await j.page.screenshot({ path: join(shots, "journey-residual-mouse.png") });
  });

  it("the keyboard alone: search and Enter add, Shift+arrow selects two layers, Add joins them; training set up; exported", async () => {
    await j.openFolder({ "keys.cnn.json": emptyModel });
    const designer = await j.openDesigner("keys.cnn.json");
    const search = designer.locator(".palette .palette-filter");
    // Tab reaches the palette's search box from wherever the designer's focus starts.
    for (let i = 0; i < 6 && !(await search.evaluate((el) => el === document.activeElement)); i++) await j.page.keyboard.press("Tab");
    assert.ok(await search.evaluate((el) => el === document.activeElement), "Tab reaches the search box");
    const add = async (query: string, type: string, index: number) => {
      // Typed as a person types, and read back before Enter (a keystroke lost under load is typed again).
      for (let attempt = 0; attempt < 3 && (await search.inputValue()) !== query; attempt++) {
        await j.page.keyboard.press("Control+A");
        await j.page.keyboard.type(query, { delay: 20 });
      }
      assert.equal(await search.inputValue(), query);
      await j.page.keyboard.press("Enter");
      await designer.locator(`.card.selected[data-index='${index}'] .card-type`, { hasText: new RegExp(`^${type}$`) }).waitFor();
    };
    await add("input", "Input", 0);
    await add("conv2d", "Conv2D", 1);
    await add("batchnorm", "BatchNormalization", 2);
    // To the layer list (Tab past the palette's one stop); Shift+ArrowUp adds Conv2D to the selection.
    await j.page.keyboard.press("Tab");
    await j.page.keyboard.press("Tab");
    await designer.locator(".stack:focus").waitFor();
    await j.page.keyboard.press("Shift+ArrowUp");
    await designer.locator(".card.selected").nth(1).waitFor();
    // Back to the search (Shift+Tab twice): Add joins the two (a skip connection around the normalisation).
    await j.page.keyboard.press("Shift+Tab");
    await j.page.keyboard.press("Shift+Tab");
    await add("add", "Add", 3);
    await j.saved("keys.cnn.json", (t) => t.includes('"Add"'));
    const disk = onDisk(join(j.folder, "keys.cnn.json"));
    assert.deepEqual(disk.types, ["Input", "Conv2D", "BatchNormalization", "Add"]);
    assert.deepEqual(disk.inputs.add, ["conv2d", "batch_normalization"]);
    assert.equal(await designer.locator(".card.error").count(), 0);
    // A classifier's head, by search and Enter too.
    await add("globalaveragepooling2d", "GlobalAveragePooling2D", 4);
    await add("dense", "Dense", 5);
    // The training set up by keys alone: to the layer list, Escape clears the selection (the model's panel),
    // Tab reaches the dataset, Enter and an arrow pick the MNIST sample; the focus stays there across the answer.
    const focusedId = () => designer.locator("body").evaluate(() => document.activeElement?.id ?? "");
    await j.page.keyboard.press("Tab");
    await j.page.keyboard.press("Tab");
    await designer.locator(".stack:focus").waitFor();
    await j.page.keyboard.press("Escape");
    await designer.locator(".properties h2", { hasText: "Training" }).waitFor();
    for (let i = 0; i < 8 && (await focusedId()) !== "field-setting-dataset"; i++) await j.page.keyboard.press("Tab");
    await j.page.keyboard.press("Enter");
    await j.page.keyboard.press("ArrowDown");
    await j.page.keyboard.press("Enter");
    await designer.locator("#field-setting-training-dataset-resize").waitFor();
    await waitForCondition(async () => (await focusedId()) === "field-setting-dataset");
    for (let i = 0; i < 12 && (await focusedId()) !== "field-setting-training-epochs"; i++) await j.page.keyboard.press("Tab");
    await j.page.keyboard.type("1");
    await j.page.keyboard.press("Enter");
    await j.saved("keys.cnn.json", (t) => t.includes('"mnist-sample"') && t.includes('"epochs": 1'));
    // Exported by keys: the command palette, the format typed, the save dialog's name accepted.
    await command(j.page, "CNN Designer: Export Model…");
    await j.page.locator(".quick-input-list .monaco-list-row", { hasText: "Keras script (.py)" }).first().waitFor();
    await j.page.keyboard.type("Keras script (.py)");
    await j.page.keyboard.press("Enter");
    const save = j.page.locator(".quick-input-widget input");
    await waitForCondition(async () => (await save.inputValue()).endsWith("keys_keras.py"));
    await j.page.keyboard.press("Enter");
    await waitFor(() => existsSync(join(j.folder, "keys_keras.py")), 30_000);
    assert.match(readFileSync(join(j.folder, "keys_keras.py"), "utf8"), /layers\.Add\(/);
  });

  it("search ranks names first: 'dense' then Enter adds Dense; 'flat' offers Flatten first", async () => {
    await j.openFolder({ "search.cnn.json": `{ "version": 1, "layers": [{ "type": "Input", "shape": [4] }] }\n` });
    const designer = await j.openDesigner("search.cnn.json");
    const search = designer.locator(".palette .palette-filter");
    await search.fill("flat");
    assert.equal(await designer.locator(".palette-entry").first().getAttribute("data-type"), "Flatten");
    await search.fill("dense");
    assert.equal(await designer.locator(".palette-entry").first().getAttribute("data-type"), "Dense");
    await search.press("Enter");
    await designer.locator(".card .card-type", { hasText: /^Dense$/ }).waitFor();
  });

  it("only *.cnn.json files are analysed: JSON and text files opened and closed, and settings written, get no CNN Designer problem", async () => {
    await j.openFolder({
      "notes.json": `{ "title": "not a model", "layers": 3 }\n`,
      "tsconfig.json": `{ "compilerOptions": {} }\n`,
      "readme.txt": "hello\n",
      "m.cnn.json": `{ "version": 1, "layers": [{ "type": "Input", "shape": [4] }, { "type": "Dense", "units": 2 }] }\n`,
    });
    for (const name of ["notes.json", "tsconfig.json", "readme.txt"]) {
      await quickOpen(j.page, name);
      await j.page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first().waitFor();
      await j.page.keyboard.press("Enter");
      await j.page.locator(".tab.active", { hasText: name }).waitFor();
      await j.page.keyboard.press("Control+W");
      await j.page.locator(".tab", { hasText: name }).waitFor({ state: "detached" });
    }
    // Switching the theme writes the user's settings.json. A theme picked by name, whatever the theme was (an
    // earlier suite may have left a high-contrast one, which the light/dark toggle does not always leave).
    const theme = async () =>
      (await j.page.locator(".monaco-workbench").getAttribute("class"))?.match(/(?:^|\s)(vs-dark|hc-black|hc-light|vs)(?=\s|$)/)?.[1];
    const before = await theme();
    const target = before === "vs" ? "Dark Modern" : "Light Modern";
    await pickColorTheme(j.page, target);
    await waitForCondition(async () => (await theme()) === (target === "Dark Modern" ? "vs-dark" : "vs"));
    // The model file is checked (it is valid): then the workspace has no problem at all.
    await command(j.page, "CNN Designer: Check All Models");
    await showNotifications(j.page);
    await j.page.locator(".notification-list-item", { hasText: "1 model file checked: 0 errors, 0 warnings" }).first().waitFor();
    await j.page.keyboard.press("Control+Shift+M");
    await j.page.locator(".markers-panel", { hasText: "No problems have been detected in the workspace" }).waitFor();
    for (const name of ["notes.json", "tsconfig.json", "readme.txt"]) {
      // A file with problems shows their count beside its name.
      const row = j.page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`);
      assert.equal(((await row.textContent()) ?? "").trim(), name);
    }
  });

  it("commands work from the designer: Show Model Summary, the status bar item and Insert Layer", async () => {
    await j.openFolder({ "cmd.cnn.json": readFileSync(join(server!.workspace, "designer-seed.cnn.json"), "utf8") });
    const designer = await j.openDesigner("cmd.cnn.json");
    await designer.locator(".card", { hasText: "conv1" }).click();
    await command(j.page, "CNN Designer: Show Model Summary");
    const output = j.page.locator(".panel .monaco-editor .view-lines");
    await output.filter({ hasText: "Total params" }).waitFor();
    await j.page.locator(".statusbar-item", { hasText: "params" }).first().click();
    await output.filter({ hasText: "Total params" }).waitFor();
    assert.equal(await j.page.locator(".notification-list-item", { hasText: "Open a *.cnn.json model first" }).count(), 0);
    const before = await designer.locator(".card").count();
    await command(j.page, "CNN Designer: Insert Layer");
    await j.page.locator(".quick-input-widget input").fill("Dropout");
    await j.page.locator(".quick-input-list .monaco-list-row", { hasText: "Dropout" }).first().waitFor();
    await j.page.keyboard.press("Enter");
    // Through the designer: after its selection (conv1), and selected.
    await designer.locator(".card.selected[data-index='2'] .card-type", { hasText: "Dropout" }).waitFor();
    assert.equal(await designer.locator(".card").count(), before + 1);
  });

  it("no duplicate tabs: a Model Summary click selects the card; Open as JSON twice shows one text tab", async () => {
    await j.openFolder({ "tabs.cnn.json": readFileSync(join(server!.workspace, "designer-seed.cnn.json"), "utf8") });
    const designer = await j.openDesigner("tabs.cnn.json");
    await designer.locator(".card").first().waitFor();
    await showCnnDesigner(j.page);
    await j.page.locator(".monaco-list-row", { hasText: "conv1" }).first().click();
    await designer.locator(".card.selected", { hasText: "conv1" }).waitFor();
    assert.equal(await j.page.locator(".tab", { hasText: "tabs.cnn.json" }).count(), 1);
    await designer.locator(".open-json").click();
    await j.page.locator(".editor-group-container .monaco-editor .view-line", { hasText: '"conv1"' }).first().waitFor();
    await j.page.locator(".tab", { hasText: "tabs.cnn.json" }).nth(1).waitFor();
    // Again from the designer (a click on it makes its group the active one): the open text tab comes forward.
    await designer.locator(".card", { hasText: "conv2d_1" }).click();
    await waitForCondition(async () => (await j.page.locator(".editor-group-container.active .monaco-editor").count()) === 0);
    await designer.locator(".open-json").click();
    await j.page.locator(".editor-group-container.active .monaco-editor .view-line", { hasText: '"conv1"' }).first().waitFor();
    assert.equal(await j.page.locator(".tab", { hasText: "tabs.cnn.json" }).count(), 2, "the designer's tab and one text tab");
  });
});

/**
 * The new user's journey in the designer, continued: from scratch, from an empty file, and the whole journey. One
 * scenario per test, each in a fresh folder and a fresh workbench of its own (nothing carries over).
 */
import * as assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { command, shots, showNotifications, waitFor, webview } from "./helpers";
import { journeySession, waitForCondition } from "./journeySession";

describe("the new user's journey in the designer", () => {
  const j = journeySession();

  it("starts from scratch: New Model… → Empty model asks the input shape and opens the designer", async () => {
    await j.openFolder({ "readme.txt": "an empty project\n" });
    await command(j.page, "CNN Designer: New Model");
    const input = j.page.locator(".quick-input-widget input");
    await j.page.locator(".quick-input-list .monaco-list-row", { hasText: "Empty model" }).first().waitFor();
    await j.page.keyboard.press("Enter");
    // The shape, checked as it is typed.
    await input.fill("32, 0, 3");
    await j.page.locator(".quick-input-message", { hasText: "'0' is not a size" }).waitFor();
    await input.fill("32, 32, 3");
    await j.page.keyboard.press("Enter");
    // The save dialog proposes model.cnn.json in the j.folder.
    await j.page.locator(".quick-input-widget input").waitFor();
    for (let i = 0; i < 100 && !/model\.cnn\.json$/.test(await input.inputValue()); i++) await j.page.waitForTimeout(100);
    await j.page.keyboard.press("Enter");
    await j.page.locator(".tab.active", { hasText: "model.cnn.json" }).waitFor();
    const designer = await webview(j.page, ".stack .card");
    await designer.locator(".card", { hasText: "(None, 32, 32, 3)" }).waitFor();
    const written = JSON.parse(readFileSync(join(j.folder, "model.cnn.json"), "utf8")) as { name: string; layers: unknown[] };
    assert.deepEqual(written, { version: 1, name: "model", layers: [{ type: "Input", shape: [32, 32, 3] }] });
    await j.page.screenshot({ path: join(shots, "journey-empty-model.png") });
  });

  it("an empty file offers its skeleton in one click; a palette click works on it too; file problems link to the JSON", async () => {
    await j.openFolder({
      "blank.cnn.json": "",
      "half.cnn.json": `{ "name": "half" }\n`,
      "bad.cnn.json": `{ "version": 1, "layers": [ { "type": "Input", "shape": [4] } }\n`,
    });
    let designer = await j.openDesigner("blank.cnn.json");
    await designer.locator(".banner", { hasText: "This file is empty" }).waitFor();
    await designer.locator(".banner .banner-action", { hasText: "Create the model skeleton" }).click();
    await designer.locator(".banner").waitFor({ state: "hidden" });
    await j.saved("blank.cnn.json", (t) => t === `{\n  "version": 1,\n  "layers": []\n}\n`);
    // A file without the skeleton: the first palette click brings it, with the layer, and keeps what was there.
    designer = await j.openDesigner("half.cnn.json");
    await designer.locator(".banner", { hasText: "lacks a model's skeleton" }).waitFor();
    await designer.locator(".palette-entry[data-type='Input']").click();
    await designer.locator(".card.selected .card-type", { hasText: "Input" }).waitFor();
    await j.saved("half.cnn.json", (t) => t.includes('"Input"'));
    const half = JSON.parse(readFileSync(join(j.folder, "half.cnn.json"), "utf8")) as {
      name: string;
      version: number;
      layers: { type: string }[];
    };
    assert.deepEqual([half.name, half.version, half.layers.map((l) => l.type)], ["half", 1, ["Input"]]);
    // A syntax error: the banner says it, and its link shows the place in the JSON.
    designer = await j.openDesigner("bad.cnn.json");
    const link = designer.locator(".banner .banner-link", { hasText: "JSON syntax" }).first();
    await link.waitFor();
    await j.page.screenshot({ path: join(shots, "journey-file-problem-banner.png") });
    await link.click();
    await j.page.locator(".editor-group-container.active .monaco-editor .view-line", { hasText: '"Input"' }).first().waitFor();
    await j.page.locator(".editor-group-container.active .monaco-editor .selected-text").first().waitFor();
  });

  it("the whole journey: an empty model built by clicks, training set up in the panel, trained, exported, without touching JSON", async () => {
    await j.openFolder({ "digits.cnn.json": `{\n  "version": 1,\n  "layers": [\n    { "type": "Input", "shape": [28, 28, 1] }\n  ]\n}\n` });
    const designer = await j.openDesigner("digits.cnn.json");
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
    await j.saved("digits.cnn.json", (t) => t.includes('"epochs": 1') && t.includes('"mnist-sample"') && t.includes('"accuracy"'));
    await j.page.screenshot({ path: join(shots, "journey-training-panel.png") });
    // Train Model from the editor title's ▶.
    await j.page.locator(".editor-group-container.active .editor-actions .action-label[aria-label^='Train Model']:not(.disabled)").click();
    const output = j.page.locator(".panel");
    await output.filter({ hasText: "Estimated time per epoch" }).first().waitFor({ timeout: 90_000 });
    await output.filter({ hasText: "Test accuracy:" }).first().waitFor({ timeout: 120_000 });
    const written = JSON.parse(readFileSync(join(j.folder, "digits.cnn.json"), "utf8")) as { layers: { type: string }[] };
    assert.deepEqual(
      written.layers.map((l) => l.type),
      ["Input", "Conv2D", "MaxPooling2D", "Flatten", "Dense"],
    );
    await j.page.screenshot({ path: join(shots, "journey-trained.png") });
    // Exported with the run's trained weights: ONNX, the run picked, the save dialog's name accepted. (Once the run
    // is written and over: its end reveals views, which may take the focus.)
    await j.page.locator(".panel").filter({ hasText: "Run written to" }).first().waitFor({ timeout: 60_000 });
    await command(j.page, "CNN Designer: Export Model…");
    await j.page.locator(".quick-input-list .monaco-list-row", { hasText: "ONNX model (.onnx)" }).first().click();
    await j.page.locator(".quick-input-widget", { hasText: "Include trained weights?" }).waitFor();
    await j.page.locator(".quick-input-list .monaco-list-row").first().click();
    // VS Code's own save dialog (a quick input with the path): the name it offers beside the model.
    const save = j.page.locator(".quick-input-widget input");
    await waitForCondition(async () => (await save.inputValue()).endsWith("digits.onnx"));
    await j.page.keyboard.press("Enter");
    await waitFor(() => existsSync(join(j.folder, "digits.onnx")), 30_000);
    await showNotifications(j.page);
    await j.page.locator(".notification-list-item", { hasText: "Exported digits to digits.onnx with the weights of" }).first().waitFor();
    assert.ok(statSync(join(j.folder, "digits.onnx")).size > 100_000, "the trained weights are inside");
  });

  it("Train Model on a model without training settings offers the MNIST sample instead of failing", async () => {
    const model = `{\n  "version": 1,\n  "layers": [\n    { "type": "Input", "shape": [32, 32, 3] },\n    { "type": "GlobalAveragePooling2D" },\n    { "type": "Dense", "units": 10, "activation": "softmax" }\n  ]\n}\n`;
    await j.openFolder({ "bare.cnn.json": model });
    await j.openDesigner("bare.cnn.json");
    await command(j.page, "CNN Designer: Train Model");
    const dialog = j.page.locator(".monaco-dialog-box", { hasText: "no training settings yet" });
    await dialog.waitFor();
    await dialog.locator(".monaco-button", { hasText: "Use the MNIST Sample" }).click();
    // The section is added (resized: the input is 32×32×3) and the run starts.
    await j.page.locator(".panel").filter({ hasText: "Epoch 1/5" }).first().waitFor({ timeout: 90_000 });
    await command(j.page, "CNN Designer: Stop Training");
    await j.page.keyboard.press("Control+S");
    await waitFor(() => readFileSync(join(j.folder, "bare.cnn.json"), "utf8").includes('"mnist-sample", "resize": true'));
  });
});

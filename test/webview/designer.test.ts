import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { analyze } from "../../src/core";
import { whatIfMessage, whatIfSetMessage } from "../../src/extension/webviews/designer/edits";
import type { WhatIfRequest, WhatIfSetRequest } from "../../src/protocol/designer";
import { answerSwaps, designerSession, modelMessage, sendToWebview } from "./harness";

const root = join(__dirname, "..", "..", "..");
const seed = readFileSync(join(root, "examples", "pooling-gap.cnn.json"), "utf8");

describe("designer webview (real Chromium, fake host)", () => {
  const session = designerSession(seed);
  const posted = () => session.posted();
  let page: Page;
  before(() => (page = session.page));

  it("asks for the model, then shows each layer with its shape and parameters, and the totals", async () => {
    assert.deepEqual((await posted())[0], { type: "ready" });
    assert.equal(await page.locator(".card").count(), 6);
    assert.match((await page.locator(".card", { hasText: "conv1" }).textContent()) ?? "", /\(None, 30, 30, 128\) · 3,584 params/);
    assert.match(
      (await page.locator(".totals").textContent()) ?? "",
      /^300,042 params \(300,042 trainable, 0 non-trainable\) · 218,397,440 MACs · parameters 1\.14 MB · activations 1\.16 MB per sample · training [\d.]+ MB at batch 128$/,
    );
    // The step's parts, on PyTorch and on tfjs, in the tooltip.
    assert.match(
      (await page.locator(".totals").getAttribute("title")) ?? "",
      /^A training step at batch 128 on PyTorch: weights 1\.14 MB, gradients 1\.14 MB, optimizer state 2\.29 MB, activations and their gradients [\d.]+ MB, workspace 65\.00 MB\nOn tfjs \(the wasm trainer, without Python\): [\d.]+ MB — weights 1\.14 MB, gradients 1\.14 MB, optimizer state 2\.29 MB, activations and their gradients [\d.]+ MB, working memory [\d.]+ MB$/,
    );
  });

  it("the pooling lesson: a global pooling layer offers Flatten and the other pooling, with the parameter change", async () => {
    await page.locator(".card", { has: page.locator(".card-name", { hasText: /^global_average_pooling2d$/ }) }).click();
    // The form asks the host for the swaps, which it computes on the document.
    await answerSwaps(page, seed);
    const flatten = page.locator(".properties .swaps .swap[data-type='Flatten']");
    assert.equal(await flatten.textContent(), "Flatten: 300,042 → 1,164,042 params (+864,000)");
    assert.equal(
      await page.locator(".properties .swaps .swap[data-type='GlobalMaxPooling2D']").textContent(),
      "GlobalMaxPooling2D: 300,042 → 300,042 params (±0)",
    );
    await flatten.click();
    assert.deepEqual((await posted()).at(-1), { type: "swapType", version: 1, index: 4, layerType: "Flatten" });
    // Other layers have no such choice.
    await page.locator(".card", { hasText: "conv1" }).click();
    assert.equal(await page.locator(".properties .swaps").count(), 0);
  });

  it("the palette adds after the selected layer, and says what pooling does", async () => {
    await page.locator(".card", { hasText: "conv2d_1" }).click();
    const entry = page.locator(".palette-entry[data-type='MaxPooling2D']");
    assert.match((await entry.getAttribute("title")) ?? "", /strongest activation of each window/);
    assert.match(
      (await page.locator(".palette-entry[data-type='GlobalAveragePooling2D']").getAttribute("title")) ?? "",
      /light alternative to Flatten/,
    );
    await entry.click();
    assert.deepEqual((await posted()).at(-1), { type: "addLayer", version: 1, layerType: "MaxPooling2D", index: 4 });
    await page.locator(".palette-filter").fill("separable");
    assert.deepEqual(await page.locator(".palette-entry").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.type)), [
      "SeparableConv2D",
    ]);
  });

  it("what-if: pointing at a palette entry shows what adding it after the selection would change, from the host", async () => {
    await page.locator(".card", { has: page.locator(".card-name", { hasText: /^conv2d_1$/ }) }).click();
    const entry = page.locator(".palette-entry[data-type='MaxPooling2D']");
    await entry.hover();
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === "whatIf"));
    const asked = (await posted()).filter((m) => (m as { type: string }).type === "whatIf").at(-1) as WhatIfRequest;
    assert.deepEqual(asked, { type: "whatIf", version: 1, index: 4, layerType: "MaxPooling2D", branch: false });
    // The host's answer, computed on the document as the extension computes it.
    await sendToWebview(page, whatIfMessage(seed, asked, analyze(seed)));
    const effect = entry.locator(".palette-effect");
    assert.equal(await effect.textContent(), "→ (None, 13, 13, 128) · 0 params · model 0 params, 0 MACs · 2 downstream layers change");
    // Away from it, the line goes; back on it, the answer kept is shown at once, without asking again.
    await page.locator(".palette-entry[data-type='Conv2D']").hover();
    assert.equal(await effect.count(), 0);
    await entry.hover();
    await effect.waitFor();
    const asks = (await posted()).filter(
      (m) => (m as WhatIfRequest).type === "whatIf" && (m as WhatIfRequest).layerType === "MaxPooling2D",
    );
    assert.equal(asks.length, 1);
  });

  it("a card shows its receptive field and its note; a click on the note selects the layer, as on the rest of the card", async () => {
    const card = page.locator(".card", { has: page.locator(".card-name", { hasText: /^conv2d_1$/ }) });
    assert.equal(await card.locator(".card-shape").textContent(), "(None, 26, 26, 128) · 147,584 params · RF 7×7");
    const note = card.locator(".problem.info");
    assert.match((await note.textContent()) ?? "", /^conv2d_1: receptive field 7×7 of the 32×32 input: /);
    await page.keyboard.press("Escape");
    await note.click();
    await page.locator(".card.selected", { has: page.locator(".card-name", { hasText: /^conv2d_1$/ }) }).waitFor();
    await page.waitForTimeout(100);
    assert.equal(await page.locator(".card.selected").count(), 1);
  });

  it("a new layer becomes the selection once the host's model has it; Escape and a click on empty space deselect", async () => {
    const send = (m: unknown) => sendToWebview(page, m);
    await page.locator(".card", { hasText: "conv1" }).click();
    await page.locator(".palette-entry[data-type='BatchNormalization']").click();
    assert.deepEqual((await posted()).at(-1), { type: "addLayer", version: 1, layerType: "BatchNormalization", index: 2 });
    // The host applies it and sends the new model: the new card is the selection.
    const lines = seed.split("\n");
    const at = lines.findIndex((l) => l.includes('"conv1"'));
    lines.splice(at + 1, 0, '    { "type": "BatchNormalization" },');
    await send(modelMessage(lines.join("\n"), 2));
    await page.locator(".card.selected[data-index='2']", { hasText: "batch_normalization" }).waitFor();
    assert.equal(await page.locator(".card.selected").count(), 1);
    // So the next click adds after it.
    await page.locator(".palette-entry[data-type='ReLU']").click();
    assert.deepEqual((await posted()).at(-1), { type: "addLayer", version: 2, layerType: "ReLU", index: 3 });
    await page.locator(".stack").press("Escape");
    assert.equal(await page.locator(".card.selected").count(), 0);
    await page.locator(".palette-entry[data-type='Dense']").click();
    assert.deepEqual((await posted()).at(-1), { type: "addLayer", version: 2, layerType: "Dense", index: 7 });
    await page.locator(".card", { hasText: "conv1" }).click();
    const box = await page.locator(".stack").boundingBox();
    await page.mouse.click(box!.x + box!.width / 2, box!.y + box!.height - 3);
    assert.equal(await page.locator(".card.selected").count(), 0);
  });

  it("Alt+click starts a branch; a merge with two layers selected joins them", async () => {
    await page.locator(".card", { hasText: "conv1" }).click();
    await page.locator(".palette-entry[data-type='Conv2D']").click({ modifiers: ["Alt"] });
    assert.deepEqual((await posted()).at(-1), { type: "addLayer", version: 1, layerType: "Conv2D", index: 2, branch: true });
    await page.locator(".card", { hasText: "conv2d_1" }).click({ modifiers: ["Control"] });
    await page.locator(".palette-entry[data-type='Add']").click();
    assert.deepEqual((await posted()).at(-1), { type: "addLayer", version: 1, layerType: "Add", index: 4, join: [1, 3] });
    // Keyboard: Shift+ArrowUp extends the selection.
    await page.locator(".card", { hasText: "conv2d_1" }).click();
    await page.keyboard.press("Shift+ArrowUp");
    assert.deepEqual(await page.locator(".card.selected .card-name").allTextContents(), ["conv2d", "conv2d_1"]);
  });

  it("the banner: an empty file offers the skeleton, file-level problems link to their place in the JSON", async () => {
    const send = (m: unknown) => sendToWebview(page, m);
    assert.equal(await page.locator(".banner").isHidden(), true, "a model without file-level problems has no banner");
    await send(modelMessage("", 2));
    await page.locator(".banner", { hasText: "This file is empty" }).waitFor();
    await page.locator(".banner .banner-action").click();
    assert.deepEqual((await posted()).at(-1), { type: "createSkeleton", version: 2 });
    const broken = '{ "version": 1, "layers": [ { "type": "Input", "shape": [4] } }';
    await send(modelMessage(broken, 3));
    const link = page.locator(".banner .banner-link").first();
    await link.waitFor();
    assert.match((await link.textContent()) ?? "", /JSON syntax/);
    await link.click();
    const reveal = (await posted()).at(-1) as { type: string; offset: number };
    assert.equal(reveal.type, "reveal");
    assert.equal(reveal.offset, analyze(broken).diagnostics.find((d) => d.code === "syntax")!.offset);
    await send(modelMessage("[1, 2]", 4));
    await page.locator(".banner .banner-action", { hasText: "Open as JSON" }).waitFor();
  });

  it("with nothing selected, the model's panel: name, description and training settings, each one edit", async () => {
    const send = (m: unknown) => sendToWebview(page, m);
    const withTraining = (training: object | undefined, version: number) => {
      const m = modelMessage(seed, version);
      return { ...m, settings: { name: m.settings.name, ...(training ? { training } : {}) } };
    };
    await send(withTraining(undefined, 1));
    await page.locator(".properties h2", { hasText: "Training" }).waitFor();
    assert.match((await page.locator(".properties .hint").textContent()) ?? "", /No training settings yet/);
    // The dataset, picked from the list the schema offers.
    const pick = async (id: string, label: string) => {
      await page.locator(id).click();
      await page
        .locator(`${id} li[role='option']`)
        .filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) })
        .click();
    };
    await pick("#field-setting-dataset", "mnist-sample");
    assert.deepEqual((await posted()).at(-1), {
      type: "setSetting",
      version: 1,
      path: ["training"],
      value: { dataset: { type: "mnist-sample" }, metrics: ["accuracy"] },
    });
    // The host answers with the new settings: the dataset's own fields appear.
    await send(withTraining({ dataset: { type: "idx" } }, 2));
    await page.locator("#field-setting-training-dataset-images").waitFor();
    await page.locator("#field-setting-training-dataset-images").locator("xpath=..").locator(".browse").click();
    assert.deepEqual((await posted()).at(-1), { type: "pickPath", version: 2, path: ["training", "dataset", "images"], folder: false });
    await send(withTraining({ dataset: { type: "cifar10" } }, 3));
    await page.locator("#field-setting-training-dataset-path").locator("xpath=..").locator(".browse").click();
    assert.deepEqual((await posted()).at(-1), { type: "pickPath", version: 3, path: ["training", "dataset", "path"], folder: true });
    // Fine-tuning: the run training starts from, typed or picked as a folder.
    await page.locator("#field-setting-training-initialWeights").locator("xpath=..").locator(".browse").click();
    assert.deepEqual((await posted()).at(-1), { type: "pickPath", version: 3, path: ["training", "initialWeights"], folder: true });
    const start = page.locator("#field-setting-training-initialWeights input");
    await start.fill(".cnn-runs/model/2026-12-03T05-00-00-imported");
    await start.press("Enter");
    assert.deepEqual((await posted()).at(-1), {
      type: "setSetting",
      version: 3,
      path: ["training", "initialWeights"],
      value: ".cnn-runs/model/2026-12-03T05-00-00-imported",
    });
    // A number checked as it is typed: a bad one is refused at the field, a good one sent.
    const epochs = page.locator("#field-setting-training-epochs input");
    await epochs.fill("0");
    await epochs.press("Enter");
    await page.locator(".field-error", { hasText: "epochs" }).waitFor();
    await epochs.fill("10");
    await epochs.press("Enter");
    assert.deepEqual((await posted()).at(-1), { type: "setSetting", version: 3, path: ["training", "epochs"], value: 10 });
    const name = page.locator("#field-setting-name input");
    await name.fill("my model");
    await name.press("Enter");
    assert.deepEqual((await posted()).at(-1), { type: "setSetting", version: 3, path: ["name"], value: "my model" });
  });

  it("the form says what a layer reads in words, and refuses a taken name at the field, going back to the old one", async () => {
    await page.locator(".card", { hasText: "conv2d_1" }).click();
    assert.equal(await page.locator(".properties .inputs-summary").textContent(), "reads conv2d (the layer before it)");
    const before = (await posted()).length;
    const name = page.locator("#field-name input");
    await name.fill("conv1");
    await name.press("Enter");
    await page.locator(".field-error", { hasText: "Another layer is already named 'conv1'." }).waitFor();
    assert.equal(await name.inputValue(), "conv2d_1");
    await name.fill("a/b");
    await name.press("Enter");
    await page.locator(".field-error", { hasText: "cannot contain '/'" }).waitFor();
    assert.equal((await posted()).length, before, "nothing was sent");
  });

  it("the form edits a parameter, checks it inline, and resets a default", async () => {
    await page.locator(".card", { hasText: "conv1" }).click();
    const filters = page.locator("#field-filters");
    await filters.waitFor();
    await filters.locator("input").fill("0");
    await filters.locator("input").press("Enter");
    await page.locator(".field-error", { hasText: "'filters' must be an integer ≥ 1, got 0" }).waitFor();
    assert.notEqual((await posted()).at(-1)?.type, "setParam", "an invalid value is not sent");
    await filters.locator("input").fill("64");
    await filters.locator("input").press("Enter");
    assert.deepEqual((await posted()).at(-1), { type: "setParam", version: 1, index: 1, key: "filters", value: 64 });
    assert.equal(await page.locator("#field-strides input").inputValue(), "", "a parameter the file leaves out shows empty");
    assert.equal(await page.locator("#field-strides input").getAttribute("placeholder"), "default 1");
    await page.locator("#field-strides input").fill("2");
    await page.locator("#field-strides input").press("Enter");
    assert.deepEqual((await posted()).at(-1), { type: "setParam", version: 1, index: 1, key: "strides", value: 2 });
    await page.locator("#field-strides input").fill("");
    await page.locator("#field-strides input").press("Enter");
    assert.deepEqual((await posted()).at(-1), { type: "resetParam", version: 1, index: 1, key: "strides" });
  });

  it("what-if in the form: a value typed, not yet applied, says what it would change", async () => {
    await page.locator(".card", { hasText: "conv1" }).click();
    const filters = page.locator("#field-filters");
    await filters.locator("input").fill("64");
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === "whatIfSet"));
    const asked = (await posted()).filter((m) => (m as WhatIfSetRequest).type === "whatIfSet").at(-1) as WhatIfSetRequest;
    assert.deepEqual(asked, { type: "whatIfSet", version: 1, index: 1, key: "filters", value: 64 });
    assert.notEqual((await posted()).at(-1)?.type, "setParam", "nothing is applied yet");
    await sendToWebview(page, whatIfSetMessage(seed, asked, analyze(seed)));
    // conv1: 3·3·3·64 + 64 = 1,792 params (−1,792); conv2d after it: 3·3·64·128 + 128 = 73,856 (−73,728).
    assert.equal(
      await filters.locator("xpath=..").locator(".field-effect").textContent(),
      "→ (None, 30, 30, 64) · 1,792 params · model −75,520 params, −59,357,952 MACs · 1 downstream layer changes",
    );
    // Typing on clears it; Enter applies, and the line goes.
    await filters.locator("input").fill("6");
    assert.equal(await page.locator(".field-effect").count(), 0);
    await filters.locator("input").press("Enter");
    assert.deepEqual((await posted()).at(-1), { type: "setParam", version: 1, index: 1, key: "filters", value: 6 });
  });

  it("wires a layer's inputs by picking layers, and reorders cards by dragging", async () => {
    await page.locator(".card", { hasText: "dense" }).click();
    const inputs = page.locator("#field-inputs");
    await inputs.waitFor();
    await inputs.click();
    await page.locator("#field-inputs li[role='option']", { hasText: /^\s*conv2d_1\s*$/ }).click();
    // A layer that reads one layer picks one (its name on the picker's face); a merge picks several.
    assert.deepEqual((await posted()).at(-1), { type: "setInputs", version: 1, index: 5, inputs: ["conv2d_1"] });
    assert.equal(await page.locator("#field-inputs").evaluate((e) => e.tagName.toLowerCase()), "vscode-single-select");
    await page.locator(".card", { hasText: "dense" }).dragTo(page.locator(".card", { hasText: "conv1" }));
    assert.deepEqual((await posted()).at(-1), { type: "moveLayer", version: 1, from: 5, to: 1 });
  });
});

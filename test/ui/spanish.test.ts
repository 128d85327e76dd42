/**
 * The extension in Spanish: a workbench whose display language is Spanish (the test's language pack), where the
 * commands, the walkthrough's titles, the engine's diagnostics — in the designer and in the Problems panel —, the
 * designer's own labels and the extension's notifications and status bar (l10n/bundle.l10n.es.json) are Spanish.
 */
import * as assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../vscode/browser";
import { spanishServer } from "../vscode/run";
import { command, extensionReady, quickOpen, shots, showNotifications, webview } from "./helpers";

describe("the extension in Spanish", () => {
  let context: BrowserContext;
  let page: Page;
  const model =
    '{ "version": 1, "layers": [ { "type": "Input", "shape": [8, 8, 1] }, { "type": "Conv2D", "filters": 4, "kernelSize": 9 }, { "type": "Dense", "units": 2 } ] }\n';
  const expected = "conv2d: un núcleo de 9×9 con relleno 'valid' necesita una entrada de al menos 9×9 y recibe 8×8";

  before(async () => {
    writeFileSync(join(spanishServer!.workspace, "es-modelo.cnn.json"), model);
    context = await launchBrowser();
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${spanishServer!.origin}/?folder=${encodeURIComponent(spanishServer!.workspace)}`);
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "es-modelo.cnn.json" }).waitFor({ timeout: 60_000 });
    await extensionReady(page);
  });
  afterEach(async function () {
    if (this.currentTest?.state === "failed")
      await page.screenshot({ path: join(shots, `failed-spanish-${this.currentTest.title.slice(0, 30)}.png`) });
  });
  after(() => context?.close());

  it("offers the commands under their Spanish titles", async () => {
    const input = page.locator(".quick-input-widget input");
    const row = (title: string) => page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first();
    // (The palette lists an extension's commands once the workbench has settled: asked again until it does.)
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press("F1");
      try {
        await input.waitFor({ timeout: 5000 });
        await input.fill(">Nuevo modelo");
        await row("CNN Designer: Nuevo modelo…").waitFor({ timeout: 5000 });
        break;
      } catch (e) {
        await page.keyboard.press("Escape");
        if (attempt === 12) throw e;
      }
    }
    await input.fill(">Abrir ejemplo");
    await row("CNN Designer: Abrir ejemplo").waitFor();
    await page.keyboard.press("Escape");
  });

  it("says a model's mistake in Spanish, on the designer's card and in the Problems panel", async () => {
    await quickOpen(page, "es-modelo.cnn.json");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "es-modelo.cnn.json" }).first().waitFor();
    await page.keyboard.press("Enter");
    const designer = await webview(page, ".stack .card");
    const problem = designer.locator(".card .problem.error");
    await problem.waitFor();
    assert.equal(await problem.textContent(), expected);
    // The designer's own labels, and its totals with Spanish grouping of digits.
    assert.equal((await designer.locator(".toggle-volumes").textContent())?.trim(), "Volúmenes");
    assert.equal(await designer.locator(".palette-filter").getAttribute("placeholder"), "Buscar capas");
    // The palette's headings and explanations, from the core's Spanish table.
    await designer.locator(".palette-groups h3", { hasText: "Agrupación (pooling)" }).waitFor();
    const gap = designer.locator('.palette-entry[data-type="GlobalAveragePooling2D"] .palette-doc');
    assert.match((await gap.textContent()) ?? "", /^Agrupación media global 2D/);
    assert.match((await designer.locator(".totals").textContent()) ?? "", /parámetros \(\d+ entrenables, \d+ no entrenables\)/);
    // A card's line, from the core's Spanish texts.
    assert.match((await designer.locator(".card .card-shape").first().textContent()) ?? "", / · \d[\d.]* parámetros?( · RF .*)?$/);
    // What-if in Spanish: pointing at ReLU with the input selected says what inserting it after the input gives.
    await designer.locator(".stack .card").first().click();
    await designer.locator('.palette-entry[data-type="ReLU"]').hover();
    await designer.locator(".palette-effect", { hasText: "→ (None, 8, 8, 1) · 0 parámetros" }).waitFor();
    // The volumes view labels its blocks in Spanish too.
    await designer.locator(".toggle-volumes").click();
    await designer.locator(".volumes svg text", { hasText: "parámetros" }).first().waitFor();
    await designer.locator(".toggle-volumes").click();
    await page.keyboard.press("Control+Shift+M");
    await page.locator(".markers-panel .monaco-list-row", { hasText: "un núcleo de 9×9" }).first().waitFor();
    await page.screenshot({ path: join(shots, "spanish-designer.png") });
  });

  it("says the extension's own notifications and status bar in Spanish", async () => {
    // The designer of es-modelo.cnn.json is the active editor: the status bar gives its figures.
    await page
      .locator(".statusbar-item", { hasText: /\d parámetros · .* MAC/ })
      .first()
      .waitFor();
    await command(page, "CNN Designer: Comprobar todos los modelos");
    await showNotifications(page);
    const checked = /\d+ archivos? de modelo comprobados?: \d+ errore?s?, \d+ advertencias?\./;
    await page.locator(".notification-list-item", { hasText: checked }).first().waitFor();
    await page.screenshot({ path: join(shots, "spanish-notification.png") });
  });
});

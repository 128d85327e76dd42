import * as assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../vscode/browser";
import { repoRoot } from "../vscode/codeServer";
import { server } from "../vscode/run";

const shots = join(repoRoot, "out", "screenshots");

/** Runs a command from the command palette, as a person would. */
async function command(page: Page, title: string): Promise<void> {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor();
  await page.keyboard.press("Enter");
}

/** Opens a workspace file with Quick Open. */
async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor();
  await input.fill(name);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first().waitFor();
  await page.keyboard.press("Enter");
  await page.locator(".tab.active", { hasText: name }).waitFor();
}

describe("CNN Designer in the VS Code workbench", () => {
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    assert.ok(server, "the harness starts code-server first");
    mkdirSync(shots, { recursive: true });
    context = await launchBrowser();
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server.origin}/?folder=${encodeURIComponent(server.workspace)}`);
    await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "ui-flatten.cnn.json" }).waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await page?.screenshot({ path: join(shots, "last.png") });
    await context?.close();
  });

  it("shows each layer's shape and parameters as inlay hints, and the totals in the status bar", async () => {
    await openFile(page, "ui-flatten.cnn.json");
    const hint = page.locator(".monaco-editor .view-lines", { hasText: "→ (None, 86528) · 0 params" });
    await hint.waitFor({ timeout: 30_000 });
    await page.locator(".monaco-editor .view-lines", { hasText: "→ (None, 10) · 865,290 params" }).waitFor();
    await page.locator(".statusbar-item", { hasText: "1.2M params · 219.3M MACs" }).waitFor();
    await page.screenshot({ path: join(shots, "inlay-hints.png") });
  });

  it("the pooling refactoring from the light bulb, saved to disk, then undone", async () => {
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

  it("the sidebar lists the layers with their shapes; the command palette shows the summary", async () => {
    await page.locator(".activitybar .action-item a[aria-label^='CNN Designer']").click();
    const row = page.locator(".monaco-list-row", { hasText: "dense" }).filter({ hasText: "(None, 10) · 865,290 params" });
    await row.first().waitFor();
    await page.locator(".monaco-list-row", { hasText: "Total" }).filter({ hasText: "1,164,042 params" }).first().waitFor();
    await page.screenshot({ path: join(shots, "sidebar.png") });
    await command(page, "CNN Designer: Show Model Summary");
    await page.locator(".output-view, .panel", { hasText: "Total params: 1,164,042" }).first().waitFor();
  });
});

async function waitFor(ok: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

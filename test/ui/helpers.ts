/** Helpers shared by the UI suites. */
import * as assert from "node:assert/strict";
import { join } from "node:path";
import type { FrameLocator, Locator, Page } from "playwright-core";
import { repoRoot } from "../vscode/codeServer";

/** Where the UI suites save screenshots. */
export const shots = join(repoRoot, "out", "screenshots");

/**
 * Runs a command from the command palette, as a person would. A command may be offered only after a while (one
 * enabled in a trusted workspace waits for the workbench to settle its trust, seconds after it opens): the palette
 * is opened again until it is, as a person would.
 */
export async function command(page: Page, title: string): Promise<void> {
  const input = page.locator(".quick-input-widget input");
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press("F1");
    try {
      // A webview with the focus may swallow F1 (it forwards keys to the workbench): then the palette never opens.
      await input.waitFor({ timeout: 5000 });
      await input.fill(`>${title}`);
      await row.waitFor({ timeout: 5000 });
      break;
    } catch (e) {
      await page.keyboard.press("Escape");
      if (attempt === 12) throw e;
    }
  }
  await page.keyboard.press("Enter");
}

/**
 * Opens the notification centre, as a person would, until it shows: once in a while the palette's Enter reached
 * the workbench before the command it had filtered to, and the centre stayed closed (the journey test's flake).
 */
export async function showNotifications(page: Page): Promise<void> {
  const centre = page.locator(".notifications-center.visible");
  for (let attempt = 1; ; attempt++) {
    await command(page, "Notifications: Show Notifications");
    try {
      await centre.waitFor({ timeout: 5000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

/**
 * Shows the CNN Designer view container: a click on its activity-bar icon, unless it is showing already (a click
 * then would hide it — VS Code may restore the sidebar from an earlier browser's session).
 */
export async function showCnnDesigner(page: Page): Promise<void> {
  if (await page.locator(".part.sidebar .composite.title", { hasText: "CNN Designer" }).isVisible()) return;
  await page.locator(".activitybar .action-item a[aria-label^='CNN Designer']").click();
  await page.locator(".part.sidebar .composite.title", { hasText: "CNN Designer" }).waitFor();
}

/**
 * Quick Open (Ctrl+P) with `name` typed in, retried: a quick input still closing (a theme picker) can swallow
 * the first Ctrl+P.
 */
export async function quickOpen(page: Page, name: string): Promise<void> {
  const input = page.locator(".quick-input-widget input");
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+P");
    try {
      await input.waitFor({ state: "visible", timeout: 5000 });
      await input.fill(name, { timeout: 5000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

/** Polls `ok` (e.g. a file's content on disk) until it holds, or fails after `ms`. */
export async function waitFor(ok: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The webview (inner frame) whose page has `selector`: the designer (.stack), the sidebar palette (.palette-target), the training charts (.charts). */
export async function webview(page: Page, selector: string): Promise<FrameLocator> {
  const frames = page.locator("iframe.webview");
  // Up to 60 s: a designer opened for the first time in a fresh workbench loads the extension and its bundle
  // first, which took just over 30 s once on the 2-core machine (a fresh-machine run); a poll, so no test waits longer.
  // (By the clock, not by attempts: each attempt's round trips take longer on a loaded machine.)
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    for (let i = 0; i < (await frames.count()); i++) {
      const inner = frames.nth(i).contentFrame().locator("#active-frame").contentFrame();
      if ((await inner.locator(selector).count()) > 0) return inner;
    }
    await page.waitForTimeout(100);
  }
  // What the workbench shows instead, for the log of a run that cannot be watched (CI).
  const tab = await page
    .locator(".editor-group-container.active .tab.active")
    .first()
    .textContent()
    .catch(() => null);
  const text = await page.locator(".editor-group-container.active .monaco-editor").count();
  const notes = await page.locator(".notification-toast").allTextContents();
  throw new Error(
    `no webview shows ${selector} after 60 s: ${await frames.count()} webview frame(s); the active tab ${JSON.stringify(tab)}` +
      `${text ? " shows a text editor" : ""}${notes.length ? `; notifications: ${JSON.stringify(notes)}` : ""}`,
  );
}

/**
 * Hovers `target` until the hover `hover` shows, as a person would: the mouse moves away and back when a hover
 * does not come (one that was dismissed, or a pointer already resting there, shows no new hover).
 */
export async function hoverUntil(page: Page, target: Locator, hover: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(0, 0);
    await target.hover();
    try {
      await hover.waitFor({ timeout: 5000 });
      return;
    } catch (e) {
      if (attempt === 6) throw e;
    }
  }
}

/**
 * Waits until the workbench knows CNN Designer's contributions (its activity-bar icon shows): a model opened
 * before then opens in the text editor, as VS Code does not know yet that the designer is its default editor.
 */
export async function extensionReady(page: Page): Promise<void> {
  await page.locator(".activitybar .action-item a[aria-label^='CNN Designer']").waitFor({ timeout: 60_000 });
}

/**
 * Picks the colour theme `name` with Preferences: Color Theme (a person's way; the theme is then written to the
 * user's settings.json). Waits for the theme picker to replace the command palette before typing the name.
 */
export async function pickColorTheme(page: Page, name: string): Promise<void> {
  const input = page.locator(".quick-input-widget input");
  const label = (text: RegExp) => page.locator(".quick-input-list .monaco-list-row .label-name", { hasText: text }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press("Escape");
    await page.keyboard.press("F1");
    try {
      // The palette may close under the click (a webview taking the focus as it loads, or a theme still being
      // applied): then the whole sequence is tried again, not the click alone.
      await input.waitFor({ timeout: 5000 });
      await input.fill(">Preferences: Color Theme");
      await label(/^Preferences: Color Theme$/).click({ timeout: 5000 });
      await label(/^(Light|Dark) Modern$/).waitFor({ timeout: 5000 });
      await input.fill(name);
      await label(new RegExp(`^${name}$`)).waitFor({ timeout: 5000 });
      break;
    } catch (e) {
      if (attempt === 12) throw e;
    }
  }
  await page.keyboard.press("Enter");
}

/** Closes every editor with View: Close All Editors, answering "Don't Save" when it asks about unsaved changes. */
export async function closeAllEditors(page: Page): Promise<void> {
  const tabs = page.locator(".tabs-container .tab");
  if ((await tabs.count()) === 0) return;
  const input = page.locator(".quick-input-widget input");
  // Exactly this command: "View: Close All Editors in Group" would leave the other groups open.
  const row = page.locator(".quick-input-list .monaco-list-row .label-name", { hasText: /^View: Close All Editors$/ }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press("Escape");
    // A webview with the focus may swallow F1: the palette is then opened again, as `command` does.
    await page.keyboard.press("F1");
    try {
      await input.waitFor({ timeout: 5000 });
      await input.fill(">View: Close All Editors");
      await row.waitFor({ timeout: 5000 });
      // The palette may close under the click (a theme still being applied re-renders the workbench): then the
      // whole sequence is tried again, not the click alone.
      await row.click({ timeout: 5000 });
      break;
    } catch (e) {
      if (attempt === 12) throw e;
    }
  }
  const dontSave = page.locator(".monaco-dialog-box .monaco-button", { hasText: "Don't Save" });
  for (let attempt = 0; attempt < 300 && (await tabs.count()) > 0; attempt++) {
    if (await dontSave.isVisible()) await dontSave.click();
    await page.waitForTimeout(100);
  }
  assert.equal(await tabs.count(), 0, "the editors of the test before are closed");
}

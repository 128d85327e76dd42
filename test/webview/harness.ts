/** The webview harness (harness.html: a webview bundle with a fake host), shared by the designer's webview tests. */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { analyze } from "../../src/core";
import { designerModel, swapsMessage } from "../../src/extension/webviews/designer/edits";
import type { ModelMessage } from "../../src/protocol/designer";
import { launchBrowser } from "../vscode/browser";

const harness = pathToFileURL(join(__dirname, "..", "..", "..", "test", "webview", "harness.html")).href;

/** The message the host sends for a model text. */
export function modelMessage(text: string, version = 1): ModelMessage {
  return designerModel(text, version, analyze(text, { layerRanges: true }));
}

/** Loads the designer in `page` afresh and waits until it has asked for the model. */
export async function openDesignerHarness(page: Page): Promise<void> {
  await page.goto(harness);
  await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
}

/**
 * Answers the designer's last question about a layer's pooling swaps as the host does, on the model text it shows
 * (waits for the question first).
 */
export async function answerSwaps(page: Page, text: string, version = 1): Promise<void> {
  type Posted = { type: string; index?: number };
  const asked = async () =>
    (await page.evaluate(() => (window as unknown as { __posted: Posted[] }).__posted)).filter((m) => m.type === "swapsFor");
  await page.waitForFunction(() => (window as unknown as { __posted: Posted[] }).__posted.some((m) => m.type === "swapsFor"));
  const index = (await asked()).at(-1)?.index ?? -1;
  await sendToWebview(page, swapsMessage(text, version, index, analyze(text)));
}

/** Sends the webview a host message. */
export async function sendToWebview(page: Page, message: unknown): Promise<void> {
  await page.evaluate((m) => (window as unknown as { __send(m: unknown): void }).__send(m), message);
}

/** The designer's test page: one browser for the suite, the seed model shown before each test. */
export interface DesignerSession {
  readonly page: Page;
  /** The messages the webview has posted to its (fake) host. */
  posted(): Promise<{ type: string }[]>;
}

/** Registers the hooks of a designer suite (a browser, then the harness with `seed` before each test) and returns its page. */
export function designerSession(seed: string): DesignerSession {
  let context: BrowserContext | undefined;
  const session = {
    page: undefined as unknown as Page,
    posted: () => session.page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted),
  };
  before(async () => {
    context = await launchBrowser();
    session.page = context.pages()[0] ?? (await context.newPage());
  });
  after(() => context?.close());
  beforeEach(async () => {
    await openDesignerHarness(session.page);
    await sendToWebview(session.page, modelMessage(seed));
    await session.page.locator(".card").first().waitFor();
  });
  return session;
}

import * as assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import type { ChartRun, ChartsHostMessage } from "../../src/protocol/charts";
import { launchBrowser } from "../vscode/browser";

const root = join(__dirname, "..", "..", "..");

/** A finished run of `epochs` epochs with 3 batches each. */
function run(id: string, epochs: number, accuracy = 0.9): ChartRun {
  return {
    id,
    label: `model · ${id}`,
    batches: Array.from({ length: epochs * 3 }, (_, i) => ({
      epoch: Math.floor(i / 3) + 1,
      batch: (i % 3) + 1,
      loss: 1 / (i + 1),
      accuracy,
    })),
    epochs: Array.from({ length: epochs }, (_, i) => ({
      epoch: i + 1,
      loss: 1 / (i + 1),
      accuracy,
      val_loss: 1.2 / (i + 1),
      val_accuracy: accuracy - 0.01,
    })),
    live: false,
  };
}

describe("training charts webview (real Chromium, fake host)", () => {
  let context: BrowserContext;
  let page: Page;
  const send = (m: ChartsHostMessage) => page.evaluate((msg) => (window as unknown as { __send(m: unknown): void }).__send(msg), m);

  before(async () => {
    context = await launchBrowser();
    page = context.pages()[0] ?? (await context.newPage());
  });
  after(() => context?.close());

  beforeEach(async () => {
    await page.goto(`${pathToFileURL(join(root, "test", "webview", "harness.html")).href}?bundle=charts`);
    await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  });

  it("asks for the runs, then draws loss and accuracy per epoch and per batch, training against validation", async () => {
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted[0]), { type: "ready" });
    await send({ type: "runs", runs: [run("a", 4)] });
    await page.locator(".chart[data-chart='epochLoss'] canvas").waitFor();
    assert.equal(await page.locator(".chart canvas").count(), 4);
    assert.equal(
      await page.locator(".chart[data-chart='epochLoss'] .uplot").getAttribute("aria-label"),
      "Loss per epoch: training, validation",
    );
    assert.equal(await page.locator(".chart[data-chart='batchLoss'] .uplot").getAttribute("aria-label"), "Loss per batch: training");
    // The numbers behind the charts, as a table.
    assert.deepEqual(await page.locator(".run-table thead td").allTextContents(), [
      "epoch",
      "loss",
      "accuracy",
      "val_loss",
      "val_accuracy",
    ]);
    assert.equal(await page.locator(".run-table tbody tr").count(), 4);
    assert.equal(await page.locator(".title").textContent(), "model · a");
  });

  it("follows a live run batch by batch and epoch by epoch, and marks its end", async () => {
    await send({ type: "runs", runs: [{ ...run("live", 0), live: true }] });
    await page.locator(".title", { hasText: "model · live — training" }).waitFor();
    for (let b = 1; b <= 3; b++)
      await send({ type: "append", id: "live", kind: "batch", row: { epoch: 1, batch: b, loss: 2 / b, accuracy: 0.5 } });
    await send({
      type: "append",
      id: "live",
      kind: "epoch",
      row: { epoch: 1, loss: 0.7, accuracy: 0.6, val_loss: 0.8, val_accuracy: 0.55 },
    });
    await page.locator(".run-table tbody tr").first().waitFor();
    assert.deepEqual(await page.locator(".run-table tbody tr td").allTextContents(), ["1", "0.7000", "0.6000", "0.8000", "0.5500"]);
    const points = await page.evaluate(() => document.querySelectorAll(".chart[data-chart='batchLoss'] .u-over").length);
    assert.equal(points, 1);
    await send({ type: "ended", id: "live" });
    await page.locator(".title", { hasText: /^model · live$/ }).waitFor();
  });

  it("compares runs on the same charts, one colour per run", async () => {
    await send({ type: "runs", runs: [run("gap", 3, 0.95), run("flatten", 5, 0.9)] });
    await page.locator(".title", { hasText: "Comparing 2 runs" }).waitFor();
    const label = await page.locator(".chart[data-chart='epochAccuracy'] .uplot").getAttribute("aria-label");
    assert.equal(
      label,
      "Accuracy per epoch: model · gap · training, model · gap · validation, model · flatten · training, model · flatten · validation",
    );
    assert.equal(await page.locator(".run-table").count(), 2);
  });
});

/**
 * [vscode-surfaces] Inside the extension host: names, types, run-folder names and run reasons reach hovers, the
 * Model Summary and Runs trees, quick picks and notifications as text only — no link VS Code would make
 * clickable (its own pattern for notification links is copied below), no image, no HTML, no icon — and a run
 * folder a cloned repository holds, however malformed, never empties the Runs view.
 */
import * as assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { printable } from "../../../src/core";
import { markdownText, notificationText, pickText } from "../../../src/extension/plainText";
import { RunsView } from "../../../src/extension/training/runsView";
import type { RunUpdate } from "../../../src/extension/training/controller";
import { extensionId, fixture, open, until } from "./helpers";

/** VS Code's pattern for links in notification messages (src/vs/base/common/linkedText.ts). */
const linkRegex = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

/** Text that is markup somewhere in VS Code. */
const hostile = [
  "[Fix](command:workbench.action.terminal.new)",
  "[Docs](https://evil.example)",
  "[f](file:///etc/passwd)",
  "![beacon](https://evil.example/b.png)",
  "<img src=x onerror=alert(1)>",
  "$(bug) verified",
  "`code` *em* _u_ # h | t ~~s~~",
  "a\nb | forged | row",
];

/** Markdown in which user text can be nothing but text: no unescaped link, image or HTML opener, no line break. */
function assertInert(md: vscode.MarkdownString | string | undefined, what: string): string {
  assert.ok(md instanceof vscode.MarkdownString, `${what}: a MarkdownString`);
  assert.ok(!md.isTrusted && !md.supportHtml && !md.supportThemeIcons, `${what}: untrusted, no HTML, no icons`);
  const value = md.value;
  assert.doesNotMatch(value, /(?<!\\)\]\(|(?<!\\)!\[|(?<!\\)<|\$\(/, `${what}: ${value}`);
  return value;
}

describe("[vscode-surfaces] user text on VS Code's own surfaces", () => {
  it("[vscode-surfaces] notifications: no link VS Code would make clickable, the text kept", () => {
    for (const text of hostile) {
      const shown = notificationText(text);
      assert.equal(shown.match(linkRegex), null, shown);
      assert.equal(shown.replace(/\u200b/g, ""), printable(text, true));
    }
    assert.equal(notificationText("[a] (command:x)").match(/\]\s*\(/)?.[0], undefined);
  });

  it("[vscode-surfaces] quick picks: `$(icon)` shown as written", () => {
    assert.equal(pickText("$(bug) verified"), "\\$(bug) verified");
  });

  it("[vscode-surfaces] a hover and the Model Summary's tooltips show names and types as text", async () => {
    const layers = [
      { type: "Input", name: "in", shape: [4] },
      ...hostile.slice(4, 7).map((name) => ({ type: "Dense", name, units: 2 })),
      // An unknown type is its own automatic name, slashes and all: a URL can be a name this way.
      { type: "[Docs](https://evil.example) ![i](https://evil.example/i.png)" },
    ];
    const uri = fixture("hostile-hover.cnn.json");
    writeFileSync(uri.fsPath, JSON.stringify({ version: 1, layers }, null, 1));
    try {
      const editor = await open("hostile-hover.cnn.json");
      const text = editor.document.getText();
      for (const layer of layers.slice(1)) {
        const at = editor.document.positionAt(text.indexOf(JSON.stringify(layer.type)) + 2);
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", uri, at);
        const ours = hovers.flatMap((h) => h.contents).find((c) => c instanceof vscode.MarkdownString && c.value.includes("Output shape"));
        const value = assertInert(ours as vscode.MarkdownString, `hover of ${layer.type}`);
        assert.ok(value.includes(markdownText(layer.type)), value);
      }
      const api = vscode.extensions.getExtension<{ tree: vscode.TreeDataProvider<{ layer?: { name: string } }> }>(extensionId)!.exports;
      const rows = await until(
        async () => (await api.tree.getChildren()) ?? [],
        (r) => r.length === layers.length + 1,
        5000,
        "the summary rows",
      );
      for (const row of rows.slice(1)) {
        const item = await api.tree.getTreeItem(row);
        const value = assertInert(item.tooltip, `tooltip of ${row.layer?.name}`);
        assert.ok(value.includes(markdownText(row.layer?.name ?? "")), value);
      }
    } finally {
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
      rmSync(uri.fsPath, { force: true });
    }
  });

  it("[vscode-surfaces] the Runs view: hostile folder names and reasons as text; malformed runs listed, never breaking it", async () => {
    const base = join(fixture(".").fsPath, ".cnn-runs", "hostile");
    const run = (name: string, files: Record<string, string>, model = true) => {
      mkdirSync(join(base, name), { recursive: true });
      if (model) writeFileSync(join(base, name, "model.cnn.json"), "{}");
      for (const [file, content] of Object.entries(files)) writeFileSync(join(base, name, file), content);
    };
    const evil = "[see the log](command:workbench.action.terminal.new) $(bug) `x` ![t](https:evil.example)";
    const reason = "![t](https://evil.example/t.gif) [Open the log](https://evil.example) <img src=x>";
    const status = (state: string, pid = 1) =>
      JSON.stringify({ format: 1, state, reason, pid, host: "elsewhere", epochsDone: 1, epochs: 3 });
    run(evil, {
      "status.json": status("killed"),
      "metrics.json": JSON.stringify({ epochs: [{ epoch: 1, loss: 1 }], stopReason: reason, backend: "$(bug)" }),
    });
    run("epochs-not-a-list", { "metrics.json": JSON.stringify({ epochs: {}, test: { accuracy: "1" } }) });
    run("strings-for-numbers", {
      "metrics.json": JSON.stringify({ epochs: [{ epoch: 1, loss: "x", accuracy: null }], test: { loss: "NaN" } }),
    });
    run("not-json", { "metrics.json": "{", "status.json": "[" });
    // Killed before it could copy the model: its status (written first) marks it.
    run("status-only", { "status.json": status("killed") }, false);
    const updates = new vscode.EventEmitter<RunUpdate>();
    const view = new RunsView(updates.event);
    try {
      const items = await until(
        () => view.runs(),
        (r) => r.filter((i) => i.model === "hostile").length === 5,
        10_000,
        "the five runs",
      );
      const mine = items.filter((i) => i.model === "hostile");
      const hostileRun = mine.find((i) => i.label === evil);
      assert.ok(hostileRun, "the folder's name is the label, as written");
      assert.equal(hostileRun.description, "killed · 1/3 epochs · $(bug)");
      const value = assertInert(hostileRun.tooltip as vscode.MarkdownString, "the run's tooltip");
      assert.ok(value.includes(markdownText(reason)), value);
      assert.deepEqual(
        mine
          .filter((i) => i !== hostileRun)
          .map((i) => [i.label, i.description])
          .sort(),
        [
          ["epochs-not-a-list", "no metrics"],
          ["not-json", "no metrics"],
          ["status-only", "killed · 1/3 epochs"],
          ["strings-for-numbers", "1 epoch"],
        ],
      );
    } finally {
      view.dispose();
      updates.dispose();
      rmSync(base, { recursive: true, force: true });
    }
  });
});

import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { extensionId, fixture, open, ours, setText, until } from "./helpers";

describe("the model file in the editor", () => {
  before(async () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext, "the extension is installed");
    await ext.activate();
  });

  it("activates from the packaged .vsix, in a Node extension host", () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.equal(ext?.isActive, true);
    // The code-server runner installs the .vsix and runs the installed copy; @vscode/test-electron runs the repository.
    if (process.env.CNN_DESIGNER_EXPECT_VSIX) assert.match(ext?.extensionPath ?? "", /cnn-designer\.cnn-designer-\d+\.\d+\.\d+$/);
    assert.equal(process.release.name, "node");
    // The extension host never loads TensorFlow.js: the bundle holds none of its code and requires none of its
    // packages (it names tfjs-node-gpu only as the package Install GPU Backend installs with npm).
    const bundle = readFileSync(join(ext!.extensionPath, "dist", "extension.js"), "utf8");
    assert.doesNotMatch(bundle, /tfjs-core|registerKernel|require\(["']@tensorflow/);
  });

  it("live diagnostics at the exact range, updated as the user types", async () => {
    const editor = await open("broken.cnn.json");
    const uri = editor.document.uri;
    const found = await until(
      () => ours(uri),
      (d) => d.length === 3,
      10_000,
      "3 diagnostics",
    );
    const collapse = found.find((d) => String(d.code) === "shape-collapse");
    assert.ok(collapse);
    assert.equal(collapse.message, "conv3: 3×3 kernel with padding 'valid' needs at least 3×3 input, gets 2×2");
    assert.equal(collapse.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(editor.document.getText(collapse.range), "3");
    assert.equal(collapse.range.start.line, 6);
    const fixed = editor.document
      .getText()
      .replace('{ "type": "Input", "shape": [6, 6, 1] }', '{ "type": "Input", "shape": [8, 8, 1] }')
      .replace('"unit"', '"units"');
    await setText(editor, fixed);
    const left = await until(
      () => ours(uri),
      (d) => d.length === 1,
      10_000,
      "only the Dense warning after the fix",
    );
    assert.equal(
      left[0].message,
      "dense: Dense on a rank-4 input (None, 2, 2, 8) acts on the last axis only, giving (None, 2, 2, 10); add Flatten or GlobalAveragePooling2D before it to classify",
    );
  });

  it("diagnostics for model files in the workspace that are not open", async () => {
    const uri = fixture("unopened.cnn.json");
    assert.equal(
      vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()),
      false,
    );
    const found = await until(
      () => ours(uri),
      (d) => d.length > 0,
      15_000,
      "workspace diagnostics",
    );
    assert.match(found[0].message, /^max_pooling2d: 16×16 pool with padding 'valid' needs at least 16×16 input, gets 8×8$/);
    assert.deepEqual(ours(fixture("notes.json")), []);
  });

  it("inlay hints show each layer's output shape and parameters, and the setting turns them off", async () => {
    const editor = await open("seed.cnn.json");
    const doc = editor.document;
    const range = new vscode.Range(0, 0, doc.lineCount, 0);
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>("vscode.executeInlayHintProvider", doc.uri, range);
    const labels = hints.map((h) => (typeof h.label === "string" ? h.label : h.label.map((p) => p.value).join("")));
    assert.ok(labels.includes("→ (None, 28, 28, 128) · 147,584 params"), labels.join("\n"));
    assert.ok(labels.includes("→ (None, 10) · 1,290 params"));
    const conv1 = hints.find((h) => String(h.label).includes("3,584"));
    assert.ok(conv1);
    // The hint ends the line: after the layer's comma.
    assert.equal(
      doc.lineAt(conv1.position.line).text.slice(0, conv1.position.character),
      '    { "type": "Conv2D", "name": "conv1", "filters": 128, "kernelSize": [3, 3], "activation": "relu" },',
    );
    const config = vscode.workspace.getConfiguration("cnnDesigner");
    await config.update("inlayHints.enabled", false, vscode.ConfigurationTarget.Global);
    try {
      const none = await vscode.commands.executeCommand<vscode.InlayHint[]>("vscode.executeInlayHintProvider", doc.uri, range);
      assert.equal(none.filter((h) => String(h.label).startsWith("→")).length, 0);
    } finally {
      await config.update("inlayHints.enabled", undefined, vscode.ConfigurationTarget.Global);
    }
    // Placed above each layer: code lenses instead, on the layer's first line; no inlay hints.
    await config.update("inlayHints.placement", "aboveLayer", vscode.ConfigurationTarget.Global);
    try {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", doc.uri);
      const conv = lenses.find((l) => l.command?.title === "conv1 → (None, 30, 30, 128) · 3,584 params");
      assert.ok(conv, lenses.map((l) => l.command?.title).join("\n"));
      assert.match(doc.lineAt(conv.range.start.line).text, /"name": "conv1"/);
      assert.equal(lenses.filter((l) => l.command?.title.includes("→")).length, labels.filter((l) => l.startsWith("→")).length);
      const inlay = await vscode.commands.executeCommand<vscode.InlayHint[]>("vscode.executeInlayHintProvider", doc.uri, range);
      assert.equal(inlay.filter((h) => String(h.label).startsWith("→")).length, 0);
    } finally {
      await config.update("inlayHints.placement", undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it("a hover over a layer shows its full row", async () => {
    const editor = await open("seed.cnn.json");
    const line = editor.document
      .getText()
      .split("\n")
      .findIndex((l) => l.includes('"conv1"'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      "vscode.executeHoverProvider",
      editor.document.uri,
      new vscode.Position(line, 8),
    );
    // As rendered: the hover escapes every punctuation character of its text (names are the user's).
    const markdown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value))).join("\n");
    const text = markdown.replace(/\\([!-/:-@[-`{-~])/g, "$1");
    assert.match(text, /\*\*conv1\*\* \(Conv2D\)/);
    assert.match(text, /\| Output shape \| \(None, 30, 30, 128\) \|/);
    assert.match(text, /\| Parameters \| 3,584 \(trainable 3,584, non-trainable 0\) \|/);
    assert.match(text, /\| MACs per sample \| 3,110,400 \|/);
  });

  it("the JSON Schema is registered: completion offers layer types and parameters", async () => {
    const editor = await open("seed.cnn.json");
    const doc = editor.document;
    const line = doc
      .getText()
      .split("\n")
      .findIndex((l) => l.includes('"GlobalAveragePooling2D"'));
    const col = doc.lineAt(line).text.indexOf('"GlobalAveragePooling2D"') + 1;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      "vscode.executeCompletionItemProvider",
      doc.uri,
      new vscode.Position(line, col),
    );
    const labels = list.items.map((i) => (typeof i.label === "string" ? i.label : i.label.label));
    assert.ok(
      labels.some((l) => l.includes("MaxPooling2D")),
      labels.slice(0, 20).join(", "),
    );
    assert.ok(labels.some((l) => l.includes("Conv2D")));
  });

  it("[hostile] model files nested 100,000 deep, in UTF-16 or a FIFO: one diagnostic each, and the rest keeps working", async () => {
    const dir = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath as string;
    const made = ["hostile-deep.cnn.json", "hostile-utf16.cnn.json", "hostile-fifo.cnn.json"].map((n) => join(dir, n));
    writeFileSync(made[0], "[".repeat(100_000) + "]".repeat(100_000));
    writeFileSync(made[1], Buffer.from(`\ufeff${JSON.stringify({ version: 1, layers: [] })}`, "utf16le"));
    execFileSync("mkfifo", [made[2]]);
    try {
      const expected = [
        /nested more than 200 levels deep/,
        /cannot read this file: .* is UTF-16 \(little-endian, with a byte order mark\); save it as UTF-8/,
        /cannot read this file: .* is not a regular file/,
      ];
      for (const [i, path] of made.entries()) {
        const found = await until(
          () => ours(vscode.Uri.file(path)),
          (d) => d.length > 0,
          15_000,
          `a diagnostic for ${path}`,
        );
        assert.equal(found.length, 1, found.map((d) => d.message).join("\n"));
        assert.match(found[0].message, expected[i]);
      }
      // The deep file opens in the designer and in the editor, and the analysis elsewhere goes on.
      await vscode.commands.executeCommand("vscode.openWith", vscode.Uri.file(made[0]), "cnnDesigner.designer");
      const deep = await vscode.workspace.openTextDocument(vscode.Uri.file(made[0]));
      await vscode.window.showTextDocument(deep);
      const shown = await until(
        () => ours(deep.uri),
        (d) => d.length === 1,
        10_000,
        "the open deep file's diagnostic",
      );
      assert.equal(String(shown[0].code), "unreadable");
      const editor = await open("seed.cnn.json");
      const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>(
        "vscode.executeInlayHintProvider",
        editor.document.uri,
        new vscode.Range(0, 0, 99, 0),
      );
      assert.ok(hints.length > 0, "inlay hints still come");
    } finally {
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
      for (const path of made) rmSync(path, { force: true });
    }
  });
});

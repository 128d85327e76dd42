import * as assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { extensionId, fixture, open, ours, until } from "./helpers";

/** A misspelt type and a misspelt parameter. */
const typo = `{
  "version": 1,
  "layers": [
    { "type": "Input", "shape": [28, 28, 1] },
    { "type": "Conv2d", "filters": 8, "kernelSize": 3 },
    { "type": "Conv2D", "filters": 8, "kernel_size": 3 },
    { "type": "Flatten" },
    { "type": "Dense", "units": 10 }
  ]
}
`;

/** Every diagnostic VS Code has for a file, whoever made it. */
const all = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri);

describe("one diagnostic per problem: the engine's", () => {
  before(async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
  });

  it("a misspelt type and a misspelt parameter each get one diagnostic, the engine's, with its did-you-mean", async () => {
    // A file of its own (other suites fix typo.cnn.json with quick fixes).
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    writeFileSync(join(folder, "typo-once.cnn.json"), typo);
    const editor = await open("typo-once.cnn.json");
    const uri = editor.document.uri;
    const found = await until(
      () => ours(uri),
      (d) => d.length > 0,
      10_000,
      "the engine's diagnostics",
    );
    // The JSON service has had time to validate too (it reports as the document opens): nothing of its own.
    await new Promise((r) => setTimeout(r, 1500));
    const others = all(uri).filter((d) => d.source !== "CNN Designer");
    assert.deepEqual(
      others.map((d) => `${d.source}: ${d.message}`),
      [],
    );
    const type = found.filter((d) => editor.document.getText(d.range).includes("Conv2d"));
    assert.equal(type.length, 1);
    assert.match(type[0].message, /did you mean 'Conv2D'/);
    const key = found.filter((d) => editor.document.getText(d.range).includes("kernel_size"));
    assert.equal(key.length, 1, found.map((d) => d.message).join("\n"));
  });

  it("other JSON files keep VS Code's own validation: a wrong value in settings.json is still marked", async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    mkdirSync(join(folder, ".vscode"), { recursive: true });
    const settings = join(folder, ".vscode", "settings.json");
    const before = existsSync(settings) ? readFileSync(settings, "utf8") : undefined;
    writeFileSync(settings, `{\n  "editor.fontSize": "big"\n}\n`);
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(settings));
      await vscode.window.showTextDocument(doc);
      const marked = await until(
        () => all(doc.uri),
        (d) => d.length > 0,
        15_000,
        "VS Code's settings validation",
      );
      assert.ok(marked.every((d) => d.source !== "CNN Designer"));
      await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
      // Closed, it is still not ours.
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(ours(doc.uri), []);
    } finally {
      if (before === undefined) rmSync(settings);
      else writeFileSync(settings, before);
    }
  });

  it("a syntax error is reported once, by VS Code's JSON service, where the document is open", async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    writeFileSync(join(folder, "syntax-once.cnn.json"), `{ "version": 1, "layers": [ { "type": "Input", "shape": [4] } }\n`);
    const editor = await open("syntax-once.cnn.json");
    // (The file was checked from disk as it was created, syntax errors included; open, they are VS Code's alone.)
    const ourSyntax = (d: readonly vscode.Diagnostic[]) => d.filter((x) => x.source === "CNN Designer" && String(x.code) === "syntax");
    const found = await until(
      () => all(editor.document.uri),
      (d) => d.some((x) => x.source !== "CNN Designer") && ourSyntax(d).length === 0,
      10_000,
      "VS Code's syntax errors, and none of ours",
    );
    assert.ok(found.some((d) => d.source !== "CNN Designer" && d.severity === vscode.DiagnosticSeverity.Error));
  });

  it("closing a JSON file that is not a model never marks it", async () => {
    const doc = await vscode.workspace.openTextDocument(fixture("notes.json"));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    await new Promise((r) => setTimeout(r, 800));
    assert.deepEqual(ours(doc.uri), []);
  });
});

import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { open, ours, until } from "./helpers";

async function actionsAt(doc: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", doc.uri, range);
}

async function apply(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
}

describe("quick fixes and the pooling refactoring", () => {
  it("inserts Flatten before a Dense on a rank-4 input; undo restores the text byte for byte", async () => {
    const editor = await open("dense.cnn.json");
    const doc = editor.document;
    const before = doc.getText();
    const [warning] = await until(
      () => ours(doc.uri),
      (d) => d.length === 1,
      10_000,
      "the dense-rank warning",
    );
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    const actions = await actionsAt(doc, warning.range);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes("Insert Flatten before dense"), titles.join(" | "));
    assert.ok(titles.includes("Insert GlobalAveragePooling2D before dense"));
    await apply(actions.find((a) => a.title === "Insert Flatten before dense") as vscode.CodeAction);
    assert.match(
      doc.getText(),
      /\{ "type": "Conv2D", "filters": 4, "kernelSize": 3 \},\n {4}\{ "type": "Flatten" \},\n {4}\{ "type": "Dense"/,
    );
    await until(
      () => ours(doc.uri),
      (d) => d.length === 0,
      10_000,
      "no warning after the fix",
    );
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand("undo");
    assert.equal(doc.getText(), before);
    await vscode.commands.executeCommand("redo");
    assert.match(doc.getText(), /"Flatten"/);
    await vscode.commands.executeCommand("undo");
  });

  it("fixes a misspelt type and parameter from the did-you-mean", async () => {
    const editor = await open("typo.cnn.json");
    const doc = editor.document;
    const found = await until(
      () => ours(doc.uri),
      (d) => d.length >= 2,
      10_000,
      "typo diagnostics",
    );
    for (const code of ["unknown-type", "unknown-parameter"]) {
      const d = ours(doc.uri).find((x) => String(x.code) === code) ?? found[0];
      const fix = (await actionsAt(doc, d.range)).find((a) => a.isPreferred);
      assert.ok(fix, `a preferred fix for ${code}`);
      await apply(fix);
      await until(
        () => ours(doc.uri),
        (list) => !list.some((x) => String(x.code) === code),
        10_000,
        `${code} gone`,
      );
    }
    assert.match(
      doc.getText(),
      /"type": "Conv2D", "filters": 8, "kernelSize": 3 \},\n {4}\{ "type": "Conv2D", "filters": 8, "kernelSize": 3 \}/,
    );
  });

  it("switches padding to 'same' when a shape collapses", async () => {
    const editor = await open("unopened.cnn.json");
    const doc = editor.document;
    const [d] = await until(
      () => ours(doc.uri),
      (list) => list.length === 1,
      10_000,
      "the collapse",
    );
    const fix = (await actionsAt(doc, d.range)).find((a) => a.title === "Use padding 'same' in max_pooling2d");
    assert.ok(fix);
    await apply(fix);
    assert.match(doc.getText(), /\{ "type": "MaxPooling2D", "poolSize": 16, "padding": "same" \}/);
    await until(
      () => ours(doc.uri),
      (list) => list.length === 0,
      10_000,
      "no collapse",
    );
    await vscode.commands.executeCommand("undo");
  });

  it("offers Flatten ↔ global pooling with the parameter change in the title", async () => {
    const editor = await open("flatten.cnn.json");
    const doc = editor.document;
    const line = doc
      .getText()
      .split("\n")
      .findIndex((l) => l.includes('"Flatten"'));
    const actions = await actionsAt(doc, new vscode.Range(line, 8, line, 8));
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes("Replace Flatten with GlobalAveragePooling2D (1,164,042 → 300,042 params)"), titles.join(" | "));
    assert.ok(titles.includes("Replace Flatten with GlobalMaxPooling2D (1,164,042 → 300,042 params)"));
    const swap = actions.find((a) => a.title.startsWith("Replace Flatten with GlobalAveragePooling2D"));
    assert.equal(swap?.kind?.value, vscode.CodeActionKind.RefactorRewrite.value);
    await apply(swap as vscode.CodeAction);
    assert.match(doc.getText(), /\{ "type": "GlobalAveragePooling2D" \}/);
    const back = await actionsAt(doc, new vscode.Range(line, 8, line, 8));
    assert.ok(back.some((a) => a.title === "Replace GlobalAveragePooling2D with Flatten (300,042 → 1,164,042 params)"));
    await vscode.commands.executeCommand("undo");
    assert.match(doc.getText(), /\{ "type": "Flatten" \}/);
  });
});

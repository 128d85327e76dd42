import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { extensionId, fixture, setText, until } from "./helpers";

const example = (name: string) =>
  readFileSync(join(vscode.extensions.getExtension(extensionId)!.extensionUri.fsPath, "examples", name), "utf8");

/** Whether a tab shows one of the diffs (a Markdown preview of a `*.diff.md` document). */
const diffTabShown = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => /\.diff\.md/.test(t.label));

describe("Compare Model with… and with the committed version", () => {
  const dir = fixture("compare").fsPath;
  const git = (...args: string[]) => {
    const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: dir, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
  };

  before(() => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "base.cnn.json"), example("pooling-flatten.cnn.json"));
    writeFileSync(join(dir, "model.cnn.json"), example("pooling-gap.cnn.json"));
    git("init", "-q");
    git("add", ".");
    git("commit", "-qm", "models");
  });

  it("Compare Model with… another file: what this model changes from it, in a Markdown preview", async () => {
    const model = vscode.Uri.file(join(dir, "model.cnn.json"));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(model));
    const markdown = await vscode.commands.executeCommand<string>(
      "cnnDesigner.compareModelWith",
      vscode.Uri.file(join(dir, "base.cnn.json")),
    );
    assert.match(markdown, /^\| Parameters \| 1,164,042 \| 300,042 \| −864,000 \|$/m);
    assert.match(
      markdown,
      /^\| \+ \| global\\_average\\_pooling2d \(GlobalAveragePooling2D\) \| \(None, 128\); 0 params; 0 MACs; RF 32×32 \|$/m,
    );
    await until(diffTabShown, (shown) => shown, 10_000, "the diff's preview");
  });

  it("Compare Model with Committed Version: the editor's text, unsaved edits too, against HEAD", async () => {
    const model = vscode.Uri.file(join(dir, "model.cnn.json"));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(model));
    let markdown = await vscode.commands.executeCommand<string>("cnnDesigner.compareWithCommitted");
    assert.match(markdown, /^\*\*Layers:\*\* 0 added, 0 removed, 0 changed, 0 affected downstream, 6 unchanged$/m);
    // (The preview opens beside the model: its editor is still there to type in.)
    await setText(await vscode.window.showTextDocument(editor.document), editor.document.getText().replace('"units": 10', '"units": 100'));
    markdown = await vscode.commands.executeCommand<string>("cnnDesigner.compareWithCommitted");
    assert.match(
      markdown,
      /^\| ~ \| dense \(Dense\) \| units: 10 → 100; output \(None, 10\) → \(None, 100\); params \+11,610; MACs \+11,520 \|$/m,
    );
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
  });
});

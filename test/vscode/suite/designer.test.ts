import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { extensionId, open } from "./helpers";

/** The part of the extension's API these tests use. */
interface Api {
  readonly models: unknown;
  handleDesignerMessage(
    document: vscode.TextDocument,
    raw: unknown,
    models: unknown,
    post: (m: object) => void,
    sendModel: (foreseen?: { text: string; version: number }) => void,
  ): Promise<void>;
}

describe("the designer's host side, on a real document", () => {
  it("an intent based on an older version is rejected; the user's typing is never lost", async () => {
    const api = vscode.extensions.getExtension<Api>(extensionId)!.exports;
    const editor = await open("race.cnn.json");
    const doc = editor.document;
    const seen = doc.version;
    // The user types in the JSON editor while a designer intent is on its way.
    const line = doc
      .getText()
      .split("\n")
      .findIndex((l) => l.includes('"conv1"'));
    const col = doc.lineAt(line).text.indexOf("128");
    await editor.edit((b) => b.replace(new vscode.Range(line, col, line, col + 3), "64"));
    const typed = doc.getText();
    const posted: object[] = [];
    let resent = 0;
    const stale = { type: "setParam", version: seen, index: 2, key: "filters", value: 32 };
    await api.handleDesignerMessage(
      doc,
      stale,
      api.models,
      (m) => posted.push(m),
      () => resent++,
    );
    assert.deepEqual([...posted], [{ type: "rejected", reason: "The model changed before that edit arrived; try again." }]);
    assert.equal(resent, 1, "the designer gets the current model");
    assert.equal(doc.getText(), typed);
    // Based on the current version, the same intent applies, and the typing stays. Its answer went out before
    // VS Code applied it: the text and version the document has now.
    const foreseen: { text: string; version: number }[] = [];
    await api.handleDesignerMessage(
      doc,
      { ...stale, version: doc.version },
      api.models,
      (m) => posted.push(m),
      (f) => void (f ? foreseen.push(f) : resent++),
    );
    assert.equal(posted.length, 1);
    assert.deepEqual(foreseen, [{ text: doc.getText(), version: doc.version }]);
    assert.equal(resent, 1, "nothing else was sent");
    assert.match(doc.getText(), /"name": "conv1", "filters": 64/);
    assert.match(doc.getText(), /\{ "type": "Conv2D", "filters": 32, "kernelSize": 3, "activation": "relu" \}/);
    // Malformed messages are answered, not thrown on.
    await api.handleDesignerMessage(
      doc,
      { type: "setParam", index: "x" },
      api.models,
      (m) => posted.push(m),
      () => resent++,
    );
    assert.deepEqual(posted[1], { type: "rejected", reason: "The designer sent a malformed message." });
    // A setting (addressed by its path, which no edit moves) applies even on an older version: two settings
    // changed before the first one's answer arrived both land.
    await api.handleDesignerMessage(
      doc,
      { type: "setSetting", version: seen, path: ["training", "epochs"], value: 3 },
      api.models,
      (m) => posted.push(m),
      () => resent++,
    );
    assert.equal(posted.length, 2, "not rejected");
    assert.match(doc.getText(), /"epochs": 3/);
    assert.match(doc.getText(), /"name": "conv1", "filters": 64/, "the typing stays");
  });
});

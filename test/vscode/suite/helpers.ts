/** Helpers for tests inside the extension host. */
import * as vscode from "vscode";

/** The extension's id (publisher.name). */
export const extensionId = "cnn-designer.cnn-designer";

/** A workspace file's URI. */
export function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error("the test workspace is not open");
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens a workspace file in an editor. */
export async function open(name: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fixture(name)));
}

/** Polls `probe` until it returns a value that `ok` accepts, or fails after `ms`. */
export async function until<T>(probe: () => T | Promise<T>, ok: (value: T) => boolean, ms = 10_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
    last = await probe();
  }
  return last;
}

/** CNN Designer's diagnostics for a file. */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === "CNN Designer");
}

/** Replaces a document's whole text. */
export async function setText(editor: vscode.TextEditor, text: string): Promise<void> {
  const doc = editor.document;
  await editor.edit((b) => b.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text));
}

import * as vscode from "vscode";
import type { HostMessage } from "../protocol/designer";
import { editsForIntent, writtenLayers } from "./designerEdits";
import { parseWebviewMessage } from "./designerMessages";
import type { ModelService } from "./modelService";

/** The designer's view type (a custom text editor for *.cnn.json). */
export const designerViewType = "cnnDesigner.designer";

function nonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}

/**
 * The designer: a webview over the model's text. The host owns the document: the webview sends intents,
 * the host checks them, applies minimal edits (one undo step each) and sends back the new analysis.
 */
export class DesignerProvider implements vscode.CustomTextEditorProvider {
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly models: ModelService,
  ) {}

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    const assets = vscode.Uri.joinPath(this.extensionUri, "dist", "webview");
    panel.webview.options = { enableScripts: true, localResourceRoots: [assets] };
    panel.webview.html = this.html(panel.webview, assets);
    const post = (message: HostMessage) => void panel.webview.postMessage(message);
    const sendModel = () =>
      post({
        type: "model",
        version: document.version,
        analysis: this.models.analysis(document),
        written: writtenLayers(document.getText()),
      });
    // Edits are applied one at a time, in the order the intents arrive.
    let queue: Promise<unknown> = Promise.resolve();
    const subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => e.document === document && e.contentChanges.length > 0 && sendModel()),
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        queue = queue.then(() => this.handle(document, raw, post, sendModel));
      }),
    ];
    panel.onDidDispose(() => subscriptions.forEach((s) => s.dispose()));
  }

  private async handle(document: vscode.TextDocument, raw: unknown, post: (m: HostMessage) => void, sendModel: () => void): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) return post({ type: "rejected", reason: "The designer sent a malformed message." });
    if (message.type === "ready") return sendModel();
    if (message.type === "openAsJson") {
      await vscode.commands.executeCommand("vscode.openWith", document.uri, "default", vscode.ViewColumn.Beside);
      return;
    }
    if (message.version !== document.version) {
      // Based on a text that has changed since (typing in the JSON editor, say): never applied to the wrong layer.
      post({ type: "rejected", reason: "The model changed before that edit arrived; try again." });
      return sendModel();
    }
    const text = document.getText();
    const result = editsForIntent(text, this.models.analysis(document), writtenLayers(text), message);
    if ("reason" in result) return post({ type: "rejected", reason: result.reason });
    if (result.edits.length === 0) return;
    const edit = new vscode.WorkspaceEdit();
    for (const e of result.edits)
      edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.text);
    if (!(await vscode.workspace.applyEdit(edit))) post({ type: "rejected", reason: "VS Code did not apply the edit." });
  }

  private html(webview: vscode.Webview, assets: vscode.Uri): string {
    const n = nonce();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(assets, "designer.js"));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(assets, "designer.css"));
    const csp = `default-src 'none'; img-src ${webview.cspSource} data:; font-src ${webview.cspSource}; style-src ${webview.cspSource}; script-src 'nonce-${n}';`;
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>CNN Designer</title>
</head>
<body>
<div id="app" role="application" aria-label="CNN Designer"></div>
<script nonce="${n}" src="${script}"></script>
</body>
</html>`;
  }
}

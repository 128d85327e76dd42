import * as vscode from "vscode";

function nonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}

/** Webview options that allow scripts and nothing outside the built assets. */
export function webviewOptions(assets: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [assets] };
}

/**
 * A webview page under a strict Content Security Policy: one script with a nonce, styles and fonts only from
 * the built assets, no `unsafe-eval`, no inline scripts or styles; with `workers`, Web Workers from blob: URLs
 * (the designer lays graphs out in one).
 */
export function webviewHtml(webview: vscode.Webview, assets: vscode.Uri, name: string, title: string, workers = false): string {
  const n = nonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(assets, `${name}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(assets, `${name}.css`));
  const csp = `default-src 'none'; img-src ${webview.cspSource} data:; font-src ${webview.cspSource}; style-src ${webview.cspSource}; script-src 'nonce-${n}';${workers ? " worker-src blob:;" : ""}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${title}</title>
</head>
<body>
<div id="app" role="application" aria-label="${title}"></div>
<script nonce="${n}" src="${script}"></script>
</body>
</html>`;
}

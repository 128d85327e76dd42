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

/** Text for an HTML attribute value in double quotes. */
const attribute = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/**
 * A webview page under a strict Content Security Policy: one script with a nonce, styles and fonts only from
 * the built assets, no `unsafe-eval`, no inline scripts or styles; with `workers`, Web Workers from blob: URLs
 * (the designer lays graphs out in one). The page's language is VS Code's display language, and its texts'
 * translations (`vscode.l10n.bundle`, none in English) ride on `#app`'s `data-l10n` for webview/shared/l10n.ts.
 */
export function webviewHtml(webview: vscode.Webview, assets: vscode.Uri, name: string, title: string, workers = false): string {
  const n = nonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(assets, `${name}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(assets, `${name}.css`));
  const csp = `default-src 'none'; img-src ${webview.cspSource} data:; font-src ${webview.cspSource}; style-src ${webview.cspSource}; script-src 'nonce-${n}';${workers ? " worker-src blob:;" : ""}`;
  return `<!DOCTYPE html>
<html lang="${attribute(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${title}</title>
</head>
<body>
<div id="app" role="application" aria-label="${attribute(title)}" data-l10n="${attribute(JSON.stringify(vscode.l10n.bundle ?? {}))}"></div>
<script nonce="${n}" src="${script}"></script>
</body>
</html>`;
}

/**
 * A webview's texts in VS Code's display language: the host puts its translations (l10n/bundle.l10n.<lang>.json,
 * as VS Code loaded it) on `#app`'s `data-l10n` (src/extension/webviews/shared/html.ts), and `t("Zoom in")` looks
 * the English text up there through @vscode/l10n, filling `{0}`, `{1}` … in. test/extension/l10n.test.ts checks
 * that every `t` text of the webviews has its Spanish, as the host's have.
 */
import * as l10n from "@vscode/l10n";

const raw = typeof document === "undefined" ? undefined : document.getElementById("app")?.dataset.l10n;
if (raw) l10n.config({ contents: JSON.parse(raw) as Record<string, string> });

/** `message` (English, a literal) in the display language, `{n}` filled in. */
export function t(message: string, ...args: (string | number | boolean)[]): string {
  return l10n.t(message, ...args);
}

/** `t(message, …args)` for HTML markup: in an attribute or between tags. */
export function th(message: string, ...args: (string | number | boolean)[]): string {
  return t(message, ...args)
    .replace(/&/g, "&amp;")
    .replace(/"/g, "&quot;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** The page's language: VS Code's display language, as the host set `<html lang>`. */
export function language(): string {
  return typeof document === "undefined" ? "en" : document.documentElement.lang || "en";
}

/** A whole number grouped as the page's language groups it (`20.000` in Spanish, `20,000` in English). */
export function count(n: number): string {
  try {
    return new Intl.NumberFormat(language()).format(n);
  } catch {
    return new Intl.NumberFormat("en").format(n);
  }
}

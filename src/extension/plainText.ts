/**
 * Text the user (or a cloned repository) wrote — layer and model names, file and run-folder names, a trainer's
 * message — shown by VS Code's own surfaces as text, never as markup: notifications render `[label](command:…)` as a
 * link that runs a command, hovers and tooltips render Markdown (links, remote images), quick picks render
 * `$(icon)`. Every such surface of the extension takes user text through here; control characters are shown
 * escaped everywhere (`\x1b`).
 */
import * as vscode from "vscode";
import { printable } from "../core";
import type { Localized } from "./l10n";

/**
 * For notifications and progress titles, which turn `[label](https:…|command:…|file:…)` into links: a zero-width
 * space between `]` and `(` keeps the text as written and breaks the link.
 */
export function notificationText(text: string): string {
  return printable(text, true).replace(/\](\s*)\(/g, "]\u200b$1(");
}

/** For Markdown: every ASCII punctuation character escaped, so nothing in the text is markup; one line. */
export function markdownText(text: string): string {
  return printable(text).replace(/[!-/:-@[-`{-~]/g, "\\$&");
}

/** A Markdown string for hovers and tooltips that renders no HTML, no icons and no command links. */
export function plainMarkdown(): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.isTrusted = false;
  md.supportHtml = false;
  md.supportThemeIcons = false;
  return md;
}

/** For quick-pick labels and descriptions, which render `$(icon)`. */
export function pickText(text: string): string {
  return printable(text).replace(/\$\(/g, "\\$(");
}

type Show = (message: string, ...items: string[]) => Thenable<string | undefined>;
const shown =
  (show: Show) =>
  <T extends Localized>(message: Localized, ...items: T[]): Thenable<T | undefined> =>
    show(notificationText(message), ...items) as Thenable<T | undefined>;

/**
 * The extension's notifications: each message passes through notificationText. Messages and buttons are
 * `Localized` (l10n.ts): a text not in the user's language does not compile.
 */
export const notify = {
  info: shown((m, ...i) => vscode.window.showInformationMessage(m, ...i)),
  warn: shown((m, ...i) => vscode.window.showWarningMessage(m, ...i)),
  error: shown((m, ...i) => vscode.window.showErrorMessage(m, ...i)),
  /** A modal question (the answer, or undefined when dismissed). */
  ask: <T extends Localized>(message: Localized, detail: Localized, ...items: T[]): Thenable<T | undefined> =>
    vscode.window.showWarningMessage(notificationText(message), { modal: true, detail: notificationText(detail) }, ...items),
  /** A modal confirmation that is no warning (what an action will do, and its button). */
  confirm: <T extends Localized>(message: Localized, detail: Localized, ...items: T[]): Thenable<T | undefined> =>
    vscode.window.showInformationMessage(notificationText(message), { modal: true, detail: notificationText(detail) }, ...items),
};

/**
 * The host's own texts in VS Code's display language. `t("Export failed: {0}", why)` looks its English text up in
 * the bundle of that language (`l10n/bundle.l10n.es.json`; English needs none) and fills `{0}`, `{1}` … in.
 * Notifications take only `Localized` texts, which only `t` makes, so a text that skips the bundle does not
 * compile; `test/extension/l10n.test.ts` checks that every `t` text has its Spanish and that pickers' and dialogs'
 * texts go through `t`.
 */
import * as vscode from "vscode";
import { catalogue } from "./messages";

/** A text in the user's language. */
export type Localized = string & { readonly localized: unique symbol };

/** `message` (English, a literal: the test reads it from the source) in the display language, `{n}` filled in. */
export function t(message: string, ...args: (string | number | boolean)[]): Localized {
  return vscode.l10n.t(message, ...args) as Localized;
}

/**
 * A whole number grouped as the display language groups it (`20.000` in Spanish, `20,000` in English): in the
 * language of the core's messages (messages.ts chooses it), as their numbers are.
 */
export function count(n: number): string {
  return n.toLocaleString(catalogue.locale);
}

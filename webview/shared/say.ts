/**
 * A core message (a value the designer's form refuses …) in the page's language, as the host writes diagnostics.
 * Apart from l10n.ts, so that webviews without the core (the charts) do not carry its catalogues.
 */
import { catalogueFor, formatMessage, type Message } from "../../src/core";

/** `message` written in the page's language (`<html lang>`, VS Code's display language). */
export function say(message: Message): string {
  const lang = typeof document === "undefined" ? "en" : document.documentElement.lang || "en";
  return formatMessage(message, catalogueFor(lang));
}

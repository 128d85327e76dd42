/**
 * A core message (a value the designer's form refuses …) in the page's language, as the host writes diagnostics.
 * Apart from l10n.ts, so that webviews without the core (the charts) do not carry its catalogues.
 */
import { catalogueFor, formatMessage, type Message } from "../../src/core";
import { language } from "./l10n";

/** `message` written in the page's language (`<html lang>`, VS Code's display language). */
export function say(message: Message): string {
  return formatMessage(message, catalogueFor(language()));
}

import { catalogueFor, englishCatalogue, formatMessage, printable, type Catalogue, type Message } from "../core";
import { setFileLanguage } from "../node/say";

/**
 * The language of the core's messages in VS Code: the one place the extension chooses it, from VS Code's display
 * language at activation ({@link useLanguage}); English until then and in plain-Node tests.
 */
export let catalogue: Catalogue = englishCatalogue;

/** Writes the core's messages in `language` (VS Code's `env.language`): Spanish for `es…`, else English. */
export function useLanguage(language: string): void {
  catalogue = catalogueFor(language);
  setFileLanguage(catalogue);
}

/** A core message as the user reads it: in the catalogue's language, control characters shown escaped. */
export const describe = (message: Message): string => printable(formatMessage(message, catalogue));

/**
 * The file layer's messages in the client's language, set once per process (and per bundle that loads this
 * module): the CLI the terminal's, the trainer its start request's, the extension VS Code's display language.
 */
import { englishCatalogue, formatMessage, type Catalogue, type Message } from "../core";

let catalogue: Catalogue = englishCatalogue;

/** Writes the file layer's messages in `language`'s catalogue from now on. */
export function setFileLanguage(language: Catalogue): void {
  catalogue = language;
}

/** A message in the file layer's language. */
export const sayFile = (message: Message): string => formatMessage(message, catalogue);

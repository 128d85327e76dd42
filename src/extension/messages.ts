import { englishCatalogue, formatMessage, printable, type Catalogue, type Message } from "../core";

/** The language of the core's messages in VS Code: the one place the extension chooses it (English for now). */
export const catalogue: Catalogue = englishCatalogue;

/** A core message as the user reads it: in the catalogue's language, control characters shown escaped. */
export const describe = (message: Message): string => printable(formatMessage(message, catalogue));

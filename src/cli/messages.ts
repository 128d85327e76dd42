import { englishCatalogue, formatMessage, printable, type Catalogue, type Message } from "../core";

/** The language of the core's messages in the CLI: the one place it is chosen (English for now). */
export const catalogue: Catalogue = englishCatalogue;

/** A core message as the terminal prints it: in the catalogue's language, control characters shown escaped. */
export const describe = (message: Message): string => printable(formatMessage(message, catalogue));

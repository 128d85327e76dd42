/**
 * The trainer's own log lines in the language the client asked for (the start request's `language`): one run per
 * process, so the language is set once, when the run starts. Keras' progress lines and summary stay English.
 */
import { catalogueFor, englishCatalogue, formatMessage, type Catalogue, type Message } from "../core";
import { setFileLanguage } from "../node/say";

let catalogue: Catalogue = englishCatalogue;

/** Sets the log's language from the start request. */
export function setLogLanguage(language: string | undefined): void {
  catalogue = catalogueFor(language);
  setFileLanguage(catalogue);
}

/** `message` in the log's language. */
export const say = (message: Message): string => formatMessage(message, catalogue);

export { grouped, msg } from "../core";

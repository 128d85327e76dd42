/**
 * The CLI's language: the terminal's (`LC_ALL`, then `LC_MESSAGES`, then `LANG`, as POSIX orders them:
 * `es_ES.UTF-8` is Spanish; unset, `C` or `POSIX` is English). Its own lines and the core's messages it prints
 * (an export refused, an import's problem) are written in it; `check`'s `file:line:col` lines, `--json` and the
 * Keras-style summary stay English, as tools and Keras users read them (`toolCatalogue`).
 */
import { catalogueFor, englishCatalogue, formatMessage, msg, printable, type Catalogue, type Message, type MessageId } from "../core";
import { setFileLanguage } from "../node/say";

/** The terminal's language tag as the environment gives it (`es_ES.UTF-8`), or undefined. */
export const terminalLanguage = (): string | undefined => process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || undefined;

/** The language of the CLI's messages (and the file layer's: a file that cannot be read, an output refused). */
export const catalogue: Catalogue = catalogueFor(terminalLanguage());
setFileLanguage(catalogue);

/** The language of what tools read: `check`'s lines, the diagnostics under a summary or a diagram, `--json`. */
export const toolCatalogue: Catalogue = englishCatalogue;

/** A core message as the terminal prints it: in the terminal's language, control characters shown escaped. */
export const describe = (message: Message): string => printable(formatMessage(message, catalogue));

/** The `--help` text in the terminal's language (printed as it is: it has no user text in it). */
export const usageText = (): string => formatMessage(msg("cli.usage"), catalogue);

/** Message `id` (the CLI's own `cli.*`, or any of the core's) in the terminal's language. */
export function say<Id extends MessageId>(...args: Parameters<typeof msg<Id>>): string {
  return describe((msg as (...a: unknown[]) => Message)(...args));
}

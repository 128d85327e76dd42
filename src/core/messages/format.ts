import { english, type EnglishTexts } from "./english";
import { formatBytes, formatCount } from "./units";

/** The id of a user-visible message: a key of the English catalogue, which every other catalogue must have too. */
export type MessageId = keyof EnglishTexts;

/** The id of a list joiner (" and ", ", ") in a catalogue. */
export type JoinerId = Extract<MessageId, `join.${string}`>;

/** A value put into a message: user text and numbers as they are, or a message or list formatted in turn. */
export type MessageArg = string | number | Message | GroupedNumber | ByteSize | ParameterDoc | JoinedList;

/** A number written with the catalogue's digit grouping (2,147,483,647 in English). */
export interface GroupedNumber {
  readonly grouped: number;
}

/** A size in bytes, written as Keras summaries write it (`1.14 MB`) with the catalogue's decimal mark (`1,14 MB`). */
export interface ByteSize {
  readonly bytes: number;
}

/** A parameter's description (the registry's English `doc`), written from the catalogue's table of them. */
export interface ParameterDoc {
  readonly doc: string;
}

/** Items joined by one of the catalogue's joiners. */
export interface JoinedList {
  readonly items: readonly MessageArg[];
  readonly joiner: JoinerId;
}

/** A user-visible message: an id and its arguments, formatted in the user's language at the edge. */
export interface Message {
  readonly id: MessageId;
  readonly args: Readonly<Record<string, MessageArg>>;
}

/** The placeholder names in a catalogue text: `{name}`, and `{count|one|other}` for a plural choice. */
type Names<S extends string> = S extends `${string}{${infer Inner}}${infer Rest}` ? NameOf<Innermost<Inner>> | Names<Rest> : never;
/** The text after the last `{`: in `{ "type": {types}`, the placeholder is the inner one. */
type Innermost<I extends string> = I extends `${string}{${infer R}` ? Innermost<R> : I;
type NameOf<I extends string> = I extends `${infer N}|${string}`
  ? N
  : I extends `${string} ${string}` | `${string}"${string}` | ""
    ? never
    : I;

/** The arguments message `Id` needs: one per placeholder of its English text, checked by the compiler. */
export type MessageArgs<Id extends MessageId> = { readonly [K in Names<EnglishTexts[Id]>]: MessageArg };

/** A catalogue: its locale (for plural rules and digit grouping) and a text for every message id. */
export interface Catalogue {
  readonly locale: string;
  readonly texts: { readonly [Id in MessageId]: string };
  /** The parameters' descriptions, by their English text (none: English). */
  readonly docs?: Readonly<Record<string, string>>;
}

/** The English catalogue, the default everywhere. */
export const englishCatalogue: Catalogue = { locale: "en", texts: english };

/** Whether `v` is a message (why something cannot be had) rather than the value itself: a probe, a backend, a list. */
export const isMessage = <T extends object>(v: T | Message): v is Message => "id" in v;

/** Builds message `id` with its arguments. */
export function msg<Id extends MessageId>(id: Id, ...args: Names<EnglishTexts[Id]> extends never ? [] : [MessageArgs<Id>]): Message {
  return { id, args: args[0] ?? {} };
}

/** Joins `items` with the catalogue's joiner `joiner` when formatted. */
export const joined = (items: readonly MessageArg[], joiner: JoinerId): JoinedList => ({ items, joiner });

/** A number written with digit grouping when formatted. */
export const grouped = (n: number): GroupedNumber => ({ grouped: n });

/** A parameter's description, written in the catalogue's language when the message is. */
export const parameterDoc = (doc: string): ParameterDoc => ({ doc });

/** A parameter's description (its English `doc`) in the catalogue's language, the English where it has none. */
export const docIn = (doc: string, catalogue: Catalogue = englishCatalogue): string =>
  (catalogue.docs && Object.hasOwn(catalogue.docs, doc) ? catalogue.docs[doc] : undefined) ?? doc;

/** A size in bytes, formatted in the catalogue's language when the message is. */
export const byteSize = (n: number): ByteSize => ({ bytes: n });

/** `{name}` or `{name|one|other}`; any other brace (a JSON example in the text) is literal. */
const placeholder = /\{([A-Za-z]\w*)(?:\|([^{}|]*)\|([^{}|]*))?\}/g;

/** Writes `message` in the catalogue's language; arguments missing from a catalogue text are left out. */
export function formatMessage(message: Message, catalogue: Catalogue = englishCatalogue): string {
  const plural = new Intl.PluralRules(catalogue.locale);
  return catalogue.texts[message.id].replace(placeholder, (whole, name: string, one?: string, other?: string) => {
    if (!Object.hasOwn(message.args, name)) return whole;
    const value = message.args[name];
    if (one !== undefined) return plural.select(Number(value)) === "one" ? one : (other ?? "");
    return formatArg(value, catalogue);
  });
}

function formatArg(value: MessageArg, catalogue: Catalogue): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if ("grouped" in value) return formatCount(value.grouped, catalogue.locale);
  if ("bytes" in value) return formatBytes(value.bytes, catalogue.locale);
  if ("doc" in value) return docIn(value.doc, catalogue);
  if ("items" in value) return value.items.map((v) => formatArg(v, catalogue)).join(catalogue.texts[value.joiner]);
  return formatMessage(value, catalogue);
}

/** The placeholder names of a catalogue text, for checking a translation against the English. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(placeholder)].map((m) => m[1]).sort();
}

/**
 * The host's side of the webview protocols: every message a webview sends is checked before it is handled (a
 * webview is not trusted), by a table with one checker per message type. The table's type is mapped over the
 * protocol's union, so a message added to the protocol without a checker fails to compile.
 */

/** A message from a webview, as received: a plain object of unknown fields. */
export type RawMessage = Readonly<Record<string, unknown>>;

/** One checker per message type of the union `M`: the message, or undefined when it is malformed. */
export type MessageCheckers<M extends { readonly type: string }> = {
  readonly [T in M["type"]]: (raw: RawMessage) => Extract<M, { readonly type: T }> | undefined;
};

/** `raw` checked against `checkers`: the message, or undefined when it is malformed or of no known type. */
export function checkMessage<M extends { readonly type: string }>(checkers: MessageCheckers<M>, raw: unknown): M | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== "string" || !Object.hasOwn(checkers, type)) return undefined;
  const check = (checkers as unknown as Readonly<Record<string, (raw: RawMessage) => M | undefined>>)[type];
  return check(raw as RawMessage);
}

/** A non-negative integer (an index, an offset, a document version). */
export const isIndex = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;

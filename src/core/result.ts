import type { Message } from "./messages/format";

/** The outcome of an operation on user input: its value, or why there is none (a message, formatted at the edge). */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: Message };

/** The same for the edges' own operations, whose reasons are plain text until the edges are translated. */
export type TextResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

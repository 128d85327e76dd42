/** The outcome of an operation on user input: its value, or a message saying why there is none. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

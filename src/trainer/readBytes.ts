/** Reads a data file's bytes; a missing or unreadable file is a message naming it, never an exception. */
import { readFileSync } from "node:fs";

/** The bytes, or why they could not be read. */
export type BytesResult = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly message: string };

/** Reads `path`. */
export function readBytes(path: string): BytesResult {
  try {
    return { ok: true, bytes: readFileSync(path) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      ok: false,
      message: `${path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : String(code ?? e)}`,
    };
  }
}

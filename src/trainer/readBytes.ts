/**
 * Reads a data file's bytes — the one reader of every file a dataset names. Only a regular file is read: a FIFO
 * blocks forever and a device (a link to /dev/zero in a cloned repository) never ends. A missing, unreadable or
 * irregular file is a message naming it, never an exception.
 */
import { readFileSync, statSync } from "node:fs";
import { describeFileError } from "../node/files";

/** The bytes, or why they could not be read. */
export type BytesResult = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly message: string };

/** Reads `path`. */
export function readBytes(path: string): BytesResult {
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { ok: false, message: `${path}: is a folder` };
    if (!st.isFile()) return { ok: false, message: `${path}: is not a regular file (a device, a FIFO or a socket)` };
    return { ok: true, bytes: readFileSync(path) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, message: code === "ENOENT" ? `${path}: no such file` : describeFileError(e, path, "reading") };
  }
}

/**
 * Reads a data file's bytes — the one reader of every file a dataset names, through `openRegularFile` (a regular
 * file only: a FIFO blocks forever and a device such as /dev/zero never ends). A file whose format declares its
 * size in a header (IDX, NPY) is checked against that size before its body is read, and a gzipped one is inflated
 * no further than its header declares: a decompression bomb stops at the declared size. A missing, unreadable,
 * irregular or oversized file is a message naming it, never an exception.
 */
import type { TextResult } from "../../core";
import { closeSync } from "node:fs";
import { constants as zlib, gunzipSync } from "node:zlib";
import { byteSize, msg, type Message } from "../../core";
import { sayFile } from "../../node/say";
import { FileError } from "../../node/files";
import { maxFileBytes, openRegularFile, readAt, readRegularFile } from "../../node/readFiles";

/** The bytes, or why they could not be read. */
export type BytesResult = TextResult<Uint8Array>;

/** What a format's header declares: the whole size of the (inflated) file, or why the header is unreadable. */
export type Declared = { readonly bytes: number } | { readonly problem: Message } | { readonly needMore: number };

const failed = (e: unknown, path: string): BytesResult => ({
  ok: false,
  message: e instanceof FileError ? e.message : sayFile(msg("dataset.in", { path, problem: String((e as Error).message ?? e) })),
});

/** Why a file cannot be read, said in the trainer's language. */
const refused = (message: Message): BytesResult => ({ ok: false, message: sayFile(message) });

/** How a file of a dataset is named when it cannot be read. */
const reading = msg("files.cannotRead", { what: msg("files.datasetFile") });

/** Reads `path` whole (at most `maxFileBytes()`). */
export function readBytes(path: string): BytesResult {
  try {
    return { ok: true, value: readRegularFile(path, reading) };
  } catch (e) {
    return failed(e, path);
  }
}

/** The most compressed bytes inflated to find a header: at most about 1,000 times as many come out. */
const headProbe = 4096;

/**
 * Reads a file whose header declares its size (`declare` reads the first bytes, gunzipped where the file is
 * gzipped): the body is read, or inflated, only up to that size, and a file of another size is refused with both.
 */
export function readDeclared(path: string, declare: (head: Uint8Array) => Declared): BytesResult {
  try {
    const file = openRegularFile(path, reading);
    try {
      const limit = maxFileBytes();
      const start = readAt(file, 0, Math.min(file.size, headProbe));
      const gzipped = start[0] === 0x1f && start[1] === 0x8b;
      let head: Uint8Array = start;
      if (gzipped) {
        try {
          head = gunzipSync(start, { finishFlush: zlib.Z_SYNC_FLUSH });
        } catch {
          return refused(msg("dataset.badGzip", { path }));
        }
      }
      const declared = declare(head);
      if ("problem" in declared) return refused(msg("dataset.in", { path, problem: declared.problem }));
      if ("needMore" in declared) return refused(msg("dataset.headerNeeds", { path, needed: declared.needMore, bytes: head.length }));
      const size = declared.bytes;
      if (size > limit) return refused(msg("dataset.declaresTooMuch", { path, size: byteSize(size), limit: byteSize(limit) }));
      if (!gzipped) {
        if (file.size > size) return refused(msg("dataset.largerThanHeader", { path, bytes: file.size, declared: size }));
        return { ok: true, value: file.size === start.length ? start : readAt(file, 0, file.size) };
      }
      if (file.size > limit) return refused(msg("dataset.tooLarge", { path, size: byteSize(file.size), limit: byteSize(limit) }));
      const compressed = readAt(file, 0, file.size);
      try {
        // One byte more than declared is enough to know the file is larger than its header says.
        return { ok: true, value: gunzipSync(compressed, { maxOutputLength: Math.max(size + 1, 1) }) };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "ERR_BUFFER_TOO_LARGE" || e instanceof RangeError)
          return refused(msg("dataset.inflatesPast", { path, declared: size }));
        return refused(msg("dataset.badGzip", { path }));
      }
    } finally {
      closeSync(file.fd);
    }
  } catch (e) {
    return failed(e, path);
  }
}

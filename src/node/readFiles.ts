/**
 * The one door for files the user names (a model, a dataset file, an image, a run's weights): a regular file only,
 * opened without blocking, read up to the size it had when opened and never past a bound, so a FIFO, /dev/zero or
 * a file that grows cannot hang or exhaust the process. Text is decoded as UTF-8 (a byte order mark accepted),
 * UTF-16 named.
 */
import { constants as bufferConstants } from "node:buffer";
import { closeSync, constants as fsConstants, fstatSync, openSync, readSync, realpathSync } from "node:fs";
import { totalmem } from "node:os";
import { join, relative, sep } from "node:path";
import { byteSize, msg, printable, type Message } from "../core";
import { sayFile } from "./say";
import { describeFileError, FileError } from "./files";

/**
 * The most one file a user names may hold when read into memory: generous, since real data sets run to
 * gigabytes, and configurable with the environment variable CNN_DESIGNER_MAX_FILE_GB; by default three quarters
 * of this machine's memory, and never more than one buffer can hold.
 */
export function maxFileBytes(env: NodeJS.ProcessEnv = process.env): number {
  const gb = Number(env.CNN_DESIGNER_MAX_FILE_GB);
  const wanted = Number.isFinite(gb) && gb > 0 ? gb * 1024 ** 3 : 0.75 * totalmem();
  return Math.floor(Math.min(wanted, bufferConstants.MAX_LENGTH));
}

/** An open regular file: its descriptor and size. Close it with `closeSync(fd)`. */
export interface OpenFile {
  readonly fd: number;
  readonly size: number;
}

/**
 * Opens a file the user names for reading — the one door of every file CNN Designer reads: a regular file only
 * (a FIFO would block forever and a device such as /dev/zero never ends; it is opened without blocking and
 * checked on the open descriptor, so nothing can be swapped in between), and a path without NUL characters.
 * A FileError naming the path otherwise.
 */
export function openRegularFile(path: string, what: Message | string): OpenFile {
  if (path.includes("\0")) throw new FileError(sayFile(msg("files.nul", { what, path: printable(path) })));
  let fd: number;
  try {
    fd = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch (e) {
    throw new FileError(sayFile(msg("files.whatFailed", { what, reason: describeFileError(e, path, "reading") })), { cause: e });
  }
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    throw new FileError(sayFile(msg(st.isDirectory() ? "files.whatIsFolder" : "files.whatNotRegular", { what, path })));
  }
  return { fd, size: st.size };
}

/** Reads `length` bytes at `position` of an open file; fewer only at its end. */
export function readAt(file: OpenFile, position: number, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  let done = 0;
  // One read takes at most 1 GB: readSync's length is a 32-bit integer, which a 2.1 GB file would overflow.
  while (done < length) {
    const n = readSync(file.fd, out, done, Math.min(length - done, 2 ** 30), position + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? out : out.subarray(0, done);
}

/**
 * Reads a whole regular file of at most `maxBytes` (default `maxFileBytes()`), through `openRegularFile`. The size
 * is taken when the file is opened, so a file that grows meanwhile cannot make the read grow.
 */
export function readRegularFile(path: string, what: Message | string, maxBytes = maxFileBytes()): Buffer {
  const file = openRegularFile(path, what);
  try {
    if (file.size > maxBytes)
      throw new FileError(sayFile(msg("files.tooLarge", { what, path, size: byteSize(file.size), limit: byteSize(maxBytes) })));
    return readAt(file, 0, file.size);
  } catch (e) {
    if (e instanceof FileError) throw e;
    throw new FileError(sayFile(msg("files.whatFailed", { what, reason: describeFileError(e, path, "reading") })), { cause: e });
  } finally {
    closeSync(file.fd);
  }
}

/** The most a JSON text the user names (a model, a Keras topology, a run's manifest) may hold. */
export const maxTextBytes = 256 * 1024 * 1024;

/**
 * Reads a text file the user names (a model file, a file to import): a regular file only — a folder, a FIFO or a
 * device (a link to /dev/zero in a cloned repository) would block or never end — of at most `maxTextBytes`; a
 * FileError naming it otherwise.
 */
export function readUserText(path: string, what: Message): string {
  const bytes = readRegularFile(path, msg("files.cannotRead", { what }), maxTextBytes);
  const decoded = decodeUserText(bytes);
  if ("encoding" in decoded) throw new FileError(sayFile(msg("files.utf16", { what, path, encoding: decoded.encoding })));
  return decoded.text;
}

/**
 * A text file's bytes as the text a user wrote, in UTF-8: a byte order mark (Windows Notepad writes one) is not part
 * of it, as in VS Code; a UTF-16 file is named, for a message, not decoded as garbage.
 */
export function decodeUserText(bytes: Uint8Array): { readonly text: string } | { readonly encoding: Message } {
  const encoding = utf16(bytes);
  return encoding ? { encoding } : { text: new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes) };
}

/**
 * Names the encoding of a text that is UTF-16 rather than UTF-8: by its byte order mark, or by the zero bytes
 * every ASCII character has in UTF-16 (JSON starts with ASCII). `undefined` for anything else.
 */
export function utf16(bytes: Uint8Array): Message | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return msg("files.utf16leMark");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return msg("files.utf16beMark");
  if (bytes.length >= 4 && bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) return msg("files.utf16le");
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0) return msg("files.utf16be");
  return undefined;
}

/**
 * Reads `file` (relative to `dir`) as a regular file inside `dir` (a run's folder, or a model's beside which its
 * weights files are), of `size` bytes (or, when no size is declared, of at most `atMost`: by default
 * `maxTextBytes`, for a JSON file); an Error saying `what` is wrong otherwise.
 */
export function readInside(
  dir: string,
  file: string,
  size: number | undefined,
  what: Message,
  atMost = maxTextBytes,
  folder: "run" | "model" = "run",
): Uint8Array {
  const root = realpathSync(dir);
  const path = join(dir, file);
  let real: string;
  try {
    real = realpathSync(path);
  } catch (e) {
    throw new FileError(msg("files.whatFailed", { what, reason: describeFileError(e, path, "reading") }), { cause: e });
  }
  const inside = relative(root, real);
  if (inside === "" || inside.startsWith(`..${sep}`) || inside === ".." || inside.startsWith(sep))
    throw new Error(
      sayFile(
        folder === "run" ? msg("runFile.leadsOutside", { what, file, real }) : msg("runFile.leadsOutsideModel", { what, file, real }),
      ),
    );
  const open = openRegularFile(real, msg("runFile.named", { what, file }));
  try {
    if (size !== undefined && open.size !== size)
      throw new Error(sayFile(msg("runFile.notDeclared", { what, path, bytes: open.size, declared: size })));
    if (size === undefined && open.size > atMost)
      throw new Error(
        sayFile(
          atMost === maxTextBytes
            ? msg("runFile.overJson", { what, path, bytes: open.size })
            : msg("runFile.overTotal", { what, path, bytes: open.size, declared: atMost }),
        ),
      );
    return readAt(open, 0, open.size);
  } finally {
    closeSync(open.fd);
  }
}

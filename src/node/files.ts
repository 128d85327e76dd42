/**
 * Writing the user's files safely: every file CNN Designer writes goes through a temporary file beside it and a
 * rename, so a full disk or a crash never leaves a truncated file where a good one was; and an output is refused
 * when it is one of the command's inputs or a file of a training run (compared by real path and inode, so links
 * and hard links are caught), or when it exists and replacing it was not asked for.
 */
import { constants as bufferConstants } from "node:buffer";
import { randomBytes } from "node:crypto";
import {
  closeSync,
  constants as fsConstants,
  existsSync,
  mkdirSync,
  fstatSync,
  readSync,
  fsyncSync,
  lstatSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from "node:fs";
import { totalmem } from "node:os";
import { basename, dirname, join, parse, relative, resolve, sep } from "node:path";
import { formatBytes, printable, runsFolderName } from "../core";
import { isRunFolder } from "./runLayout";

/** A file-system failure in words, naming the path: "disk full writing 'm.onnx'". */
export function describeFileError(e: unknown, path: string, doing = "writing"): string {
  const code = (e as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    ENOENT: `'${path}': no such file or folder`,
    ENOTDIR: `'${path}': a part of the path is not a folder`,
    EISDIR: `'${path}' is a folder`,
    EACCES: `permission denied ${doing} '${path}'`,
    EPERM: `not permitted ${doing} '${path}'`,
    EROFS: `'${path}' is on a read-only file system`,
    ENOSPC: `the disk is full ${doing} '${path}'`,
    EDQUOT: `the disk quota is exhausted ${doing} '${path}'`,
    ENAMETOOLONG: `the name '${path}' is too long`,
    EEXIST: `'${path}' already exists`,
    ENXIO: `'${path}' is not a file that can be opened (a FIFO without a reader, a socket)`,
    ELOOP: `'${path}': too many levels of symbolic links`,
  };
  return (
    (code !== undefined && Object.hasOwn(why, code) ? why[code] : undefined) ?? `${doing} '${path}' failed: ${(e as Error).message ?? e}`
  );
}

/** A file-system failure with a message for the user (see describeFileError). */
export class FileError extends Error {
  /** True when the disk (or the quota) was full. */
  readonly full: boolean;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const code = (options?.cause as NodeJS.ErrnoException | undefined)?.code;
    this.full = code === "ENOSPC" || code === "EDQUOT";
  }
}

const statOrUndefined = (path: string, follow = true): Stats | undefined => {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch {
    return undefined;
  }
};
const lstatOrUndefined = (path: string) => statOrUndefined(path, false);

/** The path a write to `path` lands on: a symbolic link's target (the link stays a link), else the path itself. */
function writeTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    // A new file: its folder's real path, so that a link to a run folder is seen for what it is.
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return path;
    }
  }
}

/**
 * Writes `data` to `path` atomically: a temporary file in the same folder, flushed to disk, then renamed over the
 * target (which keeps its permissions). On any failure the temporary file is removed, the old file is untouched,
 * and a FileError names the path.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const target = writeTarget(path);
  const { dir, base } = parse(target);
  // Beside the target (a rename never crosses file systems); a short name where the target's is long.
  const suffix = `${randomBytes(4).toString("hex")}.tmp`;
  const temporary = join(dir, base.length > 200 ? `.cnn-${suffix}` : `.${base}.${suffix}`);
  const mode = statOrUndefined(target)?.mode;
  let fd: number | undefined;
  try {
    // The replaced file's permissions, but never its setuid, setgid or sticky bits: generated content is not a program to run as its owner.
    fd = openSync(temporary, "wx", mode === undefined ? 0o666 : mode & 0o777);
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, target);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temporary);
    } catch {
      // never created
    }
    throw new FileError(describeFileError(e, path), { cause: e });
  }
}

/** What an output may replace. */
export interface OutputRules {
  /** The command's input files, and what each is ("the model being exported"): never overwritten, whatever the flags. */
  readonly inputs: readonly { readonly path: string; readonly what: string }[];
  /** Replace an existing file (`--force`, or a save dialog that asked). */
  readonly force: boolean;
}

/**
 * The run folder that holds `path` (the folder itself or an ancestor), if any: a folder a run wrote, or anything
 * under a `.cnn-runs` folder (a run that could not even write its status is there too).
 */
function enclosingRun(path: string): string | undefined {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if (isRunFolder(dir) || basename(dir) === runsFolderName) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Why an output may not be written: what kind of refusal (an existing file may be replaced on request), in words. */
export interface OutputProblem {
  readonly kind: "folder" | "special" | "input" | "run" | "exists";
  readonly message: string;
}

/** Why `output` may not be written under `rules`, or undefined when it may. */
export function outputProblem(output: string, rules: OutputRules): OutputProblem | undefined {
  const target = writeTarget(output);
  const existing = statOrUndefined(target);
  // A dangling symbolic link is an existing entry too: replaced only with --force, like any other.
  const dangling = existing === undefined && lstatOrUndefined(output)?.isSymbolicLink() === true;
  if (existing?.isDirectory()) return { kind: "folder", message: `'${output}' is a folder; name a file to write` };
  // A device, a FIFO or a socket is never replaced by a file, --force or not (as root, /dev/null would be).
  if (existing && !existing.isFile())
    return { kind: "special", message: `'${output}' is not a regular file (a device, a FIFO or a socket); name a file to write` };
  const linked = lstatOrUndefined(output)?.isSymbolicLink() === true;
  for (const input of rules.inputs) {
    const s = statOrUndefined(input.path);
    const same = s && existing ? s.dev === existing.dev && s.ino === existing.ino : writeTarget(input.path) === target;
    const link = linked || (s?.nlink ?? 1) > 1 ? ", through a link" : "";
    if (same)
      return {
        kind: "input",
        message: `'${output}' is ${input.what}${resolve(input.path) === resolve(output) ? "" : ` ('${input.path}'${link})`}; write to another file`,
      };
  }
  const run = enclosingRun(target);
  if (run)
    return {
      kind: "run",
      message:
        basename(run) === runsFolderName
          ? `'${output}' is inside '${run}', where training runs are kept; write it elsewhere`
          : `'${output}' is inside the training run '${run}', whose files are never overwritten; write it elsewhere`,
    };
  if ((existing || dangling) && !rules.force)
    return { kind: "exists", message: `'${output}' already exists${dangling ? " (a link to nothing)" : ""}; use --force to replace it` };
  return undefined;
}

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
export function openRegularFile(path: string, what: string): OpenFile {
  if (path.includes("\0")) throw new FileError(`${what}: '${printable(path)}' contains a NUL character, which no path may`);
  let fd: number;
  try {
    fd = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch (e) {
    throw new FileError(`${what}: ${describeFileError(e, path, "reading")}`, { cause: e });
  }
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    throw new FileError(`${what}: '${path}' ${st.isDirectory() ? "is a folder" : "is not a regular file (a device, a FIFO or a socket)"}`);
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
export function readRegularFile(path: string, what: string, maxBytes = maxFileBytes()): Buffer {
  const file = openRegularFile(path, what);
  try {
    if (file.size > maxBytes)
      throw new FileError(
        `${what}: '${path}' holds ${formatBytes(file.size)}, more than the ${formatBytes(maxBytes)} one file may (CNN_DESIGNER_MAX_FILE_GB sets the limit)`,
      );
    return readAt(file, 0, file.size);
  } catch (e) {
    if (e instanceof FileError) throw e;
    throw new FileError(`${what}: ${describeFileError(e, path, "reading")}`, { cause: e });
  } finally {
    closeSync(file.fd);
  }
}

/**
 * Creates the folder `path` and its missing parents, one at a time. Node's own `mkdirSync(path, { recursive: true })`
 * loops for ever where the file system answers ENOENT for a parent that exists (a runs folder under /proc, say);
 * here that is an error naming the path.
 */
export function makeFolders(path: string): void {
  const missing: string[] = [];
  let at = resolve(path);
  while (!existsSync(at)) {
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST" && statSync(dir).isDirectory()) continue;
      throw e;
    }
  }
}

/** The most a JSON text the user names (a model, a Keras topology, a run's manifest) may hold. */
export const maxTextBytes = 256 * 1024 * 1024;

/**
 * Reads a text file the user names (a model file, a file to import): a regular file only — a folder, a FIFO or a
 * device (a link to /dev/zero in a cloned repository) would block or never end — of at most `maxTextBytes`; a
 * FileError naming it otherwise.
 */
export function readUserText(path: string, what: string): string {
  const bytes = readRegularFile(path, `cannot read ${what}`, maxTextBytes);
  const decoded = decodeUserText(bytes);
  if ("encoding" in decoded) throw new FileError(`cannot read ${what}: '${path}' is ${decoded.encoding}; save it as UTF-8`);
  return decoded.text;
}

/**
 * A text file's bytes as the text a user wrote, in UTF-8: a byte order mark (Windows Notepad writes one) is not part
 * of it, as in VS Code; a UTF-16 file is named, for a message, not decoded as garbage.
 */
export function decodeUserText(bytes: Uint8Array): { readonly text: string } | { readonly encoding: string } {
  const encoding = utf16(bytes);
  return encoding ? { encoding } : { text: new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes) };
}

/**
 * Names the encoding of a text that is UTF-16 rather than UTF-8: by its byte order mark, or by the zero bytes
 * every ASCII character has in UTF-16 (JSON starts with ASCII). `undefined` for anything else.
 */
export function utf16(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "UTF-16 (little-endian, with a byte order mark)";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "UTF-16 (big-endian, with a byte order mark)";
  if (bytes.length >= 4 && bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) return "UTF-16 (little-endian)";
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0) return "UTF-16 (big-endian)";
  return undefined;
}

/**
 * Reads `file` (relative to `dir`) as a regular file inside `dir`, of `size` bytes (or, when no size is declared, of
 * at most `atMost`: by default `maxTextBytes`, for a JSON file); a message otherwise.
 */
export function readInside(dir: string, file: string, size: number | undefined, what: string, atMost = maxTextBytes): Uint8Array {
  const root = realpathSync(dir);
  const path = join(dir, file);
  let real: string;
  try {
    real = realpathSync(path);
  } catch (e) {
    throw new FileError(`${what}: ${describeFileError(e, path, "reading")}`, { cause: e });
  }
  const inside = relative(root, real);
  if (inside === "" || inside.startsWith(`..${sep}`) || inside === ".." || inside.startsWith(sep))
    throw new Error(`${what} '${file}' leads outside the run folder (to '${real}'); a run's files stay in its folder`);
  const open = openRegularFile(real, `${what} '${file}'`);
  try {
    if (size !== undefined && open.size !== size)
      throw new Error(`${what} '${path}' holds ${open.size} bytes, but its manifest declares ${size}`);
    if (size === undefined && open.size > atMost)
      throw new Error(
        atMost === maxTextBytes
          ? `${what} '${path}' holds ${open.size} bytes, more than a JSON text may`
          : `${what} '${path}' holds ${open.size} bytes, but its model.json declares ${atMost} in all`,
      );
    return readAt(open, 0, open.size);
  } finally {
    closeSync(open.fd);
  }
}

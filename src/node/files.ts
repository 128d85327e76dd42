/**
 * Writing the user's files safely: every file CNN Designer writes goes through a temporary file beside it and a
 * rename, so a full disk or a crash never leaves a truncated file where a good one was; and an output is refused
 * when it is one of the command's inputs or a file of a training run (compared by real path and inode, so links
 * and hard links are caught), or when it exists and replacing it was not asked for.
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
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
import { basename, dirname, join, parse, resolve } from "node:path";
import { msg, runsFolderName, type Message } from "../core";
import { sayFile } from "./say";
import { isRunFolder } from "./runLayout";

/** What was being done to a path when it failed. */
export type FileDoing = "reading" | "writing" | "creating" | "creatingIn";

const doingIds = {
  reading: "files.reading",
  writing: "files.writing",
  creating: "files.creating",
  creatingIn: "files.creatingIn",
} as const;

/** The message for each error code a user can fix. */
const whyIds = {
  ENOENT: "files.noSuchFile",
  ENOTDIR: "files.notFolderPart",
  EISDIR: "files.isFolder",
  EACCES: "files.permission",
  EPERM: "files.notPermitted",
  EROFS: "files.readOnly",
  ENOSPC: "files.diskFull",
  EDQUOT: "files.quota",
  ENAMETOOLONG: "files.nameTooLong",
  EEXIST: "files.exists",
  ENXIO: "files.notOpenable",
  ELOOP: "files.linkLoop",
} as const;

/** A file-system failure in words (the file layer's language), naming the path: "the disk is full writing 'm.onnx'". */
export function describeFileError(e: unknown, path: string, doing: FileDoing = "writing"): string {
  const code = (e as NodeJS.ErrnoException).code;
  const args = { path, doing: msg(doingIds[doing]) };
  if (code !== undefined && Object.hasOwn(whyIds, code)) return sayFile(msg(whyIds[code as keyof typeof whyIds], args));
  return sayFile(msg("files.failed", { ...args, reason: String((e as Error).message ?? e) }));
}

/** A file-system failure with a message for the user (see describeFileError). */
export class FileError extends Error {
  /** True when the disk (or the quota) was full. */
  readonly full: boolean;
  /** `message` is said in the file layer's language (a text already said is taken as it is). */
  constructor(message: string | Message, options?: { cause?: unknown }) {
    super(typeof message === "string" ? message : sayFile(message), options);
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
  readonly inputs: readonly { readonly path: string; readonly what: Message }[];
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
  if (existing?.isDirectory()) return { kind: "folder", message: sayFile(msg("files.outputFolder", { output })) };
  // A device, a FIFO or a socket is never replaced by a file, --force or not (as root, /dev/null would be).
  if (existing && !existing.isFile()) return { kind: "special", message: sayFile(msg("files.outputSpecial", { output })) };
  const linked = lstatOrUndefined(output)?.isSymbolicLink() === true;
  for (const input of rules.inputs) {
    const s = statOrUndefined(input.path);
    const same = s && existing ? s.dev === existing.dev && s.ino === existing.ino : writeTarget(input.path) === target;
    const link = linked || (s?.nlink ?? 1) > 1;
    const args = { output, what: input.what, input: input.path };
    if (same)
      return {
        kind: "input",
        message: sayFile(
          resolve(input.path) === resolve(output)
            ? msg("files.outputIsInput", args)
            : msg(link ? "files.outputIsInputLink" : "files.outputIsInputAt", args),
        ),
      };
  }
  const run = enclosingRun(target);
  if (run)
    return {
      kind: "run",
      message: sayFile(msg(basename(run) === runsFolderName ? "files.outputInRuns" : "files.outputInRun", { output, run })),
    };
  if ((existing || dangling) && !rules.force)
    return { kind: "exists", message: sayFile(msg(dangling ? "files.outputExistsDangling" : "files.outputExists", { output })) };
  return undefined;
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

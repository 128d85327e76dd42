/** A model file as a git revision has it (`git show REV:./PATH`), for diffs against committed versions. */
import { execFileSync } from "node:child_process";
import { basename, dirname } from "node:path";
import { formatBytes } from "../core";
import { maxFileBytes } from "./readFiles";
import { FileError } from "./files";

/** A revision git may read: no option (a leading '-') and no control characters, which git would refuse anyway. */
const revision = /^[^-\s\p{Cc}][^\s\p{Cc}]*$/u;

/**
 * The text of `path` (relative to the working directory, or absolute) at revision `rev` of the git repository
 * that holds it. A FileError in one line otherwise: no git, not a repository, no such revision or file.
 */
export function readAtRevision(rev: string, path: string): string {
  if (!revision.test(rev)) throw new FileError(`'${rev}' is not a git revision`);
  if (path.includes("\0")) throw new FileError("a path may not contain a NUL character");
  try {
    const bytes = execFileSync("git", ["-C", dirname(path), "show", `${rev}:./${basename(path)}`], {
      maxBuffer: Math.min(maxFileBytes(), 2 ** 31 - 1),
      stdio: ["ignore", "pipe", "pipe"],
      windowsHide: true,
    });
    return bytes.toString("utf8").replace(/^\uFEFF/, "");
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === "ENOENT") throw new FileError("git is not installed (or not on PATH): it is needed to read a committed version");
    if (err.code === "ENOBUFS") throw new FileError(`${path} at ${rev} is larger than ${formatBytes(maxFileBytes())}`);
    const said = (err.stderr?.toString("utf8") ?? "")
      .trim()
      .split("\n")[0]
      .replace(/^fatal: /, "");
    throw new FileError(`git cannot read ${path} at ${rev}: ${said || err.message}`);
  }
}

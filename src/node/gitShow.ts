/** A model file as a git revision has it (`git show REV:./PATH`), for diffs against committed versions. */
import { execFileSync } from "node:child_process";
import { basename, dirname } from "node:path";
import { byteSize, msg, type Message } from "../core";
import { decodeUserText, maxTextBytes } from "./readFiles";
import { FileError } from "./files";

/**
 * A revision git may read: one commit's name — no option (a leading '-'), no range (`a..b`, `a...b`), no object
 * path (`HEAD:file`) and no whitespace or control characters.
 */
const revision = /^(?!-)(?!.*\.\.)[^\s\p{Cc}:]+$/u;

/** Runs git in `dir`; its standard output, or a FileError with git's own first line. */
function git(dir: string, args: string[], what: Message): Buffer {
  try {
    return execFileSync("git", ["-C", dir, ...args], { maxBuffer: maxTextBytes, stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === "ENOENT") throw new FileError(msg("git.missing"));
    if (err.code === "ENOBUFS") throw new FileError(msg("git.overLimit", { what, limit: byteSize(maxTextBytes) }));
    const said = (err.stderr?.toString("utf8") ?? "")
      .trim()
      .split("\n")[0]
      .replace(/^fatal: /, "");
    if (said === "Needed a single revision") throw new FileError(msg("git.noRevision", { what }));
    if (said.startsWith("not a git repository")) throw new FileError(msg("git.notRepository", { what, dir }));
    throw new FileError(msg("git.cannotRead", { what, error: said || String(err.message) }));
  }
}

/**
 * The text of `path` (relative to the working directory, or absolute) at revision `rev` of the git repository that
 * holds it, with the rules of a file on disk: a file (not a folder or a link), at most 256 MiB, UTF-8. A FileError
 * in one line otherwise: no git, not a repository, no such revision or file.
 */
export function readAtRevision(rev: string, path: string): string {
  if (!revision.test(rev)) throw new FileError(msg("git.notRevision", { rev }));
  if (path.includes("\0")) throw new FileError(msg("git.nul"));
  const what = msg("git.at", { path, rev });
  const object = `${rev}:./${basename(path)}`;
  const dir = dirname(path);
  // A folder is a tree, a symbolic link a blob of mode 120000: neither is a model file.
  git(dir, ["rev-parse", "--verify", `${rev}^{commit}`], what);
  const entry = git(dir, ["ls-tree", "-l", rev, "--", `./${basename(path)}`], what).toString("utf8");
  if (entry === "") throw new FileError(msg("git.noFile", { what }));
  if (git(dir, ["cat-file", "-t", object], what).toString("utf8").trim() === "tree") throw new FileError(msg("git.folder", { what }));
  if (entry.startsWith("120000")) throw new FileError(msg("git.link", { what }));
  if (entry.startsWith("160000")) throw new FileError(msg("git.submodule", { what }));
  // (`ls-tree -l`: mode, type, object, size, then the path.)
  const size = Number(entry.split(/\s+/)[3]);
  if (size > maxTextBytes) throw new FileError(msg("git.tooLarge", { what, size: byteSize(size), limit: byteSize(maxTextBytes) }));
  const decoded = decodeUserText(git(dir, ["cat-file", "blob", object], what));
  if ("encoding" in decoded) throw new FileError(msg("git.utf16", { what, encoding: decoded.encoding }));
  return decoded.text;
}

/**
 * Making a model's run folders, `.cnn-runs/<model>/<timestamp>/`: for a training run (the trainer) and for
 * imported weights (the CLI and the extension). docs/run-folder.md describes the layout.
 */
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { runsFolderName } from "../core";
import { describeFileError, FileError, makeFolders } from "./files";

/**
 * Why a folder could not be made under its nearest existing ancestor (a read-only file system, no permission):
 * Node reports a failed recursive mkdir as ENOENT, which names the wrong cause.
 */
function blockingAncestor(path: string): NodeJS.ErrnoException | undefined {
  let dir = dirname(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (e) {
    return e as NodeJS.ErrnoException;
  }
}

/**
 * Creates a new run folder for `modelPath` under `runsDir` (default `.cnn-runs` beside the model), named by the
 * time and, for a run that is not a training run, a label (`2026-12-03T01-30-00-imported`).
 */
export function createRunFolder(modelPath: string, runsDir?: string, now = new Date(), label?: string): string {
  const stamp = now.toISOString().replace(/[:]/g, "-").replace(/\..*$/, "") + (label ? `-${label}` : "");
  const base = prepareRunsFolder(modelPath, runsDir);
  for (let k = 0; ; k++) {
    const dir = join(base, k ? `${stamp}-${k}` : stamp);
    try {
      mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw new FileError(describeFileError(e, dir, "creating"), { cause: e });
    }
  }
}

/** The folder a model's runs go into: `runsDir`, else `.cnn-runs` beside the model; then the model's name. */
const runsBase = (modelPath: string, runsDir?: string) =>
  join(runsDir ?? join(dirname(modelPath), runsFolderName), basename(modelPath).replace(/\.cnn\.json$/, ""));

/** Creates the folder a model's runs go into and returns its path; a FileError naming the path otherwise. */
function prepareRunsFolder(modelPath: string, runsDir?: string): string {
  const base = runsBase(modelPath, runsDir);
  try {
    makeFolders(base);
  } catch (e) {
    throw new FileError(describeFileError(blockingAncestor(base) ?? e, base, "creating"), { cause: e });
  }
  return base;
}

/**
 * Why a model's runs folder could not be created, found without creating anything: the nearest part of its path
 * that exists is not a folder, or cannot be written. Said before any data is loaded; `undefined` when it can.
 */
export function runsFolderProblem(modelPath: string, runsDir?: string): string | undefined {
  const base = runsBase(modelPath, runsDir);
  let existing = base;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    if (!statSync(existing).isDirectory()) return `'${existing}' is a file, not a folder, so '${base}' cannot be created`;
    accessSync(existing, constants.W_OK);
  } catch (e) {
    return describeFileError(e, existing, "creatingIn");
  }
  // Permissions are not the whole answer (root may write anywhere, yet not under /proc): a folder is made and removed.
  try {
    rmdirSync(mkdtempSync(join(existing, ".cnn-designer-probe-")));
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === "ENOENT"
      ? `'${existing}' takes no new folders (its file system refused one), so '${base}' cannot be created`
      : describeFileError(e, existing, "creatingIn");
  }
}

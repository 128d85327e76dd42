/**
 * The files Export Model… and Import Model… write: each checked before any is written (never an input, never a
 * training run's file, an existing one replaced only when the user said so), local files written atomically.
 */
import * as vscode from "vscode";
import type { Message } from "../core";
import { FileError, outputProblem, writeFileAtomic } from "../node/files";
import { t } from "./l10n";
import { notify } from "./plainText";

/** The file `name` in `uri`'s folder. */
export const sibling = (uri: vscode.Uri, name: string) => vscode.Uri.joinPath(uri, "..", name);
/** A file's name without its extension (`model.cnn.json` → `model`). */
export const stem = (uri: vscode.Uri) => (uri.path.split("/").at(-1) ?? "model").replace(/\.cnn\.json$|\.[^.]+$/, "");
/** Whether `uri` exists. */
export const exists = async (uri: vscode.Uri) =>
  Promise.resolve(vscode.workspace.fs.stat(uri)).then(
    () => true,
    () => false,
  );

/** A file an export or an import writes; `replace`: a save dialog asked (true), or ask first (undefined). */
export interface Output {
  readonly uri: vscode.Uri;
  readonly bytes: Uint8Array;
  replace: boolean | undefined;
}

/**
 * Checks every output before writing any — none may be `input` or a file of a training run, and an existing one
 * is replaced only when a save dialog asked or the user agrees now — then writes them, each local file atomically
 * (a temporary file renamed over it). Returns why not ("cancelled" when the user said no), or undefined.
 */
export async function writeOutputs(outputs: Output[], input: { uri: vscode.Uri; what: Message }): Promise<string | undefined> {
  const inputs = input.uri.scheme === "file" ? [{ path: input.uri.fsPath, what: input.what }] : [];
  for (const o of outputs) {
    if (o.uri.scheme !== "file") continue;
    const problem = outputProblem(o.uri.fsPath, { inputs, force: o.replace === true });
    if (problem?.kind === "exists" && o.replace === undefined) {
      const replaceIt = t("Replace");
      const choice = await notify.ask(
        t("Replace {0}?", vscode.workspace.asRelativePath(o.uri)),
        t("A file of that name exists beside the export."),
        replaceIt,
      );
      if (choice !== replaceIt) return "cancelled";
      o.replace = true;
    } else if (problem) return problem.message.replace(/; use --force to replace it$/, "");
  }
  try {
    for (const o of outputs) {
      if (o.uri.scheme === "file") writeFileAtomic(o.uri.fsPath, o.bytes);
      else await vscode.workspace.fs.writeFile(o.uri, o.bytes);
    }
  } catch (e) {
    if (e instanceof FileError) return e.message;
    throw e;
  }
  return undefined;
}

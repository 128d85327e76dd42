/**
 * Reads a text file the user names in VS Code (a model file from disk, a file to import) through VS Code's file
 * system, with the CLI's rules: a regular file only — a FIFO would block one of the extension host's threads for
 * ever and a device never ends —, of at most `maxTextBytes`, UTF-8 (a byte order mark dropped; UTF-16 named).
 */
import { formatBytes, type TextResult } from "../core";
import * as vscode from "vscode";
import { t } from "./l10n";
import { describe } from "./messages";
import { decodeUserText, maxFileBytes, maxTextBytes } from "../node/readFiles";

/** The text, or why it cannot be read, in words for the user. */
export type UserText = TextResult<string>;

/** Reads `uri` as a text the user named. */
export async function readUserTextFile(uri: vscode.Uri): Promise<UserText> {
  const name = vscode.workspace.asRelativePath(uri);
  const bytes = await readUserBytes(uri, maxTextBytes, t("a JSON text"));
  if (!bytes.ok) return bytes;
  const decoded = decodeUserText(bytes.value);
  return "encoding" in decoded
    ? { ok: false, message: t("{0} is {1}; save it as UTF-8", name, describe(decoded.encoding)) }
    : { ok: true, value: decoded.text };
}

/** Reads the bytes of a regular file the user named, of at most `atMost` bytes (`what` may hold that many). */
export async function readUserBytes(
  uri: vscode.Uri,
  atMost = maxFileBytes(),
  what: string = t("one file"),
): Promise<TextResult<Uint8Array>> {
  const name = vscode.workspace.asRelativePath(uri);
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch (e) {
    return { ok: false, message: t("{0} cannot be read ({1})", name, (e as Error).message) };
  }
  if (stat.type & vscode.FileType.Directory) return { ok: false, message: t("{0} is a folder", name) };
  if (!(stat.type & vscode.FileType.File))
    return { ok: false, message: t("{0} is not a regular file (a device, a FIFO or a socket)", name) };
  if (stat.size > atMost)
    return { ok: false, message: t("{0} holds {1}, more than the {2} {3} may", name, formatBytes(stat.size), formatBytes(atMost), what) };
  try {
    return { ok: true, value: await vscode.workspace.fs.readFile(uri) };
  } catch (e) {
    return { ok: false, message: t("{0} cannot be read ({1})", name, (e as Error).message) };
  }
}

/** Reads `uri` as `readUserTextFile` does, throwing an Error with its message when it cannot be read. */
export async function readUserTextOrThrow(uri: vscode.Uri): Promise<string> {
  const read = await readUserTextFile(uri);
  if (!read.ok) throw new Error(read.message);
  return read.value;
}

/**
 * Reads a text file the user names in VS Code (a model file from disk, a file to import) through VS Code's file
 * system, with the CLI's rules: a regular file only — a FIFO would block one of the extension host's threads for
 * ever and a device never ends —, of at most `maxTextBytes`, UTF-8 (a byte order mark dropped; UTF-16 named).
 */
import { formatBytes, type TextResult } from "../core";
import * as vscode from "vscode";
import { decodeUserText, maxFileBytes, maxTextBytes } from "../node/readFiles";

/** The text, or why it cannot be read, in words for the user. */
export type UserText = TextResult<string>;

/** Reads `uri` as a text the user named. */
export async function readUserTextFile(uri: vscode.Uri): Promise<UserText> {
  const name = vscode.workspace.asRelativePath(uri);
  const bytes = await readUserBytes(uri, maxTextBytes, "a JSON text");
  if (!bytes.ok) return bytes;
  const decoded = decodeUserText(bytes.value);
  return "encoding" in decoded
    ? { ok: false, message: `${name} is ${decoded.encoding}; save it as UTF-8` }
    : { ok: true, value: decoded.text };
}

/** Reads the bytes of a regular file the user named, of at most `atMost` bytes (`what` may hold that many). */
export async function readUserBytes(uri: vscode.Uri, atMost = maxFileBytes(), what = "one file"): Promise<TextResult<Uint8Array>> {
  const name = vscode.workspace.asRelativePath(uri);
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch (e) {
    return { ok: false, message: `${name} cannot be read (${(e as Error).message})` };
  }
  if (stat.type & vscode.FileType.Directory) return { ok: false, message: `${name} is a folder` };
  if (!(stat.type & vscode.FileType.File)) return { ok: false, message: `${name} is not a regular file (a device, a FIFO or a socket)` };
  if (stat.size > atMost)
    return { ok: false, message: `${name} holds ${formatBytes(stat.size)}, more than the ${formatBytes(atMost)} ${what} may` };
  try {
    return { ok: true, value: await vscode.workspace.fs.readFile(uri) };
  } catch (e) {
    return { ok: false, message: `${name} cannot be read (${(e as Error).message})` };
  }
}

/** Reads `uri` as `readUserTextFile` does, throwing an Error with its message when it cannot be read. */
export async function readUserTextOrThrow(uri: vscode.Uri): Promise<string> {
  const read = await readUserTextFile(uri);
  if (!read.ok) throw new Error(read.message);
  return read.value;
}

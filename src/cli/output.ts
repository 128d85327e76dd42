/**
 * Everything the CLI prints goes through here. Names and paths are the user's (or a cloned repository's): their
 * control characters are printed escaped (`\x1b`), so that no model file can retitle, clear or rewrite the terminal.
 * Standard output may go away (`| head` closes the pipe) or fill a disk (`> /dev/full`): the CLI then stops
 * printing, says so once on standard error where it can, and `train` stops its run the way SIGTERM does.
 */
import { invisibleCharacters, msg, printable } from "../core";
import { sayFile } from "../node/say";
import { describeFileError } from "../node/files";
import { say } from "./messages";

let closed = false;
const whenClosed: (() => void)[] = [];

/** Standard output failed: no more printing; the reason on standard error unless the reader just left. */
function failed(e: unknown): void {
  if (closed) return;
  closed = true;
  const code = (e as NodeJS.ErrnoException).code;
  if (code !== "EPIPE") {
    process.exitCode = 2;
    try {
      process.stderr.write(
        `cnn-designer: ${say("cli.cannotPrint", { reason: describeFileError(e, sayFile(msg("files.standardOutput"))) })}\n`,
      );
    } catch {
      // standard error is gone too
    }
  }
  for (const f of whenClosed.splice(0)) f();
}
process.stdout.on("error", failed);
process.stderr.on("error", () => undefined);

/** Runs `f` once standard output can no longer be written (its reader left, its disk is full). */
export function onOutputClosed(f: () => void): void {
  if (closed) f();
  else whenClosed.push(f);
}

/** Prints `text` to standard output, control characters escaped (newlines and tabs kept). */
export function print(text: string): void {
  if (closed) return;
  try {
    process.stdout.write(printable(text, true));
  } catch (e) {
    failed(e);
  }
}

/** Prints `text` to standard error, control characters escaped (newlines and tabs kept). */
export function printError(text: string): void {
  try {
    process.stderr.write(printable(text, true));
  } catch {
    // standard error is gone: nothing left to tell
  }
}

/**
 * A JSON document as text: JSON.stringify escapes C0 controls in strings; DEL, C1 controls and the invisible and
 * direction characters are escaped too (as `\u009b`), which JSON allows.
 */
export function jsonText(value: unknown, indent?: number): string {
  // Each UTF-16 unit as \uXXXX: a character beyond the first plane becomes its surrogate pair, as JSON has it.
  return JSON.stringify(value, null, indent).replace(invisibleCharacters, (c) =>
    [...Array(c.length).keys()].map((i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, "0")}`).join(""),
  );
}

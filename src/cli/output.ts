/**
 * Everything the CLI prints goes through here. Names and paths are the user's (or a cloned repository's): their
 * control characters are printed escaped (`\x1b`), so that no model file can retitle, clear or rewrite the terminal.
 */
import { escapeCharacter, printable } from "../core";

/** Prints `text` to standard output, control characters escaped (newlines and tabs kept). */
export function print(text: string): void {
  process.stdout.write(printable(text, true));
}

/** Prints `text` to standard error, control characters escaped (newlines and tabs kept). */
export function printError(text: string): void {
  process.stderr.write(printable(text, true));
}

/**
 * A JSON document as text: JSON.stringify escapes C0 controls in strings; DEL, C1 controls, line separators and
 * direction marks are escaped too (as `\u009b`), which JSON allows.
 */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(/[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu, (c) =>
    escapeCharacter(c).replace(/^\\x/, "\\u00"),
  );
}

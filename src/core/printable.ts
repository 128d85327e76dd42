/**
 * Characters a terminal or an editor acts on instead of showing: C0 and C1 controls (ESC starts the sequences that
 * retitle or clear a terminal, CR overwrites a line), DEL, and the invisible direction marks and overrides that
 * reorder what a reader sees (Trojan Source). Names must not hold them; text that may is shown escaped.
 */

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const control = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const controls = new RegExp(control.source, "gu");
// eslint-disable-next-line no-control-regex -- as above
const controlsButLines = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** `\x1b` or `\u202e`: how a control character is shown. */
export function escapeCharacter(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** The first control character in `text` (its escape and position), if any. */
export function findControlCharacter(text: string): { readonly escaped: string; readonly index: number } | undefined {
  const m = control.exec(text);
  return m ? { escaped: escapeCharacter(m[0]), index: m.index } : undefined;
}

/** `text` with every control character escaped (`\x1b`); newlines and tabs are kept when `lines` is set. */
export function printable(text: string, lines = false): string {
  return text.replace(lines ? controlsButLines : controls, escapeCharacter);
}

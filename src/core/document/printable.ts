/**
 * Characters a terminal or an editor acts on instead of showing, or that show as nothing: C0 and C1 controls (ESC
 * starts the sequences that retitle or clear a terminal, CR overwrites a line), DEL, the direction marks, embeddings,
 * overrides and isolates that reorder what a reader sees (Trojan Source), and the invisible ones that make two
 * names look alike (zero-width spaces and joiners, the soft hyphen, the word joiner, invisible operators, the byte
 * order mark, interlinear annotations, tag characters). Names must not hold them; text that may is shown escaped.
 */

const ranges = [
  "\\u0000-\\u001f",
  "\\u007f-\\u009f",
  "\\u00ad",
  "\\u061c",
  "\\u180e",
  "\\u200b-\\u200f",
  "\\u2028-\\u202e",
  "\\u2060-\\u206f",
  "\\ufeff",
  "\\ufff9-\\ufffb",
  "\\u{e0000}-\\u{e007f}",
].join("");
const control = new RegExp(`[${ranges}]`, "u");
const controls = new RegExp(`[${ranges}]`, "gu");
const controlsButLines = new RegExp(`(?![\\t\\n])[${ranges}]`, "gu");

/** Every such character but the C0 controls, which JSON.stringify escapes itself. */
export const invisibleCharacters = new RegExp(`(?![\\u0000-\\u001f])[${ranges}]`, "gu");

/** `\x1b`, `\u202e` or `\u{e0041}`: how such a character is shown. */
export function escapeCharacter(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, "0")}`;
  return code <= 0xffff ? `\\u${code.toString(16).padStart(4, "0")}` : `\\u{${code.toString(16)}}`;
}

/** The first such character in `text` (its escape and position), if any. */
export function findControlCharacter(text: string): { readonly escaped: string; readonly index: number } | undefined {
  const m = control.exec(text);
  return m ? { escaped: escapeCharacter(m[0]), index: m.index } : undefined;
}

/** `text` with every such character escaped (`\x1b`); newlines and tabs are kept when `lines` is set. */
export function printable(text: string, lines = false): string {
  return text.replace(lines ? controlsButLines : controls, escapeCharacter);
}

/** Safe Python source from user text: string literals and identifiers that no layer name can break out of. */

/**
 * A Python string literal of `text`: double-quoted, with backslashes, quotes and every character outside
 * printable ASCII escaped, so that nothing in it can end the literal, the line or the file.
 */
export function pyStr(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === "\\" || ch === '"') out += `\\${ch}`;
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code <= 0xff) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += `\\U${code.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
}

/** Python identifiers for names, unique, never a keyword or a name the generated code uses itself. */
export class Identifiers {
  private readonly taken = new Set<string>();

  /** Reserves names the generated code defines. */
  constructor(reserved: readonly string[] = []) {
    reserved.forEach((r) => this.taken.add(r));
  }

  /** An identifier for `name` with `prefix`: letters, digits and underscores only, unique. */
  make(name: string, prefix: string): string {
    const base = `${prefix}${name.replace(/[^A-Za-z0-9_]/g, "_")}`.slice(0, 60);
    let id = base;
    for (let k = 1; this.taken.has(id); k++) id = `${base}_${k}`;
    this.taken.add(id);
    return id;
  }
}

/** A Python tuple literal of numbers (`(3,)` for one), an unknown size (`null`) as `None`. */
export function pyTuple(values: readonly (number | null)[]): string {
  const items = values.map((v) => (v === null ? "None" : String(v)));
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
}

/** A Python float literal (always with a decimal point or exponent). */
export function pyFloat(x: number): string {
  if (x === Infinity) return 'float("inf")';
  if (x === -Infinity) return 'float("-inf")';
  const s = String(x);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

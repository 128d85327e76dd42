/** Starting from nothing: a new empty model's text, and the skeleton an empty or half-written file lacks. */
import { applyEdits, modify, type Node } from "jsonc-parser";
import { parseModelTree } from "../document/document";
import { minimal, type TextEdit } from "./edits";
import { formatVersion } from "../analysis/model";
import type { Shape } from "../layers/shape";
import { printable } from "../document/printable";
import { msg, type Message } from "../messages/format";

/**
 * Reads an input shape as a person types it: `28, 28, 1`, `[32, 32, 3]`, `32x32x3` or `None, 128` (None or null
 * for a size known only at run time). The shape, or a message saying what is wrong.
 */
export function parseShapeText(text: string): Shape | { readonly problem: Message } {
  const body = text
    .trim()
    .replace(/^\[|\]$/g, "")
    .trim();
  if (!body) return { problem: msg("shape.typeAxes") };
  const parts = body.split(/\s*[,x×]\s*|\s+/i);
  const shape: (number | null)[] = [];
  for (const p of parts) {
    if (/^(none|null)$/i.test(p)) shape.push(null);
    else if (/^\d+$/.test(p) && Number(p) >= 1 && Number(p) <= 2 ** 31 - 1) shape.push(Number(p));
    else return { problem: msg("shape.notASize", { part: printable(p) }) };
  }
  if (shape.length > 8) return { problem: msg("shape.tooManyAxes", { count: shape.length }) };
  return shape;
}

/** The text of a new model with one Input layer of `shape`: the designer's starting point. */
export function emptyModelText(name: string, shape: Shape): string {
  const input = `{ "type": "Input", "shape": [${shape.map((d) => (d === null ? "null" : String(d))).join(", ")}] }`;
  return `{\n  "version": ${formatVersion},\n  "name": ${JSON.stringify(name)},\n  "layers": [\n    ${input}\n  ]\n}\n`;
}

/** The file has a model's skeleton (an object with a `layers` list), or what is missing. */
export type SkeletonState = "complete" | "empty" | "incomplete" | "not-an-object";

/** Whether `text` has a model's skeleton: an object with `version` and a `layers` list. */
export function skeletonState(text: string): SkeletonState {
  if (!text.trim()) return "empty";
  const root = parseModelTree(text);
  if (!root || root.type !== "object") return "not-an-object";
  const has = (key: string, type?: Node["type"]) =>
    (root.children ?? []).some((p) => p.children?.[0]?.value === key && (type === undefined || p.children?.[1]?.type === type));
  return has("layers", "array") && has("version") ? "complete" : "incomplete";
}

/**
 * The edits that give `text` a model's skeleton, keeping what it has: a whole new file when it is empty, else the
 * missing `version` and `layers` added to its object (a `layers` that is not a list is left for the user).
 * `undefined` when the file is not a JSON object (the designer says so and points at the JSON instead).
 */
export function skeletonEdits(text: string): TextEdit[] | undefined {
  const state = skeletonState(text);
  if (state === "empty") return [{ offset: 0, length: text.length, text: `{\n  "version": ${formatVersion},\n  "layers": []\n}\n` }];
  if (state !== "incomplete") return state === "complete" ? [] : undefined;
  const options = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: "\n" } };
  const root = parseModelTree(text) as Node;
  const keys = new Set((root.children ?? []).map((p) => p.children?.[0]?.value as unknown));
  let out = text;
  if (!keys.has("version")) out = applyEdits(out, modify(out, ["version"], formatVersion, { ...options, getInsertionIndex: () => 0 }));
  if (!keys.has("layers")) out = applyEdits(out, modify(out, ["layers"], [], options));
  const edit = minimal(text, out);
  return edit ? [edit] : undefined;
}

/**
 * Editing the model's own settings — its name, description and `training` section — at a path, as the designer's
 * Training panel does: one minimal edit per change, the objects on the way created as needed, in the file's style
 * (a property on a line of its own where the object has them so, inline where it is written inline).
 */
import { findNodeAtLocation, type Node } from "jsonc-parser";
import { parseModelTree } from "../document/document";
import { indentAt, inlineJson, removeProperty, type TextEdit } from "./edits";

/** The paths the designer may set: the model's name and description, the `training` section and anything in it. */
export function isSettingPath(path: readonly (string | number)[]): path is string[] {
  if (!path.every((p) => typeof p === "string" && p !== "")) return false;
  if (path[0] === "name" || path[0] === "description") return path.length === 1;
  return path[0] === "training" && path.length <= 5;
}

const parse = (t: string) => parseModelTree(t);

/**
 * A value written at `indent`: inline when short, else one property per line (leaves inline); `block` writes an
 * object one property per line however short (the `training` section, which grows field by field).
 */
function written(value: unknown, indent: string, block = false): string {
  const inline = inlineJson(value);
  if ((inline.length <= 60 && !block) || value === null || typeof value !== "object" || Array.isArray(value)) return inline;
  const inner = `${indent}  `;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${written(v, inner)}`).join(",\n")}\n${indent}}`;
}

/** The edit that adds property `key: value` to the object `node`, in its style. */
function addProperty(text: string, node: Node, key: string, value: unknown): TextEdit {
  const props = node.children ?? [];
  const last = props.at(-1);
  const ownLines = last !== undefined && text.slice(node.offset, last.offset).includes("\n");
  if (!last) {
    const indent = indentAt(text, node.offset);
    const inner = `${indent}  `;
    return {
      offset: node.offset,
      length: node.length,
      text: `{\n${inner}${JSON.stringify(key)}: ${written(value, inner, key === "training")}\n${indent}}`,
    };
  }
  const end = last.offset + last.length;
  if (!ownLines) return { offset: end, length: 0, text: `, ${JSON.stringify(key)}: ${inlineJson(value)}` };
  const indent = indentAt(text, last.offset);
  return { offset: end, length: 0, text: `,\n${indent}${JSON.stringify(key)}: ${written(value, indent, key === "training")}` };
}

/**
 * Sets the value at `path` (removes it when `value` is undefined). Where a part of the path holds a name rather than
 * an object — `"optimizer": "adam"` — it becomes `{ "type": "adam", … }` with the new setting in it. `undefined`
 * when the file is not a JSON object.
 */
export function settingEdits(text: string, path: readonly string[], value: unknown): TextEdit[] | undefined {
  const root = parse(text);
  if (root?.type !== "object") return undefined;
  if (value === undefined) {
    const parent = findNodeAtLocation(root, path.slice(0, -1));
    return parent?.type === "object" ? (removeProperty(text, path.slice(0, -1), path[path.length - 1]) ?? []) : [];
  }
  // The deepest part of the path that exists.
  let depth = path.length;
  while (depth > 0 && !findNodeAtLocation(root, path.slice(0, depth))) depth--;
  const node = depth === 0 ? root : (findNodeAtLocation(root, path.slice(0, depth)) as Node);
  const rest = path.slice(depth);
  const nest = (keys: readonly string[]): unknown => (keys.length === 0 ? value : { [keys[0]]: nest(keys.slice(1)) });
  if (rest.length === 0) return [{ offset: node.offset, length: node.length, text: written(value, indentAt(text, node.offset)) }];
  if (node.type === "object") return [addProperty(text, node, rest[0], nest(rest.slice(1)))];
  // A name where an object is needed: { "type": name } with the setting added.
  const base: Record<string, unknown> = node.type === "string" ? { type: node.value as string } : {};
  const merged = { ...base, ...(nest(rest) as Record<string, unknown>) };
  return [{ offset: node.offset, length: node.length, text: written(merged, indentAt(text, node.offset)) }];
}

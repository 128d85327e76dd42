import { findNodeAtLocation, parseTree, type Node } from "jsonc-parser";
import type { JsonPath } from "./diagnostics";
import type { ParamSpecs } from "./params";
import { layerRegistry, snakeCase, type LayerType } from "./registry";

/** A text replacement: `length` characters at `offset` become `text`. */
export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

/** Writes a JSON value on one line, the way model files write layers: `{ "type": "Conv2D", "kernelSize": [3, 3] }`. */
export function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inlineJson(v)}`).join(", ")} }` : "{}";
  }
  return JSON.stringify(value);
}

/** Applies edits (non-overlapping, any order) to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.text + out.slice(e.offset + e.length);
  return out;
}

const tree = (text: string) => parseTree(text, [], { allowTrailingComma: true, disallowComments: false });

/** The whitespace that starts the line holding `offset`. */
function indentAt(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? "";
}

/**
 * Inserts a layer object into `layers` at `index` (0 = first; the length or more = last), on a line of its own
 * indented like its neighbours. Comments and formatting elsewhere are untouched. `undefined` when the file has
 * no `layers` list to insert into.
 */
export function insertLayer(text: string, index: number, layer: object): TextEdit[] | undefined {
  const list = findNodeAtLocation(tree(text) ?? ({} as Node), ["layers"]);
  if (!list || list.type !== "array") return undefined;
  const items = list.children ?? [];
  const body = inlineJson(layer);
  if (items.length === 0) {
    const indent = indentAt(text, list.offset);
    return [{ offset: list.offset, length: list.length, text: `[\n${indent}  ${body}\n${indent}]` }];
  }
  if (index <= 0) {
    const first = items[0];
    return [{ offset: first.offset, length: 0, text: `${body},\n${indentAt(text, first.offset)}` }];
  }
  const prev = items[Math.min(index, items.length) - 1];
  const end = prev.offset + prev.length;
  return [{ offset: end, length: 0, text: `,\n${indentAt(text, prev.offset)}${body}` }];
}

/** Replaces the value at `path` (which must exist) with `value`, written inline. */
export function replaceValue(text: string, path: JsonPath, value: unknown): TextEdit[] | undefined {
  const node = findNodeAtLocation(tree(text) ?? ({} as Node), path as (string | number)[]);
  return node ? [{ offset: node.offset, length: node.length, text: inlineJson(value) }] : undefined;
}

/** Renames the property at `path` (its key only; the value stays as written). */
export function renameKey(text: string, path: JsonPath, newKey: string): TextEdit[] | undefined {
  const node = findNodeAtLocation(tree(text) ?? ({} as Node), path as (string | number)[]);
  const key = node?.parent?.type === "property" ? node.parent.children?.[0] : undefined;
  return key ? [{ offset: key.offset, length: key.length, text: JSON.stringify(newKey) }] : undefined;
}

/** Sets a property of the layer at `index`: replaces its value, or adds it after the last property on the same line. */
export function setLayerProperty(text: string, index: number, key: string, value: unknown): TextEdit[] | undefined {
  const layer = findNodeAtLocation(tree(text) ?? ({} as Node), ["layers", index]);
  if (!layer || layer.type !== "object") return undefined;
  const existing = layer.children?.find((p) => p.children?.[0]?.value === key);
  const valueNode = existing?.children?.[1];
  if (valueNode) return [{ offset: valueNode.offset, length: valueNode.length, text: inlineJson(value) }];
  const last = layer.children?.[layer.children.length - 1];
  const entry = `${JSON.stringify(key)}: ${inlineJson(value)}`;
  if (!last) return [{ offset: layer.offset, length: layer.length, text: `{ ${entry} }` }];
  return [{ offset: last.offset + last.length, length: 0, text: `, ${entry}` }];
}

/** A new layer of a type, with its required parameters at their registry examples and `extra` on top. */
export function newLayer(type: LayerType, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const layer: Record<string, unknown> = { type };
  for (const [key, p] of Object.entries(layerRegistry[type].params as ParamSpecs)) if (p.required) layer[key] = p.example;
  return { ...layer, ...extra };
}

/**
 * Inserts a new layer of `type` between layer `index` and its input: right before it in the list, and, when the
 * layer lists its `inputs`, under a fresh Keras-style name that the layer is rewired to read.
 */
export function insertBefore(
  text: string,
  layers: readonly { readonly name: string; readonly inputs: readonly string[] }[],
  index: number,
  type: LayerType,
): TextEdit[] | undefined {
  const explicit = findNodeAtLocation(tree(text) ?? ({} as Node), ["layers", index, "inputs"]) !== undefined;
  if (!explicit) return insertLayer(text, index, newLayer(type));
  const taken = new Set(layers.map((l) => l.name));
  const base = snakeCase(type);
  let name = base;
  for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
  const inserted = insertLayer(text, index, newLayer(type, { name, inputs: layers[index].inputs }));
  const rewired = setLayerProperty(text, index, "inputs", [name]);
  return inserted && rewired && [...inserted, ...rewired];
}

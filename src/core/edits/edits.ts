import { findNodeAtLocation, type Node } from "jsonc-parser";
import { parseModelTree } from "../document/document";
import type { JsonPath } from "../document/diagnostics";
import type { ParamSpecs } from "../document/params";
import { layerRegistry, layerNamePrefix, type LayerType } from "../layers/registry";

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

const tree = (text: string) => parseModelTree(text);

/** The whitespace that starts the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
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
  const name = freshName(layerNamePrefix(type), new Set(layers.map((l) => l.name)));
  const inserted = insertLayer(text, index, newLayer(type, { name, inputs: layers[index].inputs }));
  const rewired = setLayerProperty(text, index, "inputs", [name]);
  return inserted && rewired && [...inserted, ...rewired];
}

/** The layer objects' nodes, or `undefined` when there is no `layers` list. */
function layerNodes(text: string): Node[] | undefined {
  const list = findNodeAtLocation(tree(text) ?? ({} as Node), ["layers"]);
  return list?.type === "array" ? (list.children ?? []) : undefined;
}

/**
 * What to delete to remove element `i` of a list, keeping the rest valid and its comments: a line of its own
 * goes whole (with a comment after the element), an inline element goes with one comma.
 */
function removalSpans(text: string, items: Node[], i: number): { offset: number; length: number }[] {
  const node = items[i];
  const end = node.offset + node.length;
  const lineStart = (o: number) => {
    const ls = text.lastIndexOf("\n", o - 1) + 1;
    return /^[ \t]*$/.test(text.slice(ls, o)) ? ls : o;
  };
  const span = (from: number, to: number) => ({ offset: from, length: to - from });
  if (i + 1 < items.length) return [span(lineStart(node.offset), lineStart(items[i + 1].offset))];
  const trailing = /^\s*,/.exec(text.slice(end));
  const own = /^[ \t]*$/.test(text.slice(text.lastIndexOf("\n", node.offset - 1) + 1, node.offset));
  const stop = end + (trailing ? trailing[0].length : 0);
  if (i === 0) return [span(own ? Math.max(0, lineStart(node.offset) - 1) : node.offset, stop)];
  const prevEnd = items[i - 1].offset + items[i - 1].length;
  if (!own) return [span(prevEnd, end)];
  const spans = [span(lineStart(node.offset) - 1, stop)];
  const comma = /^[ \t]*,/.exec(text.slice(prevEnd));
  if (!trailing && comma) spans.unshift(span(prevEnd + comma[0].length - 1, prevEnd + comma[0].length));
  return spans;
}

/** Removes layers by index, with their separating commas; comments between other layers stay. */
export function removeLayers(text: string, indices: readonly number[]): TextEdit[] | undefined {
  const items = layerNodes(text);
  if (!items || indices.some((i) => i < 0 || i >= items.length)) return undefined;
  const unique = [...new Set(indices)].sort((a, b) => b - a);
  // Remove from the end so that each span is computed on the list as it stands then.
  let current = text;
  for (const i of unique) {
    for (const span of removalSpans(current, layerNodes(current) as Node[], i).reverse()) {
      current = current.slice(0, span.offset) + current.slice(span.offset + span.length);
    }
  }
  const edit = minimal(text, current);
  return edit ? [edit] : [];
}

/** Moves the layer at `from` to position `to` by swapping the texts of the layer objects in between. */
export function moveLayer(text: string, from: number, to: number): TextEdit[] | undefined {
  const items = layerNodes(text);
  if (!items || from < 0 || from >= items.length || to < 0 || to >= items.length) return undefined;
  if (from === to) return [];
  const bodies = items.map((n) => text.slice(n.offset, n.offset + n.length));
  const [moved] = bodies.splice(from, 1);
  bodies.splice(to, 0, moved);
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  return items.slice(lo, hi + 1).map((n, k) => ({ offset: n.offset, length: n.length, text: bodies[lo + k] }));
}

/** Removes a property of the layer at `index` (the parameter returns to its default). */
export function removeLayerProperty(text: string, index: number, key: string): TextEdit[] | undefined {
  return removeProperty(text, ["layers", index], key);
}

/** Removes property `key` of the object at `path`, with its comma; `undefined` when there is none. */
export function removeProperty(text: string, path: JsonPath, key: string): TextEdit[] | undefined {
  const layer = findNodeAtLocation(tree(text) ?? ({} as Node), path as (string | number)[]);
  const props = layer?.type === "object" ? (layer.children ?? []) : undefined;
  const i = props?.findIndex((p) => p.children?.[0]?.value === key) ?? -1;
  if (!props || i < 0) return undefined;
  return removalSpans(text, props, i).map((span) => ({ ...span, text: "" }));
}

/** The smallest single edit that turns `before` into `after` (common prefix and suffix left alone). */
export function minimal(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end])
    end++;
  return { offset: start, length: before.length - start - end, text: after.slice(start, after.length - end) };
}

/** A name for a new layer that no layer has yet, Keras-style: `conv2d`, `conv2d_1`, … */
export function freshName(base: string, taken: ReadonlySet<string>): string {
  let name = base;
  for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
  return name;
}

/** The `inputs` entries (of every layer) and `outputs` entries that name `name`. */
export function referencesTo(text: string, name: string): Node[] {
  const root = tree(text);
  if (!root) return [];
  const lists = [
    ...(findNodeAtLocation(root, ["layers"])?.children ?? []).map(
      (layer) => layer.children?.find((p) => p.children?.[0]?.value === "inputs")?.children?.[1],
    ),
    findNodeAtLocation(root, ["outputs"]),
  ];
  return lists.flatMap((list) =>
    (list?.type === "array" ? (list.children ?? []) : []).filter((entry) => entry.type === "string" && entry.value === name),
  );
}

/**
 * Renames layer `index` from `oldName` to `newName`, and every `inputs` or `outputs` entry that names it.
 * `undefined` when the layer is missing.
 */
export function renameLayer(text: string, index: number, oldName: string, newName: string): TextEdit[] | undefined {
  const own = setLayerProperty(text, index, "name", newName);
  if (!own) return undefined;
  const refs = referencesTo(text, oldName).map((entry) => ({ offset: entry.offset, length: entry.length, text: JSON.stringify(newName) }));
  return [...own, ...refs];
}

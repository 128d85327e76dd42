/**
 * Adding a layer where the designer's selection is: after the selected layer, taking over what read it (the chain
 * stays a chain); or, on request, as a new branch beside its consumers; or, for a merge with several layers
 * selected, joining them (a residual block's Add).
 */
import { findNodeAtLocation } from "jsonc-parser";
import { parseModelTree } from "../document/document";
import { freshName, insertLayer, newLayer, referencesTo, setLayerProperty, type TextEdit } from "./edits";
import { layerRegistry, layerNamePrefix, type LayerType } from "../layers/registry";

/** A layer as the insertion sees it: its name and the names it reads. */
export interface InsertionLayer {
  readonly name: string;
  readonly inputs: readonly string[];
  /** Its type, when known: an unnamed layer of the new one's type after it would be renamed by the insertion. */
  readonly type?: string;
}

/** Where and how to add a layer. */
export interface InsertionRequest {
  readonly type: LayerType;
  /** The new layer's position in the list (0 = first; the count = last); it follows the layer before it. */
  readonly index: number;
  /** Start a branch: read the layer before `index` and leave its consumers as they are. */
  readonly branch?: boolean;
  /** For a merge layer: the layers it joins (two or more indices, read in list order); it goes after the last of them. */
  readonly join?: readonly number[];
}

/**
 * The edits that add a layer as asked. In a chain (no layer lists its `inputs`) a plain insertion does it: each
 * layer reads the one before. Where layers are wired by name, the new layer gets a fresh name, reads the layer
 * before it, and takes over that layer's consumers (the next layer in the list, and every `inputs` or `outputs`
 * entry naming it) — unless it starts a branch, when the next layer is pinned to what it read. `undefined` when
 * the file has no `layers` list.
 */
export function insertionEdits(text: string, layers: readonly InsertionLayer[], request: InsertionRequest): TextEdit[] | undefined {
  const join =
    request.join && request.join.length >= 2 && layerRegistry[request.type].arity === "many"
      ? [...new Set(request.join)].sort((a, b) => a - b)
      : undefined;
  const index = join ? join.reduce((m, i) => Math.max(m, i), -1) + 1 : Math.max(0, Math.min(request.index, layers.length));
  const root = parseModelTree(text);
  const explicit = (i: number) => root !== undefined && findNodeAtLocation(root, ["layers", i, "inputs"]) !== undefined;
  const wired = root !== undefined && (layers.some((_, i) => explicit(i)) || findNodeAtLocation(root, ["outputs"]) !== undefined);
  const before = layers[index - 1];
  const arity = layerRegistry[request.type].arity;
  const mergeInputs = join
    ? join.map((i) => layers[i]?.name).filter((n): n is string => n !== undefined)
    : arity === "many" && before
      ? [before.inputs[0] ?? before.name, before.name]
      : undefined;
  if (!before || arity === "none" || (!wired && !request.branch && !join)) {
    // Keras names unnamed layers by position: a new `dense` before an unnamed Dense would make that one `dense_1`.
    // The new layer takes a fresh name instead, so the names the user has seen stay put.
    const named = root !== undefined && ((i: number) => findNodeAtLocation(root, ["layers", i, "name"]) !== undefined);
    const shifts = layers.some((l, i) => i >= index && l.type === request.type && named && !named(i));
    const extra = { ...(mergeInputs ? { inputs: mergeInputs } : {}) };
    const name = shifts ? { name: freshName(layerNamePrefix(request.type), new Set(layers.map((l) => l.name))) } : {};
    return insertLayer(text, index, newLayer(request.type, { ...name, ...extra }));
  }
  const name = freshName(layerNamePrefix(request.type), new Set(layers.map((l) => l.name)));
  const inserted = insertLayer(text, index, newLayer(request.type, { name, inputs: mergeInputs ?? [before.name] }));
  if (!inserted) return undefined;
  const edits: TextEdit[] = [...inserted];
  const next = layers[index];
  const nextType: unknown = root && findNodeAtLocation(root, ["layers", index, "type"])?.value;
  const nextIsInput =
    typeof nextType === "string" && Object.hasOwn(layerRegistry, nextType) && layerRegistry[nextType as LayerType].arity === "none";
  const nextReadsBefore = next !== undefined && !explicit(index) && !nextIsInput;
  if (request.branch) {
    // The layer after keeps reading what it read: name it explicitly, since the branch now stands before it.
    if (nextReadsBefore) edits.push(...(setLayerProperty(text, index, "inputs", [before.name]) ?? []));
    return edits;
  }
  // Takes over the consumers: the next layer reads the new one by position; named references are renamed.
  for (const entry of referencesTo(text, before.name))
    edits.push({ offset: entry.offset, length: entry.length, text: JSON.stringify(name) });
  return edits;
}

/**
 * The pooling lesson as an edit: a layer that turns feature maps into a vector (Flatten, global average or max
 * pooling) swapped for another, and what that does to the parameter count.
 */
import { analyze } from "../analysis/analyze";
import { applyEdits, replaceValue, type TextEdit } from "./edits";
import type { LayerType } from "../layers/registry";

/** Each such layer type, and what it can be swapped for. */
export const poolingSwaps: Partial<Record<LayerType, readonly LayerType[]>> = {
  Flatten: ["GlobalAveragePooling2D", "GlobalMaxPooling2D"],
  GlobalAveragePooling2D: ["Flatten", "GlobalMaxPooling2D"],
  GlobalMaxPooling2D: ["Flatten", "GlobalAveragePooling2D"],
};

/** One possible swap: its edits and the model's parameters before and after. */
export interface PoolingSwap {
  readonly target: LayerType;
  readonly edits: readonly TextEdit[];
  readonly paramsBefore: number;
  readonly paramsAfter: number;
}

/** The swaps of layer `index` that leave a complete model (every count known); none for other layers. */
export function poolingSwapsOf(text: string, index: number, before = analyze(text)): PoolingSwap[] {
  const layer = before.layers[index];
  if (!layer || !before.totals.complete) return [];
  const out: PoolingSwap[] = [];
  for (const target of poolingSwaps[layer.type as LayerType] ?? []) {
    const edits = replaceValue(text, ["layers", index, "type"], target);
    const after = edits && analyze(applyEdits(text, edits));
    if (edits && after?.totals.complete) out.push({ target, edits, paramsBefore: before.totals.params, paramsAfter: after.totals.params });
  }
  return out;
}

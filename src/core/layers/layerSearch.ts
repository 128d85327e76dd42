/** Searching the layer palette: names first (exact, prefix, a word of the name, anywhere), then descriptions. */
import { layerExplanation } from "./explanations";
import { categories } from "./layerSpec";
import { layerRegistry, layerTypes, type LayerType } from "./registry";

/**
 * How well a layer type matches a query; lower is better, `undefined` when it does not match. Descriptions are
 * matched in English and, with `language`, in that language too.
 */
export function layerMatchRank(type: LayerType, query: string, language?: string): number | undefined {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const name = type.toLowerCase();
  if (name === q) return 0;
  if (name.startsWith(q)) return 1;
  // A word of the name: `pool` in MaxPooling2D, `norm` in BatchNormalization, `2d` in Conv2D.
  const parts = type.split(/(?<=[a-z])(?=[A-Z0-9])|(?<=[0-9])(?=[A-Z])/);
  const words = parts.map((_, i) => parts.slice(i).join("").toLowerCase());
  if (words.some((w) => w.startsWith(q))) return 2;
  if (name.includes(q)) return 3;
  if (layerRegistry[type].doc.toLowerCase().includes(q) || layerExplanation(type, language).toLowerCase().includes(q)) return 4;
  return undefined;
}

/**
 * The layer types matching `query`, best first: an exact name, then names that start with it, names with a word
 * that starts with it, names that contain it, and last the types whose description mentions it. Ties keep the
 * palette's order (by category, then the registry's). An empty query gives every type in palette order.
 * Descriptions are matched in English and, with `language`, in that language too.
 */
export function searchLayerTypes(query: string, language?: string): LayerType[] {
  const order = (t: LayerType) => categories.indexOf(layerRegistry[t].category) * 1000 + layerTypes.indexOf(t);
  return layerTypes
    .map((t) => ({ t, rank: layerMatchRank(t, query, language) }))
    .filter((m): m is { t: LayerType; rank: number } => m.rank !== undefined)
    .sort((a, b) => a.rank - b.rank || order(a.t) - order(b.t))
    .map((m) => m.t);
}

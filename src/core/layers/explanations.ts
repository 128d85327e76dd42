/**
 * A layer type's explanation and a category's name in the user's language: the palette's lines and headings, the
 * Insert Layer pick's details. Spanish for `es…` (explanationsEs.ts), else the registry's English.
 */
import { categoriesEs, layerExplanationsEs } from "./explanationsEs";
import { catalogueFor } from "../messages/spanish";
import type { Category } from "./layerSpec";
import { layerRegistry, type LayerType } from "./registry";

const spanish = (language: string | undefined) => catalogueFor(language).locale === "es";

/** What a layer type does, in `language` (a tag such as `es` or `en-US`; English when absent). */
export function layerExplanation(type: LayerType, language?: string): string {
  return spanish(language) ? layerExplanationsEs[type] : layerRegistry[type].doc;
}

/** A category's name, in `language`. */
export function categoryName(category: Category, language?: string): string {
  return spanish(language) ? categoriesEs[category] : category;
}

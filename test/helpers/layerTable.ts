/** The layer table of docs/model-format.md, generated from the registry (run this file to print it). */
import { categories, layerRegistry, layerTypes, type ParamSpec } from "../../src/core";

function describe(name: string, p: ParamSpec): string {
  if (p.required) return `\`${name}\``;
  const d = "default" in p ? p.default : undefined;
  return `${name}=${JSON.stringify(d)}`;
}

/** Markdown: one row per layer type, grouped by palette category. */
export function layerTable(): string {
  const rows = ["| Group | Type | Parameters (required in `code`, others with their Keras default) |", "|---|---|---|"];
  for (const c of categories) {
    for (const t of layerTypes.filter((x) => layerRegistry[x].category === c)) {
      const params = Object.entries(layerRegistry[t].params as Record<string, ParamSpec>).map(([k, p]) => describe(k, p));
      rows.push(`| ${c} | ${t} | ${params.join(", ") || "—"} |`);
    }
  }
  return rows.join("\n");
}

if (require.main === module) console.log(layerTable());

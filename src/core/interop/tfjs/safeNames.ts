/**
 * An imported model's runs keep their weights in TF.js' format, whose layer names are ASCII, not a name every
 * JavaScript object has: a layer whose name TF.js refuses (`ü x`, `kernel:0`, `constructor`) is renamed — in the
 * model text, every reference to it, and its weights' names — and the rename is said.
 */
import { analyze } from "../../analysis/analyze";
import { tfjsNameProblem } from "../../analysis/model";
import { applyEdits, renameLayer } from "../../edits/edits";
import type { ImportedWeights } from "../keras/weights";

/** A name TF.js takes, close to `name`, taken by no other layer. */
function safeName(name: string, taken: ReadonlySet<string>): string {
  let base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^-A-Za-z0-9._]+/g, "_")
    .replace(/^[^A-Za-z0-9]+/, "");
  if (base === "" || tfjsNameProblem(base)) base = `layer_${base}`.replace(/_+$/, "") || "layer";
  let candidate = base;
  for (let k = 1; taken.has(candidate) || tfjsNameProblem(candidate); k++) candidate = `${base}_${k}`;
  return candidate;
}

/** The text and weights with every layer name TF.js refuses renamed, and a line per rename. */
export function tfjsSafeNames(text: string, weights: ImportedWeights): { text: string; weights: ImportedWeights; renamed: string[] } {
  const layers = analyze(text).layers;
  const taken = new Set(layers.map((l) => l.name));
  const renames = new Map<string, string>();
  let out = text;
  for (const l of layers) {
    if (!tfjsNameProblem(l.name)) continue;
    const name = safeName(l.name, taken);
    const edits = renameLayer(out, l.index, l.name, name);
    if (!edits) continue;
    out = applyEdits(out, edits);
    taken.add(name);
    renames.set(l.name, name);
  }
  if (renames.size === 0) return { text, weights, renamed: [] };
  const rename = (spec: string) => {
    const slash = spec.indexOf("/");
    const layer = slash < 0 ? spec : spec.slice(0, slash);
    const name = renames.get(layer);
    return name === undefined ? spec : `${name}${spec.slice(layer.length)}`;
  };
  const specs = weights.specs.map((s) => ({ ...s, name: rename(s.name) }));
  const sources = Object.fromEntries(Object.entries(weights.sources).map(([spec, source]) => [rename(spec), source]));
  const renamed = [...renames].map(
    ([from, to]) =>
      `layer ${JSON.stringify(from)} renamed ${JSON.stringify(to)}: runs keep weights in TF.js' format, which takes no other name`,
  );
  return { text: out, weights: { ...weights, specs, sources }, renamed };
}

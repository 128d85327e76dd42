/**
 * What-if: what adding a layer would change, before the click — the new layer's output and parameters, the model's
 * change in parameters and MACs, the layers downstream it reshapes and the problems it brings. The designer's
 * palette shows it on the entry under the pointer.
 */
import type { Analysis } from "../analysis/analyze";
import { analyze } from "../analysis/analyze";
import { diffModels } from "../analysis/diff";
import { delta, signedCount } from "../analysis/diffReport";
import { layerLine } from "../analysis/summary";
import { englishCatalogue, formatMessage, msg, type Catalogue } from "../messages/format";
import { applyEdits } from "./edits";
import { insertionEdits, type InsertionRequest } from "./insertion";

/** The effect of one change (an insertion, a parameter set). */
export interface InsertionEffect {
  /** The new (or changed) layer as `layerLine` says it: `(None, 13, 13, 128) · 0 params`; "?" where it has an error. */
  readonly layer: string;
  /** The model's change in parameters and MACs; null where either model has unknown figures. */
  readonly deltaParams: number | null;
  readonly deltaMacs: number | null;
  /** Layers after it whose output shape or counts change. */
  readonly affected: number;
  /** Errors it brings (the first one's words, and how many). */
  readonly errors: readonly string[];
}

/** The effect of the insertion `request` on the model `text` (analysed as `before`); undefined with no layers list. */
export function insertionEffect(
  text: string,
  request: InsertionRequest,
  before: Analysis = analyze(text),
  catalogue: Catalogue = englishCatalogue,
): InsertionEffect | undefined {
  const edits = insertionEdits(text, before.layers, request);
  return edits && changeEffect(before, applyEdits(text, edits), undefined, catalogue);
}

/**
 * The effect of changing the model `before` into the text `after`, said of one layer: the one added, else the
 * layer at `index` (a parameter being set: its output and parameters after the change).
 */
export function changeEffect(before: Analysis, after: string, index?: number, catalogue: Catalogue = englishCatalogue): InsertionEffect {
  const changed = analyze(after, { catalogue });
  const d = diffModels(before, changed);
  const focus = index === undefined ? d.changes.find((c) => c.kind === "added")?.after : changed.layers[index];
  return {
    layer: focus ? layerLine(focus, catalogue) : "?",
    deltaParams: delta(d.totals.params.before, d.totals.params.after),
    deltaMacs: delta(d.totals.macs.before, d.totals.macs.after),
    affected: d.changes.filter((c) => c.kind === "affected").length,
    errors: d.problems.introduced.filter((p) => p.severity === "error").map((p) => p.message),
  };
}

/** An effect in one line for the palette: `→ (None, 13, 13, 128) · 0 params · model −1,158,336 params, +0 MACs · 1 downstream layer changes`. */
export function effectText(e: InsertionEffect, catalogue: Catalogue = englishCatalogue): string {
  const say = (m: Parameters<typeof formatMessage>[0]) => formatMessage(m, catalogue);
  const signed = (n: number) => signedCount(n, catalogue.locale);
  const parts = [`→ ${e.layer}`];
  if (e.deltaParams !== null && e.deltaMacs !== null)
    parts.push(say(msg("whatIf.model", { params: signed(e.deltaParams), macs: signed(e.deltaMacs) })));
  if (e.affected) parts.push(say(msg("whatIf.affected", { count: e.affected })));
  if (e.errors.length === 1) parts.push(say(msg("whatIf.error", { error: e.errors[0] })));
  else if (e.errors.length > 1) parts.push(say(msg("whatIf.errors", { error: e.errors[0], more: e.errors.length - 1 })));
  return parts.join(" · ");
}

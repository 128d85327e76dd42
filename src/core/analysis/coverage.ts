/**
 * The receptive-field note: where a model pools or outputs features that each see only part of its input — the
 * pooling lesson's "receptive field 7×7 of the 32×32 input". Not a mistake, so an "info": a model may mean it.
 */
import type { PendingDiagnostic } from "../document/diagnostics";
import { msg } from "../messages/format";
import type { LayerInfo } from "./analyze";
import { coversInput, formatExtent } from "./receptiveField";

/** Layer types that pool every position into one, losing where a feature was (Flatten keeps it). */
const globalPooling = /^Global(Average|Max)Pooling[123]D$/;

/**
 * Notes each last spatial layer whose field does not cover its input: one read by global pooling, or one that is a
 * model output (a segmentation map), unless it has a mistake already. Flatten is not such a place: the layers after
 * it see every position.
 */
export function checkCoverage(layers: readonly LayerInfo[], outputs: readonly number[], out: PendingDiagnostic[]): void {
  // The global pooling layer that reads each layer, by name (one pass: a model may have 100,000 layers).
  const pooledBy = new Map<string, LayerInfo>();
  for (const c of layers) if (globalPooling.test(c.type)) for (const i of c.inputs) if (!pooledBy.has(i)) pooledBy.set(i, c);
  const flagged = new Set(out.map((p) => p.layerIndex));
  for (const l of layers) {
    const pool = pooledBy.get(l.name);
    if (!pool && !outputs.includes(l.index)) continue;
    // A layer with a mistake (a Dense left on a spatial input) has that said first; a note would only add noise.
    if (flagged.has(l.index)) continue;
    for (const f of l.receptiveField) {
      if (f.collapsed || f.size.length === 0 || coversInput(f)) continue;
      // A sequence's field in steps: "26 steps of the 100-step input".
      const steps = f.size.length === 1;
      const args = {
        field: steps ? `${formatExtent(f.size)} steps` : formatExtent(f.size),
        size: steps ? `${formatExtent(f.inputSize)}-step` : formatExtent(f.inputSize),
        input: f.input,
      };
      const note = pool ? msg("analysis.fieldBeforePooling", { ...args, pool: pool.name }) : msg("analysis.fieldAtOutput", args);
      out.push({
        severity: "info",
        code: "receptive-field",
        message: msg("layer.says", { layer: l.name, problem: note }),
        path: ["layers", l.index, "type"],
        layerIndex: l.index,
      });
    }
  }
}

/**
 * What every format's exporter shares: a model's layers as written and with their parameters resolved, Keras'
 * tensor layout and axes, and one form of a trained run's weights.
 */
import type { Analysis, LayerInfo } from "../../analysis/analyze";
import type { LayerType } from "../../layers/registry";
import type { Result } from "../../result";
import { msg } from "../../messages/format";

/** A tensor shape as Keras gives it: batch first, channels last. */
export type KShape = readonly (number | null)[];

/** One weight of a trained run, as TF.js' manifest lists it (in the order of weights.bin). */
export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype?: string;
}

/** A trained run's weights as every exporter takes them: the manifest, the float32 bytes and the file beside the export. */
export interface TrainedWeights {
  readonly specs: readonly WeightSpec[];
  readonly bytes: Uint8Array;
  /** The weights file's name, as the exported file refers to it. */
  readonly file: string;
}

/** What every exporter takes besides the model: a trained run's weights (where the format can hold them). */
export interface ExportOptions {
  readonly run?: TrainedWeights;
}

/** A layer of a model without errors, as every exporter reads it: written, and its parameters resolved. */
export interface ExportableLayer extends LayerInfo {
  readonly type: LayerType;
  readonly written: Readonly<Record<string, unknown>>;
  readonly settings: Readonly<Record<string, unknown>>;
}

/** The layers by index, each as written and resolved (from the analysis), or why a model with errors cannot be exported. */
export function exportableLayers(analysis: Analysis): Result<readonly ExportableLayer[]> {
  const errors = analysis.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0)
    return {
      ok: false,
      problem: msg("export.fixFirst", { count: errors.length, first: errors[0] }),
    };
  // Without errors, every layer is an object of a known type whose parameters all resolved.
  return { ok: true, value: analysis.layers as readonly ExportableLayer[] };
}

/** The channels-first dim of a Keras axis (counted with the batch) on a tensor of `rank`, as PyTorch and ONNX take it. */
export function channelsFirstAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (rank < 3 || a === 0) return a;
  return a === rank - 1 ? 1 : a + 1;
}

/** Whether the Keras axes (counted with the batch) are the channel axis alone, the only one ONNX and PyTorch normalise. */
export function onChannelAxis(axes: number | readonly number[], rank: number): boolean {
  const list = [axes].flat();
  return list.length === 1 && (list[0] < 0 ? list[0] + rank : list[0]) === rank - 1;
}

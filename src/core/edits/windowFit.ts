/** A window that no longer fits its input: the largest one that does (the "reduce kernelSize" quick fix). */
import type { Analysis } from "../analysis/analyze";
import type { Diagnostic } from "../document/diagnostics";
import { parseDocument } from "../document/document";
import { layerSpec } from "../layers/registry";

/**
 * The largest window (kernelSize or poolSize, as the diagnostic names) that fits the layer's input with padding
 * 'valid', each axis no larger than now: `(k - 1) · dilation + 1 ≤ size`. `undefined` when none would.
 */
export function fittingWindow(
  text: string,
  a: Analysis,
  d: Diagnostic,
): { key: "kernelSize" | "poolSize"; sizes: number[]; value: number | number[] } | undefined {
  const layer = d.layerIndex === undefined ? undefined : a.layers[d.layerIndex];
  if (d.code !== "shape-collapse" || !layer) return undefined;
  // The diagnostic points at the window when it is written; a default window is the layer type's.
  const params = layerSpec(layer.type)?.params ?? {};
  const named = d.path?.at(-1);
  const key =
    named === "kernelSize" || named === "poolSize"
      ? named
      : "kernelSize" in params
        ? "kernelSize"
        : "poolSize" in params
          ? "poolSize"
          : undefined;
  if (!key) return undefined;
  const input = a.layers.find((l) => l.name === layer.inputs[0])?.outputShape;
  const written = ((parseDocument(text).value as { layers?: unknown[] } | undefined)?.layers?.[layer.index] ?? {}) as Record<
    string,
    unknown
  >;
  const spec = layerSpec(layer.type)?.params[key];
  if (!input || !spec || spec.kind !== "ints") return undefined;
  const spatial = input.slice(1, 1 + spec.rank);
  const perAxis = (v: unknown, fallback: number) =>
    Array.from({ length: spec.rank }, (_, i) => (Array.isArray(v) ? Number(v[i]) : typeof v === "number" ? v : fallback));
  const current = perAxis(written[key], typeof spec.default === "number" ? spec.default : 1);
  const dilation = perAxis(written.dilationRate, 1);
  const sizes = spatial.map((s, i) => (s === null ? current[i] : Math.min(current[i], Math.floor((s - 1) / dilation[i]) + 1)));
  if (spatial.length !== spec.rank || sizes.some((k) => !(k >= 1)) || sizes.every((k, i) => k === current[i])) return undefined;
  return { key, sizes, value: sizes.every((k) => k === sizes[0]) ? sizes[0] : sizes };
}

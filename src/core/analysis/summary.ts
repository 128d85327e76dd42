import type { Analysis, LayerInfo } from "./analyze";
import { formatBytes } from "./memory";
import { coversInput, formatExtent, type FieldReading } from "./receptiveField";
import { printable } from "../document/printable";
import { formatCount, formatShape } from "../layers/shape";
import { englishCatalogue, formatMessage, grouped, msg, type Catalogue, type Message } from "../messages/format";

/** The most input names a row lists; a merge of 100,000 inputs is named by its first ones and its count. */
const shownInputs = 4;

/** A layer's inputs in words: `a, b, c` or `d0, d1, d2, d3, … (100,000 inputs)`. */
export function inputsText(inputs: readonly string[], catalogue: Catalogue = englishCatalogue): string {
  if (inputs.length <= shownInputs) return inputs.join(", ");
  return say(catalogue, msg("details.moreInputs", { first: inputs.slice(0, shownInputs).join(", "), count: grouped(inputs.length) }));
}

const say = (catalogue: Catalogue, m: Message) => formatMessage(m, catalogue);

const shapeText = (shape: LayerInfo["outputShape"]) => (shape ? formatShape(shape.slice(1)) : "?");

const count = (n: number | null) => (n === null ? "?" : formatCount(n));
const pad = (s: string, w: number) => s + " ".repeat(Math.max(0, w - s.length));
const padStart = (s: string, w: number) => " ".repeat(Math.max(0, w - s.length)) + s;

/** One layer on one line, as inlay hints show it: `(None, 26, 26, 128) · 147,584 params` (Spanish: `parámetros`). */
export function layerLine(l: LayerInfo, catalogue: Catalogue = englishCatalogue): string {
  if (!l.outputShape) return "?";
  const params = l.params === null ? "?" : grouped(l.params);
  return say(catalogue, msg("line.params", { shape: shapeText(l.outputShape), params, count: l.params ?? 0 }));
}

/**
 * A layer's receptive field in a few characters, as the summary's column shows it: `7×7`, or per model input
 * `image 7×7, mask 3×3`; "" where it has no spatial axes, "?" where it is not followed (an error, a Reshape).
 */
export function fieldText(l: LayerInfo): string {
  const fields = l.receptiveField.filter((f) => f.size.length > 0);
  if (!l.outputShape || (l.receptiveField.length === 0 && l.type !== "Input")) return "?";
  // Once collapsed over an input whose size is known only at run time: all of it, whatever its size.
  const extent = (f: FieldReading) => (f.collapsed && f.inputSize.some((n) => n === null) ? "all" : formatExtent(f.size));
  if (fields.length === 1) return extent(fields[0]);
  return fields.map((f) => `${f.input} ${extent(f)}`).join(", ");
}

/** A layer's receptive field in words, as hovers show it: `7×7 of the 32×32 input, effective stride 2×2`; null where it has none. */
export function fieldDetails(l: LayerInfo, catalogue: Catalogue = englishCatalogue): string | null {
  const fields = l.receptiveField.filter((f) => f.size.length > 0);
  if (l.type === "Input") return null;
  if (l.outputShape && l.receptiveField.length === 0) return say(catalogue, msg("field.notFollowed"));
  if (fields.length === 0) return null;
  const one = (f: FieldReading) => {
    const input = fields.length > 1 ? ` ${f.input}` : "";
    if (f.collapsed && f.inputSize.some((n) => n === null)) return say(catalogue, msg("field.allOf", { input }));
    const jump = f.jump.some((j) => j !== 1) ? msg("field.jump", { jump: formatExtent(f.jump) }) : "";
    const all = coversInput(f) && f.inputSize.every((n) => n !== null) ? msg("field.allOfIt") : "";
    const size = f.size.length === 1 ? msg("field.steps", { size: formatExtent(f.inputSize) }) : formatExtent(f.inputSize);
    return say(catalogue, msg("field.of", { field: formatExtent(f.size), size, input, all, jump }));
  };
  return fields.map(one).join("; ");
}

/** {@link layerLine} and, where the layer has spatial axes, its receptive field: `… · 147,584 params · RF 7×7`. */
export function layerLineWithField(l: LayerInfo, catalogue: Catalogue = englishCatalogue): string {
  const field = l.type === "Input" || !l.outputShape ? "" : fieldText(l);
  return field ? `${layerLine(l, catalogue)} · RF ${field}` : layerLine(l, catalogue);
}

/** A layer's full row, as hovers show it: label and value pairs, in `catalogue`'s language. */
export function layerDetails(l: LayerInfo, catalogue: Catalogue = englishCatalogue): [string, string][] {
  const label = (id: Parameters<typeof msg>[0]) => catalogue.texts[id];
  const number = (n: number | null) => (n === null ? "?" : formatCount(n, catalogue.locale));
  const bytes = (n: number | null) => (n === null ? "?" : formatBytes(n, catalogue.locale));
  const counts = msg("details.parameterCounts", {
    params: number(l.params),
    trainable: number(l.trainableParams),
    frozen: number(l.nonTrainableParams),
  });
  const rows: [string, string][] = [
    [label("details.outputShape"), shapeText(l.outputShape)],
    [label("details.parameters"), say(catalogue, counts)],
    [label("details.macs"), number(l.macs)],
    [label("details.activationMemory"), bytes(l.activationBytes)],
  ];
  // What training holds for it: the tensors tfjs keeps and the gradients through it (tape.ts).
  if (l.trainingBytes !== null && l.type !== "Input") rows.push([label("details.trainingMemory"), bytes(l.trainingBytes)]);
  const field = fieldDetails(l, catalogue);
  if (field !== null) rows.push([label("details.receptiveField"), field]);
  if (l.inputs.length) rows.push([label("details.inputs"), inputsText(l.inputs, catalogue)]);
  return rows;
}

/**
 * The Keras-style text summary of an analysed model: Layer (type), Output Shape, Param #, MACs, and
 * Connected to for graphs; then total, trainable and non-trainable params with bytes, MACs and memory.
 */
export function formatSummary(a: Analysis, title = a.name ?? "model"): string {
  const rows = a.layers.filter((l) => !(a.sequential && l.type === "Input"));
  // Names are the user's: a control character in one is shown escaped, never sent to a terminal as is.
  // The receptive field's column where some layer has spatial axes; Connected to for graphs.
  const fields = rows.some((l) => l.type !== "Input" && l.receptiveField.some((f) => f.size.length > 0));
  const head = [
    "Layer (type)",
    "Output Shape",
    "Param #",
    "MACs",
    ...(fields ? ["Receptive field"] : []),
    ...(a.sequential ? [] : ["Connected to"]),
  ];
  const cells = rows.map((l) => [
    `${printable(l.name)} (${l.type === "Input" ? "InputLayer" : printable(l.type) || "?"})`,
    shapeText(l.outputShape),
    count(l.params),
    count(l.macs),
    ...(fields ? [l.type === "Input" ? "" : fieldText(l)] : []),
    ...(a.sequential ? [] : [printable(inputsText(l.inputs))]),
  ]);
  const widths = head.map((h, c) => cells.reduce((w, r) => Math.max(w, r[c].length), h.length) + 2);
  const line = (r: string[]) =>
    " " +
    r
      .map((s, c) => (c === 2 || c === 3 ? padStart(s, widths[c] - 2) + "  " : pad(s, widths[c])))
      .join(" ")
      .trimEnd();
  const width = widths.reduce((x, y) => x + y + 1, 0);
  const t = a.totals;
  const bytes = (n: number) => `${formatCount(n)} (${formatBytes(n * 4)})`;
  const m = a.memory;
  const out = [
    `Model: "${printable(title)}"`,
    "_".repeat(width),
    line(head),
    "=".repeat(width),
    ...cells.map(line),
    "=".repeat(width),
    `Total params: ${bytes(t.params)}`,
    `Trainable params: ${bytes(t.trainableParams)}`,
    `Non-trainable params: ${bytes(t.nonTrainableParams)}`,
    t.macsKnown || !t.complete
      ? `Total MACs: ${formatCount(t.macs)} per sample`
      : `Total MACs: at least ${formatCount(t.macs)} per sample (some depend on sizes known only at run time)`,
  ];
  const step = m.training;
  const torch = m.pytorch;
  const parts = (x: typeof step) =>
    `weights ${formatBytes(x.weightBytes)}, gradients ${formatBytes(x.gradientBytes)}, optimizer state ${formatBytes(x.optimizerStateBytes)}, ` +
    `activations and their gradients ${formatBytes(x.activationBytes ?? 0)}, workspace ${formatBytes(x.workspaceBytes ?? 0)}`;
  if (m.activationBytesPerSample !== null && step.totalBytes !== null && torch.totalBytes !== null) {
    out.push(`Activations: ${formatBytes(m.activationBytesPerSample)} per sample`);
    // Both trainers' steps at their peaks (src/core/analysis/torchTape.ts, tape.ts): PyTorch's, which trains on
    // GPUs (the pytorch backend), and tfjs', which trains without Python (wasm).
    out.push(
      `Training memory (batch ${formatCount(step.batchSize)}, ${step.optimizer}): about ${formatBytes(torch.totalBytes)} on PyTorch, ${formatBytes(step.totalBytes)} on tfjs (wasm)`,
    );
    out.push(`  PyTorch: ${parts(torch)}`);
    out.push(`  tfjs: ${parts(step)}`);
  } else if (a.layers.length > 0 && t.complete)
    out.push(`Training memory (batch ${formatCount(step.batchSize)}, ${step.optimizer}): unknown (a size is known only at run time)`);
  if (m.device && torch.totalBytes !== null && torch.totalBytes > m.device.bytes)
    out.push(`A step at batch ${formatCount(step.batchSize)} on PyTorch does not fit in ${formatBytes(m.device.bytes)}`);
  if (m.device && m.device.largestBatch === null && a.layers.length > 0 && t.complete)
    out.push(`Largest batch in ${formatBytes(m.device.bytes)}: unknown (a size is known only at run time)`);
  if (m.device && m.device.largestBatch !== null) {
    const tfjs = m.device.tfjsLargestBatch;
    out.push(
      m.device.largestBatch > 0
        ? `Largest batch in ${formatBytes(m.device.bytes)}: ${formatCount(m.device.largestBatch)} on PyTorch, ${formatCount(tfjs ?? 0)} on tfjs`
        : `Not even a batch of 1 trains in ${formatBytes(m.device.bytes)}`,
    );
  }
  if (!t.exact) out.push("≈ Approximate: counts beyond 2⁵³ are shown to 15 significant digits.");
  if (!t.complete) out.push("Incomplete: some layers could not be analysed (see the diagnostics).");
  out.push("_".repeat(width));
  return out.join("\n");
}

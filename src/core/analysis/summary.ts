import type { Analysis, LayerInfo } from "./analyze";
import { formatBytes } from "./memory";
import { printable } from "../document/printable";
import { formatCount, formatShape } from "../layers/shape";

/** The most input names a row lists; a merge of 100,000 inputs is named by its first ones and its count. */
const shownInputs = 4;

/** A layer's inputs in words: `a, b, c` or `d0, d1, d2, d3, … (100,000 inputs)`. */
export function inputsText(inputs: readonly string[]): string {
  if (inputs.length <= shownInputs) return inputs.join(", ");
  return `${inputs.slice(0, shownInputs).join(", ")}, … (${formatCount(inputs.length)} inputs)`;
}

const shapeText = (shape: LayerInfo["outputShape"]) => (shape ? formatShape(shape.slice(1)) : "?");

const count = (n: number | null) => (n === null ? "?" : formatCount(n));
const pad = (s: string, w: number) => s + " ".repeat(Math.max(0, w - s.length));
const padStart = (s: string, w: number) => " ".repeat(Math.max(0, w - s.length)) + s;

/** One layer on one line, as inlay hints show it: `(None, 26, 26, 128) · 147,584 params`. */
export function layerLine(l: LayerInfo): string {
  if (!l.outputShape) return "?";
  return `${shapeText(l.outputShape)} · ${count(l.params)} param${l.params === 1 ? "" : "s"}`;
}

/** A layer's full row, as hovers show it: label and value pairs. */
export function layerDetails(l: LayerInfo): [string, string][] {
  const rows: [string, string][] = [
    ["Output shape", shapeText(l.outputShape)],
    ["Parameters", `${count(l.params)} (trainable ${count(l.trainableParams)}, non-trainable ${count(l.nonTrainableParams)})`],
    ["MACs per sample", count(l.macs)],
    ["Activation memory per sample", l.activationBytes === null ? "?" : formatBytes(l.activationBytes)],
  ];
  if (l.inputs.length) rows.push(["Inputs", inputsText(l.inputs)]);
  return rows;
}

/**
 * The Keras-style text summary of an analysed model: Layer (type), Output Shape, Param #, MACs, and
 * Connected to for graphs; then total, trainable and non-trainable params with bytes, MACs and memory.
 */
export function formatSummary(a: Analysis, title = a.name ?? "model"): string {
  const rows = a.layers.filter((l) => !(a.sequential && l.type === "Input"));
  // Names are the user's: a control character in one is shown escaped, never sent to a terminal as is.
  const cells = rows.map((l) => [
    `${printable(l.name)} (${l.type === "Input" ? "InputLayer" : printable(l.type) || "?"})`,
    shapeText(l.outputShape),
    count(l.params),
    count(l.macs),
    printable(inputsText(l.inputs)),
  ]);
  const head = ["Layer (type)", "Output Shape", "Param #", "MACs", "Connected to"];
  const columns = a.sequential ? 4 : 5;
  const widths = head.slice(0, columns).map((h, c) => cells.reduce((w, r) => Math.max(w, r[c].length), h.length) + 2);
  const line = (r: string[]) =>
    " " +
    r
      .slice(0, columns)
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
  if (m.activationBytesPerSample !== null && m.training.totalBytes !== null) {
    out.push(`Activations: ${formatBytes(m.activationBytesPerSample)} per sample`);
    out.push(`Training memory (batch ${m.training.batchSize}, ${m.training.optimizer}): about ${formatBytes(m.training.totalBytes)}`);
  }
  if (!t.exact) out.push("≈ Approximate: counts beyond 2⁵³ are shown to 15 significant digits.");
  if (!t.complete) out.push("Incomplete: some layers could not be analysed (see the diagnostics).");
  out.push("_".repeat(width));
  return out.join("\n");
}

/** Whether a built-in dataset fits the model: its samples the model's input, its classes the model's output. */
import type { PendingDiagnostic } from "../document/diagnostics";
import { own } from "../document/own";
import { formatShape, type Shape } from "../layers/shape";
import { msg } from "../messages/format";
import type { CountedLayer } from "./analyze";
import type { LayerRecord } from "./model";

/** The built-in datasets whose sample shape and class count are known before any file is read. */
const knownDatasets: Readonly<Record<string, { readonly shape: Shape; readonly classes: number }>> = {
  "mnist-sample": { shape: [28, 28, 1], classes: 10 },
  cifar10: { shape: [32, 32, 3], classes: 10 },
};

/** Reports a known dataset that does not fit the model's input or output, naming both shapes. */
export function checkDataset(
  type: string,
  resize: boolean,
  layers: readonly LayerRecord[],
  infos: readonly CountedLayer[],
  outputs: readonly number[],
  out: PendingDiagnostic[],
): void {
  const known = own(knownDatasets, type);
  const input = infos.find((_l, i) => layers[i].spec?.arity === "none");
  if (!known || !input?.outputShape) return;
  const path = ["training", "dataset", "type"];
  const shape = input.outputShape.slice(1);
  // Resized images fit any image input (height, width, 1 or 3 channels).
  const fits = resize
    ? shape.length === 3 && (shape[2] === 1 || shape[2] === 3)
    : shape.length === known.shape.length && shape.every((d, i) => d === null || d === known.shape[i]);
  if (!fits) {
    const hint = msg(resize ? "analysis.datasetResizeHint" : "analysis.datasetNoResizeHint");
    const message = msg("analysis.datasetShape", {
      type,
      shape: formatShape(known.shape),
      input: input.name,
      takes: formatShape(shape),
      hint,
    });
    out.push({ severity: "error", code: "incompatible-shapes", message, path });
  }
  const output = outputs.length === 1 ? infos[outputs[0]] : undefined;
  const units = output?.outputShape?.[output.outputShape.length - 1];
  if (output?.outputShape && (output.outputShape.length !== 2 || units !== known.classes)) {
    const message = msg("analysis.datasetClasses", {
      type,
      classes: known.classes,
      output: output.name,
      shape: formatShape(output.outputShape.slice(1)),
    });
    out.push({ severity: "error", code: "incompatible-shapes", message, path });
  }
}

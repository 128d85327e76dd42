/** The data and logs around tfjs' fit: labels as the loss wants them, checked against the output; Keras' log names. */
import { formatShape } from "../core";
import type { Tf } from "./backends";
import type { Dataset, Samples } from "./datasets/datasets";
import { msg, say } from "./say";

/** A problem the user must fix (model, dataset, usage): reported with `usage: true`. */
export class UsageProblem extends Error {}

/** Keras' names for tfjs-layers' log keys. */
export const kerasKey = (k: string) => k.replace(/^acc$/, "accuracy").replace(/^val_acc$/, "val_accuracy");

/** Logs under Keras' names, training values before validation ones. */
export const kerasLogs = (logs: Record<string, unknown> | undefined): Record<string, number> =>
  Object.fromEntries(
    Object.entries(logs ?? {})
      .map(([k, v]) => [kerasKey(k), Number(v)] as const)
      .sort(([a], [b]) => Number(a.startsWith("val_")) - Number(b.startsWith("val_"))),
  );

/** `loss: 0.1234 - accuracy: 0.9876`. */
export const formatLogs = (logs: Record<string, number>) =>
  Object.entries(logs)
    .map(([k, v]) => `${k}: ${v.toFixed(4)}`)
    .join(" - ");

/** Refuses, before anything starts, labels or targets that the model's output (shape with batch) cannot take, naming both. */
export function checkTargets(data: Dataset, name: string, shape: readonly (number | null)[], loss = ""): void {
  const output = msg("trainer.modelOutput", { name, shape: formatShape(shape.slice(1)) });
  if (shape.length !== 2) throw new UsageProblem(say(msg("trainer.oneRow", { output })));
  const units = Number(shape[1]);
  // One unit is a yes/no output: a categorical loss over one class learns nothing (and tfjs' oneHot refuses it).
  if (units === 1 && /^(sparse)?[cC]ategoricalCrossentropy$/.test(loss))
    throw new UsageProblem(say(msg("trainer.categoricalOneUnit", { loss, output })));
  if (data.targetSize !== null) {
    // One float per sample for an output of several units: class labels saved as floats, most likely.
    if (data.targetSize === 1 && units > 1) throw new UsageProblem(say(msg("trainer.floatLabels", { output })));
    if (data.targetSize !== units) throw new UsageProblem(say(msg("trainer.targets", { targets: formatShape([data.targetSize]), output })));
    return;
  }
  // A folder of classes says how many there are: an output with more units trains classes that never occur.
  const names = data.classNames;
  if (names && (units > 1 ? names.length !== units : names.length > 2)) {
    const listed = names.length > 6 ? `${names.slice(0, 5).join(", ")}, …` : names.join(", ");
    throw new UsageProblem(say(msg("trainer.classes", { count: names.length, names: listed, output, name })));
  }
  for (const set of [data.samples, data.test])
    for (const l of (set?.y ?? []) as Int32Array)
      if (l < 0 || (units > 1 ? l >= units : l > 1))
        throw new UsageProblem(
          say(
            units === 1
              ? msg("trainer.yesNoLabel", { label: l, output })
              : msg("trainer.classLabel", { label: l, output, units, last: units - 1 }),
          ),
        );
}

/** Targets as the loss wants them, as rows of floats: class indices for the sparse loss, one-hot rows otherwise. */
export function targetRows(s: Samples, loss: string, units: number, targetSize: number | null): { rows: Float32Array; width: number } {
  if (targetSize !== null) return { rows: s.y as Float32Array, width: targetSize };
  const labels = s.y as Int32Array;
  if (loss === "sparseCategoricalCrossentropy" || units === 1) return { rows: Float32Array.from(labels), width: 1 };
  const rows = new Float32Array(s.count * units);
  labels.forEach((l, i) => (rows[i * units + l] = 1));
  return { rows, width: units };
}

/** Labels as the loss wants them, as a tensor (see `targetRows`). */
export function targets(tf: Tf, s: Samples, loss: string, units: number, targetSize: number | null) {
  const { rows, width } = targetRows(s, loss, units, targetSize);
  return tf.tensor2d(rows, [s.count, width]);
}

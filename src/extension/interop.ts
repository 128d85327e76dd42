/**
 * Export Model… (and Import Model…, in importModel.ts): the core's exporters and importer behind VS Code's pickers and dialogs. The
 * commands take optional arguments that answer the questions (the tests use them).
 */
import { posix } from "node:path";
import * as vscode from "vscode";
import {
  exportArtefact,
  exportPreflight,
  modelDifference,
  modelFigures,
  runFiles,
  runsFolderName,
  type ExportFormat as CoreFormat,
} from "../core";
import { readUserTextOrThrow } from "./userFiles";
import { exists, sibling, stem, writeOutputs, type Output } from "./outputs";
import type { CheckpointManifest } from "../node/checkpoint";
import { exportFiles } from "../node/exportFiles";
import { readRunWeights, type RunWeightsChoice } from "../node/runFolder";
import { activeModelDocument, isModelDocument } from "./modelService";
import { notify, pickText } from "./plainText";
import { readRunMetrics, readStatus } from "./training/runsView";
import { describe } from "./messages";

/** The export formats, as the pick offers them (the core's, and the Keras script for a cluster). */
export type ExportFormat = CoreFormat | "keras-distributed";

/** Answers to Export Model…'s questions. */
export interface ExportOptions {
  readonly format?: ExportFormat;
  /** A run folder whose weights to include, or `null` for none (no question asked). */
  readonly run?: vscode.Uri | null;
  /** Which of the run's weights: its final model (by default; its last checkpoint when it has none) or a checkpoint. */
  readonly checkpoint?: RunWeightsChoice;
  readonly target?: vscode.Uri;
  /** Replace an existing weights file beside the target without asking (true), or refuse (false); default: ask. */
  readonly replace?: boolean;
}

const formats: { format: ExportFormat; label: string; detail: string; extension: string; suffix: string }[] = [
  {
    format: "keras",
    label: "Keras script (.py)",
    detail: "Build, compile, fit, evaluate and summary, as in Keras' examples",
    extension: "py",
    suffix: "_keras.py",
  },
  {
    format: "keras-distributed",
    label: "Keras script for a cluster (.py)",
    detail: "The same under tf.distribute.MultiWorkerMirroredStrategy (see the README)",
    extension: "py",
    suffix: "_keras_cluster.py",
  },
  {
    format: "h5",
    label: "Keras model with weights (.h5)",
    detail: "What model.save('model.h5') writes; keras.models.load_model reads it in Keras 2 and 3",
    extension: "h5",
    suffix: ".h5",
  },
  {
    format: "keras3",
    label: "Keras 3 model with weights (.keras)",
    detail: "The archive keras.saving.save_model writes; keras.models.load_model reads it",
    extension: "keras",
    suffix: ".keras",
  },
  {
    format: "pytorch",
    label: "PyTorch module (.py)",
    detail: "An nn.Module with Keras' semantics; a run's trained weights optional",
    extension: "py",
    suffix: "_torch.py",
  },
  {
    format: "onnx",
    label: "ONNX model (.onnx)",
    detail: "Opset 13, inputs and outputs channels last as in Keras; a run's trained weights inside",
    extension: "onnx",
    suffix: ".onnx",
  },
  {
    format: "tfjs",
    label: "TF.js model.json",
    detail: "The layers format tf.loadLayersModel reads; a run's trained weights optional",
    extension: "json",
    suffix: ".model.json",
  },
];

/** A run's JSON files are read as any file a user names: regular files of a bounded size only. */
const read = readUserTextOrThrow;
/** A run's weights to offer: which run, and which of its weights (the final model, or a checkpoint). */
interface RunChoice {
  readonly folder: vscode.Uri;
  readonly choice: RunWeightsChoice;
  readonly label: string;
  readonly description: string;
}

/** A checkpoint's epoch and monitored value, from its manifest (the data file is checked when it is read). */
async function checkpointSummary(folder: vscode.Uri, kind: "last" | "best"): Promise<string | undefined> {
  try {
    const m = JSON.parse(await read(vscode.Uri.joinPath(folder, "checkpoints", `${kind}.json`))) as Partial<CheckpointManifest>;
    if (typeof m.epoch !== "number") return undefined;
    const value = m.monitor && typeof m.monitor.value === "number" ? `, ${m.monitor.name} ${m.monitor.value.toFixed(4)}` : "";
    return `${kind} checkpoint: epoch ${m.epoch}${value}`;
  } catch {
    return undefined;
  }
}

/**
 * The weights of the runs that trained exactly this text, newest first: each run's final model (or, when it ended
 * before writing one, its last checkpoint), and its best checkpoint where that is another epoch.
 */
async function matchingRuns(doc: vscode.TextDocument): Promise<RunChoice[]> {
  const base = vscode.Uri.joinPath(doc.uri, "..", runsFolderName, stem(doc.uri));
  const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(base)).catch(() => [] as [string, vscode.FileType][]);
  const figures = modelFigures(doc.getText());
  const runs = await Promise.all(
    entries
      .filter(([, type]) => type === vscode.FileType.Directory)
      .sort(([a], [b]) => b.localeCompare(a))
      .map(async ([name]): Promise<RunChoice[]> => {
        const folder = vscode.Uri.joinPath(base, name);
        try {
          if (modelDifference(figures, await read(vscode.Uri.joinPath(folder, "model.cnn.json")))) return [];
        } catch {
          return [];
        }
        const [metrics, status, last, best] = await Promise.all([
          readRunMetrics(folder),
          readStatus(folder),
          checkpointSummary(folder, "last"),
          checkpointSummary(folder, "best"),
        ]);
        const final = await exists(vscode.Uri.joinPath(folder, runFiles.manifest));
        const state = status && status.state !== "done" ? `${status.state} · ` : "";
        const accuracy = metrics?.test?.accuracy === undefined ? "" : ` · test accuracy ${metrics.test.accuracy.toFixed(4)}`;
        const label = pickText(name);
        const offers: RunChoice[] = [];
        if (final) offers.push({ folder, choice: "final", label, description: `${state}final model${accuracy}` });
        else if (last) offers.push({ folder, choice: "last", label, description: pickText(`${state}${last}`) });
        if (best && best.replace("best", "") !== last?.replace("last", ""))
          offers.push({ folder, choice: "best", label, description: pickText(best) });
        return offers;
      }),
  );
  return runs.flat();
}

/** Export Model…: returns the file written, or undefined when the user backed out or the export failed. */
export async function exportModel(uri?: vscode.Uri, options: ExportOptions = {}): Promise<vscode.Uri | undefined> {
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : activeModelDocument();
  if (!doc || !isModelDocument(doc)) return void notify.info("Open a *.cnn.json model to export it.");
  const format =
    formats.find((f) => f.format === options.format) ??
    (await vscode.window.showQuickPick(formats, { title: `Export ${stem(doc.uri)}`, placeHolder: "Export as", matchOnDetail: true }));
  if (!format) return undefined;
  // A model that cannot be exported in this format is said now, before a run and a place are asked for.
  const early = exportPreflight(doc.getText(), format.format === "keras-distributed" ? "keras" : format.format);
  if (early) return void notify.error(`Export failed: ${describe(early)}`);
  let run: vscode.Uri | null | undefined = options.run;
  let choice: RunWeightsChoice | undefined = options.checkpoint;
  const needsRun = format.format === "h5" || format.format === "keras3";
  if (run === undefined && format.format !== "keras" && format.format !== "keras-distributed") {
    const runs = await matchingRuns(doc);
    if (needsRun && runs.length === 0)
      return void notify.error(
        `A ${format.label} holds the model's weights, and no run of ${stem(doc.uri)} has any: train it first, or import a model with its weights.`,
      );
    if (runs.length > 0) {
      const none = { label: "Untrained", description: "no weights", folder: null, choice: "final" as const };
      const picked = await vscode.window.showQuickPick(needsRun ? runs : [...runs, none], {
        title: needsRun ? "Which weights?" : "Include trained weights?",
        placeHolder: needsRun ? "A run of this model" : "A run of this model, or none",
      });
      if (!picked) return undefined;
      run = picked.folder;
      choice = picked.choice;
    }
  }
  // A name that collides with nothing: the model imported from `potato.keras` must not be offered as the export's.
  let proposed = sibling(doc.uri, `${stem(doc.uri)}${format.suffix}`);
  for (let k = 2; k < 100 && !options.target && (await exists(proposed)); k++)
    proposed = sibling(doc.uri, `${stem(doc.uri)}-${k}${format.suffix}`);
  const target =
    options.target ??
    (await vscode.window.showSaveDialog({
      title: `Export as ${format.label}`,
      defaultUri: proposed,
      filters: { [format.label]: [format.extension] },
    }));
  if (!target) return undefined;
  const fail = (message: string) => void notify.error(`Export failed: ${message}`);
  let weights: ReturnType<typeof readRunWeights> | undefined;
  if (run) {
    if (run.scheme !== "file") return fail("a run's weights are read from a folder on this machine");
    try {
      weights = readRunWeights(run.fsPath, doc.getText(), choice);
    } catch (e) {
      return fail((e as Error).message);
    }
  }
  const result = exportArtefact(doc.getText(), {
    format: format.format === "keras-distributed" ? "keras" : format.format,
    outputName: posix.basename(target.path),
    run: weights,
    distribute: format.format === "keras-distributed",
    // Dataset paths are relative to the model file: the Keras script finds them from where it is written.
    dataRoot: posix.relative(posix.dirname(target.path), posix.dirname(doc.uri.path)) || ".",
  });
  if (!result.ok) return fail(describe(result.problem));
  // The target was chosen in a save dialog, which asked before replacing it; the weights file beside it was not.
  let files;
  try {
    files = await exportFiles(result.value);
  } catch (e) {
    return fail((e as Error).message);
  }
  const outputs: Output[] = files.map((f) =>
    f.beside === undefined
      ? { uri: target, bytes: f.bytes, replace: true }
      : { uri: sibling(target, f.beside), bytes: f.bytes, replace: options.replace },
  );
  const why = await writeOutputs(outputs, { uri: doc.uri, what: "the model being exported" });
  if (why === "cancelled") return undefined;
  if (why) return fail(why);
  void notify
    .info(
      `Exported ${stem(doc.uri)} to ${vscode.workspace.asRelativePath(target)}${weights ? ` with the weights of ${weights.source}` : ""}.`,
      "Open",
    )
    .then(
      (choice) =>
        choice &&
        (["onnx", "h5", "keras3"].includes(format.format)
          ? vscode.commands.executeCommand("revealInExplorer", target)
          : vscode.window.showTextDocument(target)),
    );
  return target;
}

export { importModel } from "./importModel";
export { exportDiagram, type DiagramExportOptions } from "./exportDiagram";

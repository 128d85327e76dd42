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
  msg,
  runFiles,
  runsFolderName,
  type ExportFormat as CoreFormat,
} from "../core";
import { readUserTextOrThrow } from "./userFiles";
import { exists, sibling, stem, writeOutputs, type Output } from "./outputs";
import type { CheckpointManifest } from "../node/checkpoint";
import { exportFiles } from "../node/exportFiles";
import { readRunWeights, type RunWeightsChoice, type RunWeightsRead } from "../node/runFolder";
import { activeModelDocument, isModelDocument } from "./modelService";
import { t } from "./l10n";
import { notify, pickText } from "./plainText";
import { readRunMetrics, readStatus } from "./training/runsView";
import { describe, useLanguage } from "./messages";

// This bundle is loaded on first use, with copies of its own of the language settings (the core's messages, the
// file layer's): set from VS Code's display language, as the extension's were at activation.
useLanguage(vscode.env.language);

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

/** The formats Export Model… offers, labelled in the display language. */
const formats = (): { format: ExportFormat; label: string; detail: string; extension: string; suffix: string }[] => [
  {
    format: "keras",
    label: t("Keras script (.py)"),
    detail: t("Build, compile, fit, evaluate and summary, as in Keras' examples"),
    extension: "py",
    suffix: "_keras.py",
  },
  {
    format: "keras-distributed",
    label: t("Keras script for a cluster (.py)"),
    detail: t("The same under tf.distribute.MultiWorkerMirroredStrategy (see the README)"),
    extension: "py",
    suffix: "_keras_cluster.py",
  },
  {
    format: "h5",
    label: t("Keras model with weights (.h5)"),
    detail: t("What model.save('model.h5') writes; keras.models.load_model reads it in Keras 2 and 3"),
    extension: "h5",
    suffix: ".h5",
  },
  {
    format: "keras3",
    label: t("Keras 3 model with weights (.keras)"),
    detail: t("The archive keras.saving.save_model writes; keras.models.load_model reads it"),
    extension: "keras",
    suffix: ".keras",
  },
  {
    format: "pytorch",
    label: t("PyTorch module (.py)"),
    detail: t("An nn.Module with Keras' semantics; a run's trained weights optional"),
    extension: "py",
    suffix: "_torch.py",
  },
  {
    format: "onnx",
    label: t("ONNX model (.onnx)"),
    detail: t("Opset 13, inputs and outputs channels last as in Keras; a run's trained weights inside"),
    extension: "onnx",
    suffix: ".onnx",
  },
  {
    format: "tfjs",
    label: t("TF.js model.json"),
    detail: t("The layers format tf.loadLayersModel reads; a run's trained weights optional"),
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
    return kind === "last" ? t("last checkpoint: epoch {0}{1}", m.epoch, value) : t("best checkpoint: epoch {0}{1}", m.epoch, value);
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
        const accuracy = metrics?.test?.accuracy === undefined ? "" : ` · ${t("test accuracy {0}", metrics.test.accuracy.toFixed(4))}`;
        const label = pickText(name);
        const offers: RunChoice[] = [];
        if (final) offers.push({ folder, choice: "final", label, description: `${state}${t("final model")}${accuracy}` });
        else if (last) offers.push({ folder, choice: "last", label, description: pickText(`${state}${last}`) });
        if (best && best.slice(best.indexOf(":")) !== last?.slice(last.indexOf(":")))
          offers.push({ folder, choice: "best", label, description: pickText(best) });
        return offers;
      }),
  );
  return runs.flat();
}

/** Where a run's exported weights come from, in the display language. */
function weightsSource(from: RunWeightsRead["from"]): string {
  if (from.kind === "imported") return t("{0} (imported)", from.name);
  if (from.kind === "final") return t("the final model");
  return from.which === "best" ? t("the best checkpoint (epoch {0})", from.epoch) : t("the last checkpoint (epoch {0})", from.epoch);
}

/** Export Model…: returns the file written, or undefined when the user backed out or the export failed. */
export async function exportModel(uri?: vscode.Uri, options: ExportOptions = {}): Promise<vscode.Uri | undefined> {
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : activeModelDocument();
  if (!doc || !isModelDocument(doc)) return void notify.info(t("Open a *.cnn.json model to export it."));
  const offered = formats();
  const format =
    offered.find((f) => f.format === options.format) ??
    (await vscode.window.showQuickPick(offered, {
      title: t("Export {0}", stem(doc.uri)),
      placeHolder: t("Export as"),
      matchOnDetail: true,
      // A step of a wizard: a view that takes the focus meanwhile (a run's end, its charts) must not cancel it.
      ignoreFocusOut: true,
    }));
  if (!format) return undefined;
  // A model that cannot be exported in this format is said now, before a run and a place are asked for.
  const early = exportPreflight(doc.getText(), format.format === "keras-distributed" ? "keras" : format.format);
  if (early) return void notify.error(t("Export failed: {0}", describe(early)));
  let run: vscode.Uri | null | undefined = options.run;
  let choice: RunWeightsChoice | undefined = options.checkpoint;
  const needsRun = format.format === "h5" || format.format === "keras3";
  if (run === undefined && format.format !== "keras" && format.format !== "keras-distributed") {
    const runs = await matchingRuns(doc);
    if (needsRun && runs.length === 0)
      return void notify.error(
        t(
          "{0} holds the model's weights, and no run of {1} has any: train it first, or import a model with its weights.",
          format.label,
          stem(doc.uri),
        ),
      );
    if (runs.length > 0) {
      const none = { label: t("Untrained"), description: t("no weights"), folder: null, choice: "final" as const };
      const picked = await vscode.window.showQuickPick(needsRun ? runs : [...runs, none], {
        title: needsRun ? t("Which weights?") : t("Include trained weights?"),
        placeHolder: needsRun ? t("A run of this model") : t("A run of this model, or none"),
        ignoreFocusOut: true,
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
      title: t("Export as {0}", format.label),
      defaultUri: proposed,
      filters: { [format.label]: [format.extension] },
    }));
  if (!target) return undefined;
  const fail = (message: string) => void notify.error(t("Export failed: {0}", message));
  let weights: ReturnType<typeof readRunWeights> | undefined;
  if (run) {
    if (run.scheme !== "file") return fail(t("a run's weights are read from a folder on this machine"));
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
  const why = await writeOutputs(outputs, { uri: doc.uri, what: msg("files.modelExported") });
  if (why === "cancelled") return undefined;
  if (why) return fail(why);
  void notify
    .info(
      weights
        ? t(
            "Exported {0} to {1} with the weights of {2}.",
            stem(doc.uri),
            vscode.workspace.asRelativePath(target),
            weightsSource(weights.from),
          )
        : t("Exported {0} to {1}.", stem(doc.uri), vscode.workspace.asRelativePath(target)),
      t("Open"),
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

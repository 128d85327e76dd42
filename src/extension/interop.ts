/**
 * Export Model… and Import Model…: the core's exporters and importer behind VS Code's pickers and dialogs. The
 * commands take optional arguments that answer the questions (the tests use them).
 */
import { posix } from "node:path";
import { onnx } from "onnx-proto";
import * as vscode from "vscode";
import {
  exportArtefact,
  importKeras,
  modelDifference,
  modelFigures,
  runWeights,
  type ExportFormat as CoreFormat,
  type WeightSpec,
} from "../core";
import { designerViewType } from "./designer";
import { activeModelDocument, isModelDocument } from "./modelService";
import { readRunMetrics } from "./runsView";

/** The export formats, as the pick offers them (the core's, and the Keras script for a cluster). */
export type ExportFormat = CoreFormat | "keras-distributed";

/** Answers to Export Model…'s questions. */
export interface ExportOptions {
  readonly format?: ExportFormat;
  /** A run folder whose weights to include, or `null` for none (no question asked). */
  readonly run?: vscode.Uri | null;
  readonly target?: vscode.Uri;
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

const decoder = new TextDecoder();
const read = async (uri: vscode.Uri) => decoder.decode(await vscode.workspace.fs.readFile(uri));
const sibling = (uri: vscode.Uri, name: string) => vscode.Uri.joinPath(uri, "..", name);
const stem = (uri: vscode.Uri) => (uri.path.split("/").at(-1) ?? "model").replace(/\.cnn\.json$|\.[^.]+$/, "");

/** The runs of a model that trained exactly this text, newest first, with their test accuracy. */
async function matchingRuns(doc: vscode.TextDocument): Promise<{ folder: vscode.Uri; label: string; description: string }[]> {
  const base = vscode.Uri.joinPath(doc.uri, "..", ".cnn-runs", stem(doc.uri));
  const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(base)).catch(() => [] as [string, vscode.FileType][]);
  const figures = modelFigures(doc.getText());
  const runs = await Promise.all(
    entries
      .filter(([, type]) => type === vscode.FileType.Directory)
      .map(async ([name]) => {
        const folder = vscode.Uri.joinPath(base, name);
        try {
          if (modelDifference(figures, await read(vscode.Uri.joinPath(folder, "model.cnn.json")))) return undefined;
          await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, "model.json"));
        } catch {
          return undefined;
        }
        const accuracy = (await readRunMetrics(folder))?.test?.accuracy;
        return { folder, label: name, description: accuracy === undefined ? "" : `test accuracy ${accuracy.toFixed(4)}` };
      }),
  );
  return runs.filter((r) => r !== undefined).sort((a, b) => b.label.localeCompare(a.label));
}

/** Export Model…: returns the file written, or undefined when the user backed out or the export failed. */
export async function exportModel(uri?: vscode.Uri, options: ExportOptions = {}): Promise<vscode.Uri | undefined> {
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : activeModelDocument();
  if (!doc || !isModelDocument(doc)) return void vscode.window.showInformationMessage("Open a *.cnn.json model to export it.");
  const format =
    formats.find((f) => f.format === options.format) ??
    (await vscode.window.showQuickPick(formats, { title: `Export ${stem(doc.uri)}`, placeHolder: "Export as", matchOnDetail: true }));
  if (!format) return undefined;
  let run: vscode.Uri | null | undefined = options.run;
  if (run === undefined && format.format !== "keras" && format.format !== "keras-distributed") {
    const runs = await matchingRuns(doc);
    if (runs.length > 0) {
      const none = { label: "Untrained", description: "no weights", folder: null };
      const picked = await vscode.window.showQuickPick([...runs, none], {
        title: "Include trained weights?",
        placeHolder: "A run of this model, or none",
      });
      if (!picked) return undefined;
      run = picked.folder;
    }
  }
  const target =
    options.target ??
    (await vscode.window.showSaveDialog({
      title: `Export as ${format.label}`,
      defaultUri: sibling(doc.uri, `${stem(doc.uri)}${format.suffix}`),
      filters: { [format.label]: [format.extension] },
    }));
  if (!target) return undefined;
  const fail = (message: string) => void vscode.window.showErrorMessage(`Export failed: ${message}`);
  let weights: { specs: readonly WeightSpec[]; bytes: Uint8Array } | undefined;
  if (run) {
    const listed = runWeights(await read(vscode.Uri.joinPath(run, "model.json")));
    if (!listed.ok) return fail(listed.message);
    const parts = await Promise.all(listed.value.paths.map((p) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(run, p))));
    weights = { specs: listed.value.specs, bytes: Buffer.concat(parts) };
  }
  const result = exportArtefact(doc.getText(), {
    format: format.format === "keras-distributed" ? "keras" : format.format,
    outputName: posix.basename(target.path),
    run: weights,
    distribute: format.format === "keras-distributed",
    // Dataset paths are relative to the model file: the Keras script finds them from where it is written.
    dataRoot: posix.relative(posix.dirname(target.path), posix.dirname(doc.uri.path)) || ".",
  });
  if (!result.ok) return fail(result.message);
  const written = result.value;
  if ("onnx" in written)
    await vscode.workspace.fs.writeFile(target, onnx.ModelProto.encode(onnx.ModelProto.fromObject(written.onnx)).finish());
  else {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(written.text));
    if (written.weights) await vscode.workspace.fs.writeFile(sibling(target, written.weights.name), written.weights.bytes);
  }
  void vscode.window
    .showInformationMessage(
      `Exported ${stem(doc.uri)} to ${vscode.workspace.asRelativePath(target)}${weights ? " with the run's weights" : ""}.`,
      "Open",
    )
    .then(
      (choice) =>
        choice &&
        (format.format === "onnx" ? vscode.commands.executeCommand("revealInExplorer", target) : vscode.window.showTextDocument(target)),
    );
  return target;
}

/** Import Model…: a Keras or TF.js model JSON → a model file, opened in the designer. */
export async function importModel(source?: vscode.Uri, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const from =
    source ??
    (
      await vscode.window.showOpenDialog({
        title: "Import a Keras or TF.js model",
        filters: { "Keras / TF.js model JSON": ["json"] },
        canSelectMany: false,
      })
    )?.[0];
  if (!from) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(await read(from));
  } catch (e) {
    return void vscode.window.showErrorMessage(
      `Import failed: ${vscode.workspace.asRelativePath(from)} is not JSON (${(e as Error).message}).`,
    );
  }
  const result = importKeras(json);
  if (!result.ok) return void vscode.window.showErrorMessage(`Import failed: ${result.message}`);
  const to =
    target ??
    (await vscode.window.showSaveDialog({
      title: "Save the imported model",
      defaultUri: sibling(from, `${stem(from).replace(/\.model$/, "")}.cnn.json`),
      filters: { "CNN model": ["json"] },
    }));
  if (!to) return undefined;
  await vscode.workspace.fs.writeFile(to, new TextEncoder().encode(result.value.text));
  await vscode.commands.executeCommand("vscode.openWith", to, designerViewType);
  const dropped = result.value.dropped;
  if (dropped.length > 0)
    void vscode.window.showWarningMessage(
      `Imported without ${dropped.length} training-time setting${dropped.length === 1 ? "" : "s"} the model file does not hold: ${dropped.slice(0, 3).join("; ")}${dropped.length > 3 ? "; …" : ""}`,
    );
  return to;
}

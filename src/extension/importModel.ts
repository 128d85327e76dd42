/**
 * Import Model…: a Keras `.h5` or `.keras` file, a Keras `to_json()` file or a TF.js `model.json` → a model file
 * and, where the file has weights, an imported run of it; the user sees what is kept and left out before anything
 * is written, and the model opens in the designer. The command takes optional arguments that answer the questions
 * (the tests use them): the file to import and the model file to write.
 */
import { posix } from "node:path";
import * as vscode from "vscode";
import { analyze, formatCount } from "../core";
import { FileError } from "../node/files";
import { importModel as importFiles, writeImportedRun, type ModelImport, type NamedModelFile } from "../node/importModel";
import { modelFileOf } from "../node/kerasFile";
import { describe } from "./messages";
import { exists, sibling, stem, writeOutputs } from "./outputs";
import { notify } from "./plainText";
import { readUserBytes } from "./userFiles";
import { designerViewType } from "./webviews/designer/provider";

const fail = (message: string) => void notify.error(`Import failed: ${message}`);

/** Reads a file to import; a message saying why it cannot be. */
async function readModel(uri: vscode.Uri): Promise<NamedModelFile | string> {
  const bytes = await readUserBytes(uri);
  if (!bytes.ok) return bytes.message;
  try {
    const dir = uri.scheme === "file" ? vscode.Uri.joinPath(uri, "..").fsPath : undefined;
    return { file: modelFileOf(bytes.value, vscode.workspace.asRelativePath(uri), dir), name: vscode.workspace.asRelativePath(uri) };
  } catch (e) {
    if (e instanceof FileError) return e.message;
    throw e;
  }
}

/** `model.cnn.json` beside the imported file, or `model-2.cnn.json`… when that exists: a name that collides with nothing. */
async function freeName(from: vscode.Uri): Promise<vscode.Uri> {
  const base = stem(from).replace(/\.(model|weights)$/, "");
  for (let k = 1; ; k++) {
    const uri = sibling(from, `${base}${k === 1 ? "" : `-${k}`}.cnn.json`);
    if (k > 1000 || !(await exists(uri))) return uri;
  }
}

/** What the import keeps and leaves out, in lines for the confirmation. */
function whatIsKept(imported: ModelImport): string {
  const a = analyze(imported.text);
  const lines = [
    `${a.layers.length} layers, ${formatCount(a.totals.params)} parameters (${formatCount(a.totals.nonTrainableParams)} non-trainable).`,
    imported.weights
      ? `Its weights (${imported.origin.format}${imported.origin.kerasVersion ? `, Keras ${imported.origin.kerasVersion}` : ""}) become a run of the model, as a trained run's are${imported.weights.matchedBy === "position" ? " (the weights file names its layers differently: they are matched by position, as Keras' load_weights does)" : ""}.`
      : "The file holds no weights: the model starts untrained.",
  ];
  for (const warning of imported.warnings ?? []) lines.push(`Note: ${warning}.`);
  if (imported.dropped.length > 0)
    lines.push(
      `Left out (they change only training or initial values): ${imported.dropped.slice(0, 5).join("; ")}${imported.dropped.length > 5 ? `; and ${imported.dropped.length - 5} more` : ""}.`,
    );
  return lines.join("\n");
}

/**
 * Import Model…: returns the model file written, or undefined when the user backed out or the import failed. The
 * weights' run, once written, is shown selected in the Runs view (`revealRun`).
 */
export async function importModel(
  source?: vscode.Uri,
  target?: vscode.Uri,
  revealRun?: (run: string) => Thenable<unknown>,
): Promise<vscode.Uri | undefined> {
  const from =
    source ??
    (
      await vscode.window.showOpenDialog({
        title: "Import a Keras, ONNX or TF.js model",
        filters: { "Keras, ONNX or TF.js model": ["h5", "hdf5", "keras", "onnx", "json"] },
        canSelectMany: false,
      })
    )?.[0];
  if (!from) return undefined;
  const model = await readModel(from);
  if (typeof model === "string") return fail(model);
  let topology = model;
  let paired: NamedModelFile | undefined;
  if (model.file.topology === undefined && !model.file.onnx) {
    // A save_weights() file: its architecture is in a to_json() file beside it.
    const json = (
      await vscode.window.showOpenDialog({
        title: `${model.name} holds weights only: pick the model's JSON (model.to_json())`,
        defaultUri: sibling(from, ""),
        filters: { "Keras model JSON": ["json"] },
        canSelectMany: false,
      })
    )?.[0];
    if (!json) return undefined;
    const read = await readModel(json);
    if (typeof read === "string") return fail(read);
    [topology, paired] = [read, model];
  }
  let result;
  try {
    result = importFiles(topology, paired);
  } catch (e) {
    if (e instanceof FileError) return fail(e.message);
    throw e;
  }
  if (!result.ok) return fail(describe(result.problem));
  const imported = result.value;
  if (!target) {
    const go = await notify.confirm(`Import ${topology.name}?`, whatIsKept(imported), "Import");
    if (go !== "Import") return undefined;
  }
  const to =
    target ??
    (await vscode.window.showSaveDialog({
      title: "Save the imported model",
      defaultUri: await freeName(from),
      filters: { "CNN model": ["json"] },
    }));
  if (!to) return undefined;
  // CNN Designer finds models by their extension: another name would open in the designer but nowhere else.
  if (!/\.cnn\.json$/i.test(to.path)) {
    const name = posix.basename(to.path);
    const right = /\.json$/i.test(name) ? name.replace(/\.json$/i, ".cnn.json") : `${name}.cnn.json`;
    return fail(`a model file's name ends in .cnn.json, which is how CNN Designer finds models: import it again as ${right}`);
  }
  // A save dialog asked before replacing; a target given by a caller is replaced as asked.
  const why = await writeOutputs([{ uri: to, bytes: new TextEncoder().encode(imported.text), replace: true }], {
    uri: from,
    what: "the file being imported",
  });
  if (why) return why === "cancelled" ? undefined : fail(why);
  let run: string | undefined;
  if (imported.weights && to.scheme === "file") {
    try {
      run = writeImportedRun(to.fsPath, imported.text, imported.weights, imported.origin);
    } catch (e) {
      if (!(e instanceof FileError)) throw e;
      void notify.error(`The model is imported, but not its weights: ${e.message}`);
    }
  } else if (imported.weights) void notify.warn("The model is imported without its weights: runs are kept only in local folders.");
  await vscode.commands.executeCommand("vscode.openWith", to, designerViewType);
  if (run && revealRun) await revealRun(run);
  else await vscode.commands.executeCommand("cnnDesigner.refreshRuns");
  const kept = run ? ` with its weights, as the run ${vscode.workspace.asRelativePath(run)}` : "";
  // Data augmentation layers (the identity at inference) and settings that change only training.
  const augmenting = imported.dropped.filter((d) => d.includes("(data augmentation")).length;
  const settings = imported.dropped.length - augmenting;
  const parts = [
    augmenting > 0 ? `${augmenting} data augmentation layer${augmenting === 1 ? "" : "s"}` : "",
    settings > 0 ? `${settings} training or initial-value setting${settings === 1 ? "" : "s"}` : "",
  ].filter(Boolean);
  const left = parts.length > 0 ? ` Left out: ${parts.join(" and ")}.` : "";
  void notify.info(`Imported ${topology.name} to ${vscode.workspace.asRelativePath(to)}${kept}.${left}`);
  return to;
}

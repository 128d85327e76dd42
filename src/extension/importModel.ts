/**
 * Import Model…: a Keras `.h5` or `.keras` file, a Keras `to_json()` file or a TF.js `model.json` → a model file
 * and, where the file has weights, an imported run of it; the user sees what is kept and left out before anything
 * is written, and the model opens in the designer. The command takes optional arguments that answer the questions
 * (the tests use them): the file to import and the model file to write.
 */
import { posix } from "node:path";
import * as vscode from "vscode";
import { analyze, msg } from "../core";
import { FileError } from "../node/files";
import { importModel as importFiles, writeImportedRun, type ModelImport, type NamedModelFile } from "../node/importModel";
import { modelFileOf } from "../node/kerasFile";
import { describe } from "./messages";
import { exists, sibling, stem, writeOutputs } from "./outputs";
import { count, t, type Localized } from "./l10n";
import { notify } from "./plainText";
import { readUserBytes } from "./userFiles";
import { designerViewType } from "./webviews/designer/provider";

const fail = (message: string) => void notify.error(t("Import failed: {0}", message));

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
function whatIsKept(imported: ModelImport): Localized {
  const a = analyze(imported.text);
  const { format, kerasVersion } = imported.origin;
  const origin = kerasVersion ? `${format}, Keras ${kerasVersion}` : format;
  const lines: string[] = [
    t(
      "{0} layers, {1} parameters ({2} non-trainable).",
      count(a.layers.length),
      count(a.totals.params),
      count(a.totals.nonTrainableParams),
    ),
    imported.weights
      ? imported.weights.matchedBy === "position"
        ? t(
            "Its weights ({0}) become a run of the model, as a trained run's are (the weights file names its layers differently: they are matched by position, as Keras' load_weights does).",
            origin,
          )
        : t("Its weights ({0}) become a run of the model, as a trained run's are.", origin)
      : t("The file holds no weights: the model starts untrained."),
  ];
  for (const warning of imported.warnings ?? []) lines.push(t("Note: {0}.", warning));
  if (imported.dropped.length > 0) {
    const shown = imported.dropped.slice(0, 5).join("; ");
    lines.push(
      imported.dropped.length > 5
        ? t("Left out (they change only training or initial values): {0}; and {1} more.", shown, count(imported.dropped.length - 5))
        : t("Left out (they change only training or initial values): {0}.", shown),
    );
  }
  return lines.join("\n") as Localized;
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
        title: t("Import a Keras, ONNX or TF.js model"),
        filters: { [t("Keras, ONNX or TF.js model")]: ["h5", "hdf5", "keras", "onnx", "json"] },
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
        title: t("{0} holds weights only: pick the model's JSON (model.to_json())", model.name),
        defaultUri: sibling(from, ""),
        filters: { [t("Keras model JSON")]: ["json"] },
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
    const importIt = t("Import");
    const go = await notify.confirm(t("Import {0}?", topology.name), whatIsKept(imported), importIt);
    if (go !== importIt) return undefined;
  }
  const to =
    target ??
    (await vscode.window.showSaveDialog({
      title: t("Save the imported model"),
      defaultUri: await freeName(from),
      filters: { [t("CNN model")]: ["json"] },
    }));
  if (!to) return undefined;
  // CNN Designer finds models by their extension: another name would open in the designer but nowhere else.
  if (!/\.cnn\.json$/i.test(to.path)) {
    const name = posix.basename(to.path);
    const right = /\.json$/i.test(name) ? name.replace(/\.json$/i, ".cnn.json") : `${name}.cnn.json`;
    return fail(t("a model file's name ends in .cnn.json, which is how CNN Designer finds models: import it again as {0}", right));
  }
  // A save dialog asked before replacing; a target given by a caller is replaced as asked.
  const why = await writeOutputs([{ uri: to, bytes: new TextEncoder().encode(imported.text), replace: true }], {
    uri: from,
    what: msg("files.fileImported"),
  });
  if (why) return why === "cancelled" ? undefined : fail(why);
  let run: string | undefined;
  if (imported.weights && to.scheme === "file") {
    try {
      run = writeImportedRun(to.fsPath, imported.text, imported.weights, imported.origin);
    } catch (e) {
      if (!(e instanceof FileError)) throw e;
      void notify.error(t("The model is imported, but not its weights: {0}", e.message));
    }
  } else if (imported.weights) void notify.warn(t("The model is imported without its weights: runs are kept only in local folders."));
  await vscode.commands.executeCommand("vscode.openWith", to, designerViewType);
  if (run && revealRun) await revealRun(run);
  else await vscode.commands.executeCommand("cnnDesigner.refreshRuns");
  const where = vscode.workspace.asRelativePath(to);
  const done = run
    ? t("Imported {0} to {1} with its weights, as the run {2}.", topology.name, where, vscode.workspace.asRelativePath(run))
    : t("Imported {0} to {1}.", topology.name, where);
  // Data augmentation layers (the identity at inference) and settings that change only training.
  const augmenting = imported.dropped.filter((d) => d.includes("(data augmentation")).length;
  const settings = imported.dropped.length - augmenting;
  const parts = [
    augmenting === 1 ? t("1 data augmentation layer") : augmenting > 1 ? t("{0} data augmentation layers", count(augmenting)) : "",
    settings === 1
      ? t("1 training or initial-value setting")
      : settings > 1
        ? t("{0} training or initial-value settings", count(settings))
        : "",
  ].filter(Boolean);
  const left =
    parts.length === 2 ? t("Left out: {0} and {1}.", parts[0], parts[1]) : parts.length === 1 ? t("Left out: {0}.", parts[0]) : "";
  void notify.info((left ? `${done} ${left}` : done) as Localized);
  return to;
}

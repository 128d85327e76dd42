/**
 * Export Model… and Import Model…: the core's exporters and importer behind VS Code's pickers and dialogs. The
 * commands take optional arguments that answer the questions (the tests use them).
 */
import { posix } from "node:path";
import { onnx } from "onnx-proto";
import * as vscode from "vscode";
import { exportArtefact, importKeras, modelDifference, modelFigures, type ExportFormat as CoreFormat } from "../core";
import { FileError, outputProblem, writeFileAtomic } from "../node/files";
import { readRunWeights } from "../node/runFolder";
import { designerViewType } from "./designer";
import { activeModelDocument, isModelDocument } from "./modelService";
import { notify, pickText } from "./plainText";
import { readRunMetrics, readStatus } from "./runsView";

/** The export formats, as the pick offers them (the core's, and the Keras script for a cluster). */
export type ExportFormat = CoreFormat | "keras-distributed";

/** Answers to Export Model…'s questions. */
export interface ExportOptions {
  readonly format?: ExportFormat;
  /** A run folder whose weights to include, or `null` for none (no question asked). */
  readonly run?: vscode.Uri | null;
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
const exists = async (uri: vscode.Uri) =>
  Promise.resolve(vscode.workspace.fs.stat(uri)).then(
    () => true,
    () => false,
  );

/** The runs of a model that trained exactly this text and kept weights (final or a checkpoint), newest first. */
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
        } catch {
          return undefined;
        }
        const final = await exists(vscode.Uri.joinPath(folder, "model.json"));
        if (!final && !(await exists(vscode.Uri.joinPath(folder, "checkpoints", "last.json")))) return undefined;
        const [metrics, status] = await Promise.all([readRunMetrics(folder), readStatus(folder)]);
        const accuracy = metrics?.test?.accuracy;
        const description = [
          status && status.state !== "done" ? status.state : undefined,
          final ? undefined : "its last checkpoint",
          accuracy === undefined ? undefined : `test accuracy ${accuracy.toFixed(4)}`,
        ].filter(Boolean);
        return { folder, label: pickText(name), description: pickText(description.join(" · ")) };
      }),
  );
  return runs.filter((r) => r !== undefined).sort((a, b) => b.label.localeCompare(a.label));
}

/**
 * Writes `bytes` to `uri`: for a local file atomically (a temporary file renamed over it), after checking it is
 * neither `input` nor a file of a training run; an existing file is replaced only when `replace` says so (a save
 * dialog asked already) or the user agrees. Returns why not, or undefined when written.
 */
async function writeOutput(
  uri: vscode.Uri,
  bytes: Uint8Array,
  input: vscode.Uri,
  replace: boolean | undefined,
): Promise<string | undefined> {
  if (uri.scheme !== "file") {
    await vscode.workspace.fs.writeFile(uri, bytes);
    return undefined;
  }
  let problem = outputProblem(uri.fsPath, { inputs: input.scheme === "file" ? [input.fsPath] : [], force: replace === true });
  if (problem?.kind === "exists" && replace === undefined) {
    const choice = await notify.ask(
      `Replace ${vscode.workspace.asRelativePath(uri)}?`,
      "A file of that name exists beside the export.",
      "Replace",
    );
    if (choice === "Replace") problem = undefined;
    else return "cancelled";
  }
  if (problem) return problem.message.replace(/; use --force to replace it$/, "");
  try {
    writeFileAtomic(uri.fsPath, bytes);
  } catch (e) {
    if (e instanceof FileError) return e.message;
    throw e;
  }
  return undefined;
}

/** Export Model…: returns the file written, or undefined when the user backed out or the export failed. */
export async function exportModel(uri?: vscode.Uri, options: ExportOptions = {}): Promise<vscode.Uri | undefined> {
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : activeModelDocument();
  if (!doc || !isModelDocument(doc)) return void notify.info("Open a *.cnn.json model to export it.");
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
  const fail = (message: string) => void notify.error(`Export failed: ${message}`);
  let weights: ReturnType<typeof readRunWeights> | undefined;
  if (run) {
    if (run.scheme !== "file") return fail("a run's weights are read from a folder on this machine");
    try {
      weights = readRunWeights(run.fsPath, doc.getText());
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
  if (!result.ok) return fail(result.message);
  const written = result.value;
  // The target was chosen in a save dialog, which asked before replacing it; the weights file beside it was not.
  const outputs: [vscode.Uri, Uint8Array, boolean | undefined][] =
    "onnx" in written
      ? [[target, onnx.ModelProto.encode(onnx.ModelProto.fromObject(written.onnx)).finish(), true]]
      : [
          [target, new TextEncoder().encode(written.text), true],
          ...(written.weights
            ? [
                [sibling(target, written.weights.name), written.weights.bytes, options.replace] as [
                  vscode.Uri,
                  Uint8Array,
                  boolean | undefined,
                ],
              ]
            : []),
        ];
  for (const [file, bytes, replace] of outputs.slice().reverse()) {
    const why = await writeOutput(file, bytes, doc.uri, replace);
    if (why === "cancelled") return undefined;
    if (why) return fail(why);
  }
  void notify
    .info(
      `Exported ${stem(doc.uri)} to ${vscode.workspace.asRelativePath(target)}${weights ? ` with the weights of ${weights.source}` : ""}.`,
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
    return void notify.error(`Import failed: ${vscode.workspace.asRelativePath(from)} is not JSON (${(e as Error).message}).`);
  }
  const result = importKeras(json);
  if (!result.ok) return void notify.error(`Import failed: ${result.message}`);
  const to =
    target ??
    (await vscode.window.showSaveDialog({
      title: "Save the imported model",
      defaultUri: sibling(from, `${stem(from).replace(/\.model$/, "")}.cnn.json`),
      filters: { "CNN model": ["json"] },
    }));
  if (!to) return undefined;
  // A save dialog asked before replacing; a target given by a caller is replaced as asked.
  const why = await writeOutput(to, new TextEncoder().encode(result.value.text), from, true);
  if (why) return why === "cancelled" ? undefined : void notify.error(`Import failed: ${why}`);
  await vscode.commands.executeCommand("vscode.openWith", to, designerViewType);
  const dropped = result.value.dropped;
  if (dropped.length > 0)
    void notify.warn(
      `Imported without ${dropped.length} training-time setting${dropped.length === 1 ? "" : "s"} the model file does not hold: ${dropped.slice(0, 3).join("; ")}${dropped.length > 3 ? "; …" : ""}`,
    );
  return to;
}

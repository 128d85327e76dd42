import * as vscode from "vscode";
import {
  categories,
  categoryName,
  emptyModelText,
  formatSummary,
  insertionEdits,
  layerExplanation,
  layerRegistry,
  layerTypes,
  parseShapeText,
  type LayerType,
} from "../core";
import type { CommandTable, Services } from "./commandTable";
import { commandModel, layerAt } from "./modelService";
import { designerViewType, showAsText } from "./webviews/designer/provider";
import { outputProblem, writeFileAtomic } from "../node/files";
import { t } from "./l10n";
import { describe } from "./messages";
import { notify } from "./plainText";

/** The templates New Model offers, first in this order, then the other examples. */
const preferred = ["pooling-gap", "pooling-flatten", "mnist-convnet", "lenet5", "small-vgg", "small-resnet", "small-mobilenet"];

/** A model template: one of the extension's example files. */
export interface Template {
  readonly id: string;
  readonly uri: vscode.Uri;
  readonly name: string;
  readonly description: string;
}

/** Lists the templates shipped in the extension's `examples/` folder. */
export async function listTemplates(extensionUri: vscode.Uri): Promise<Template[]> {
  const dir = vscode.Uri.joinPath(extensionUri, "examples");
  const files = (await vscode.workspace.fs.readDirectory(dir)).map(([f]) => f).filter((f) => f.endsWith(".cnn.json"));
  const rank = (id: string) => (preferred.includes(id) ? preferred.indexOf(id) : preferred.length);
  const templates = await Promise.all(
    files.map(async (f) => {
      const uri = vscode.Uri.joinPath(dir, f);
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const id = f.replace(/\.cnn\.json$/, "");
      const meta = /"description"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(text);
      return { id, uri, name: id, description: meta ? (JSON.parse(meta[1]) as string) : "" };
    }),
  );
  return templates.sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}

/** The URI with a `.cnn.json` name: `model` and `model.json` become `model.cnn.json`. */
export function modelUri(uri: vscode.Uri): vscode.Uri {
  if (uri.path.endsWith(".cnn.json")) return uri;
  return uri.with({ path: uri.path.endsWith(".json") ? `${uri.path.slice(0, -5)}.cnn.json` : `${uri.path}.cnn.json` });
}

/** Where a new model goes by default: the first workspace folder, under a name not taken yet. */
async function defaultTarget(id: string): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) return undefined;
  for (let i = 0; ; i++) {
    const uri = vscode.Uri.joinPath(folder, `${id}${i ? `-${i}` : ""}.cnn.json`);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      return uri;
    }
  }
}

/** The file name without `.cnn.json`: the new model's name. */
function stem(uri: vscode.Uri): string {
  return (uri.path.split("/").pop() ?? "model").replace(/\.cnn\.json$/, "");
}

/** Asks for an empty model's input shape, checked as it is typed; undefined when the user cancels. */
async function askInputShape(): Promise<(number | null)[] | undefined> {
  const text = await vscode.window.showInputBox({
    title: t("New Model: the input's shape"),
    prompt: t("One sample, without the batch axis: height, width, channels for images (None for a size known at run time)."),
    value: "28, 28, 1",
    validateInput: (v) => {
      const r = parseShapeText(v);
      return "problem" in r ? describe(r.problem) : undefined;
    },
  });
  if (text === undefined) return undefined;
  const shape = parseShapeText(text);
  return "problem" in shape ? undefined : [...shape];
}

/** The model commands: creating, summarising, checking and editing model files (see commandTable.ts). */
export function modelCommands({ context, models, problems, output, designer }: Services) {
  const activeModel = commandModel;

  /**
   * New Model…: an empty model (its input shape asked) or a template; where to save it; then it opens in the
   * designer. Arguments skip the questions (`"empty"` with a shape for the empty model).
   */
  const newModel = async (templateId?: string, target?: vscode.Uri, shapeArg?: readonly (number | null)[]) => {
    const templates = await listTemplates(context.extensionUri);
    type Choice = { id: string; template?: Template };
    const empty: vscode.QuickPickItem & Choice = {
      id: "empty",
      label: `$(new-file) ${t("Empty model")}`,
      detail: t("An Input layer of the shape you give; add the rest in the designer."),
    };
    const picked: Choice | undefined =
      templateId === "empty"
        ? empty
        : ((templates.find((m) => m.id === templateId) && {
            id: templateId as string,
            template: templates.find((m) => m.id === templateId),
          }) ??
          (await vscode.window.showQuickPick(
            [
              empty,
              { label: t("Templates"), kind: vscode.QuickPickItemKind.Separator, id: "" },
              ...templates.map((m) => ({ label: m.name, detail: m.description, id: m.id, template: m })),
            ],
            { title: t("New Model"), placeHolder: t("Start from an empty model or a template"), matchOnDetail: true },
          )));
    if (!picked) return undefined;
    const shape = picked.template ? undefined : (shapeArg ?? (await askInputShape()));
    if (!picked.template && !shape) return undefined;
    const id = picked.template?.id ?? "model";
    // The dialog's filter is "json": a two-part extension makes some dialogs append it twice.
    const chosen =
      target ??
      (await vscode.window.showSaveDialog({
        title: t("Save the new model"),
        defaultUri: await defaultTarget(id),
        filters: { [t("CNN model")]: ["json"] },
      }));
    if (!chosen) return undefined;
    const uri = modelUri(chosen);
    const bytes = picked.template
      ? await vscode.workspace.fs.readFile(picked.template.uri)
      : new TextEncoder().encode(emptyModelText(stem(uri), shape ?? []));
    if (uri.scheme === "file") {
      // The dialog asked about the name chosen; ".cnn.json" added to it names another file, which is asked about here.
      const problem = outputProblem(uri.fsPath, { inputs: [], force: uri.toString() === chosen.toString() });
      const replaceIt = t("Replace");
      const replace =
        problem?.kind === "exists" &&
        (await notify.ask(t("Replace {0}?", vscode.workspace.asRelativePath(uri)), t("A model file of that name exists."), replaceIt)) ===
          replaceIt;
      if (problem && !replace) return problem.kind === "exists" ? undefined : void notify.error(t("New Model: {0}", problem.message));
      try {
        writeFileAtomic(uri.fsPath, bytes);
      } catch (e) {
        return void notify.error(t("New Model: {0}", (e as Error).message));
      }
    } else await vscode.workspace.fs.writeFile(uri, bytes);
    // The designer is where a new model is built.
    await vscode.commands.executeCommand("vscode.openWith", uri, designerViewType);
    return uri;
  };

  const openExample = () => vscode.commands.executeCommand("cnnDesigner.newModel", "pooling-gap");

  const showSummary = (uri?: vscode.Uri) => {
    const doc = activeModel(uri);
    if (!doc) return undefined;
    const a = models.analysis(doc);
    const title = a.name ?? doc.uri.path.split("/").pop() ?? "model";
    const text = formatSummary(a, title);
    output.appendLine(text);
    for (const d of a.diagnostics) {
      const pos = doc.positionAt(d.offset);
      output.appendLine(`${vscode.workspace.asRelativePath(doc.uri)}:${pos.line + 1}:${pos.character + 1}: ${d.severity}: ${d.message}`);
    }
    output.show(true);
    return text;
  };

  const checkAllModels = async () => {
    const r = await problems.checkWorkspace();
    const files = r.files === 1 ? t("1 model file checked") : t("{0} model files checked", r.files);
    const errors = r.errors === 1 ? t("1 error") : t("{0} errors", r.errors);
    const warnings = r.warnings === 1 ? t("1 warning") : t("{0} warnings", r.warnings);
    const message = t("{0}: {1}, {2}.", files, errors, warnings);
    if (r.errors + r.warnings > 0) void vscode.commands.executeCommand("workbench.actions.view.problems");
    void notify.info(message);
    return r;
  };

  /**
   * Insert Layer…: a grouped pick of layer types, inserted after the designer's selection when the designer is
   * the active tab, else after the layer at the text editor's cursor.
   */
  const insertLayer = async (typeArg?: LayerType, branch?: boolean) => {
    const doc = activeModel();
    if (!doc) return false;
    const items: (vscode.QuickPickItem & { type?: LayerType })[] = [];
    for (const c of categories) {
      items.push({ label: categoryName(c, vscode.env.language), kind: vscode.QuickPickItemKind.Separator });
      for (const type of layerTypes.filter((x) => layerRegistry[x].category === c))
        items.push({ label: type, detail: layerExplanation(type, vscode.env.language), type });
    }
    const type =
      typeArg ??
      (await vscode.window.showQuickPick(items, { title: t("Insert Layer"), placeHolder: t("Layer type"), matchOnDetail: true }))?.type;
    if (!type) return false;
    if (designer.insertIntoActive(type, branch === true)) return true;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    if (!editor) return false;
    const a = models.analysis(doc);
    const here = layerAt(doc, a, editor.selection.active, true);
    const index = here ? here.index + 1 : a.layers.length;
    const edits = insertionEdits(doc.getText(), a.layers, { type, index, branch: branch === true });
    if (!edits) {
      void notify.error(t('This file has no "layers" list to insert into.'));
      return false;
    }
    const ok = await editor.edit((b) => {
      for (const e of edits) b.replace(new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.text);
    });
    const inserted = models.analysis(doc).layers[index];
    if (ok && inserted?.range) {
      const start = doc.positionAt(inserted.range.offset);
      editor.selection = new vscode.Selection(start, start);
      editor.revealRange(new vscode.Range(start, start));
    }
    return ok;
  };

  /** A click on a layer in the Model Summary: its card in the designer when the designer shows the model, else its text. */
  const revealLayer = async (uri: vscode.Uri, offset: number) => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const layer =
      doc && models.analysis(doc).layers.find((l) => l.range && l.range.offset <= offset && offset <= l.range.offset + l.range.length);
    if (layer && designer.selectInActive(uri, layer.index)) return;
    const editor = (await showAsText(uri, vscode.ViewColumn.Active)) ?? (await vscode.window.showTextDocument(uri));
    const pos = editor.document.positionAt(offset);
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  };
  return {
    "cnnDesigner.newModel": newModel,
    "cnnDesigner.openExample": openExample,
    "cnnDesigner.showSummary": showSummary,
    "cnnDesigner.checkAllModels": checkAllModels,
    "cnnDesigner.insertLayer": insertLayer,
    "cnnDesigner.revealLayer": revealLayer,
  } satisfies Partial<CommandTable>;
}

/**
 * Compare Model with… and Compare Model with Committed Version: the model diff (`cnn-designer diff`) of the
 * active model, shown as a Markdown preview — the totals, the problems a change brings, and each changed layer —
 * and overlaid on the model's layers in its designer, where one is open, until the designer's Clear.
 */
import * as vscode from "vscode";
import { analyze, diffModels, formatDiffMarkdown } from "../core";
import { readAtRevision } from "../node/gitShow";
import { commandModel, type ModelService } from "./modelService";
import type { DesignerProvider } from "./webviews/designer/provider";
import { t } from "./l10n";
import { catalogue } from "./messages";
import { notify } from "./plainText";
import { readUserTextFile } from "./userFiles";

/** The scheme of the diffs' read-only documents, which the Markdown preview shows. */
const scheme = "cnn-designer-diff";

/** The diffs shown, by document URI (each a new URI, so a preview never shows an older diff). */
const shown = new Map<string, string>();
let made = 0;

/** Registers the read-only documents the diffs are shown from. */
export function registerDiffDocuments(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: (uri) => shown.get(uri.toString()) ?? "" }),
  );
}

/** Shows `markdown` as a preview beside the model, titled after it. */
async function show(markdown: string, name: string): Promise<void> {
  const uri = vscode.Uri.from({ scheme, path: `/${++made}/${name}.diff.md` });
  shown.set(uri.toString(), markdown);
  try {
    await vscode.commands.executeCommand("markdown.showPreviewToSide", uri);
  } catch {
    // (Without VS Code's Markdown extension, the text itself.)
    await vscode.window.showTextDocument(uri, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  }
}

/** The commands, for the command table; a designer showing the model overlays the diff on its layers. */
export function compareCommands(models: ModelService, designer: DesignerProvider) {
  /** Compare Model with…: what the active model changes from another model file (picked, or `other`). */
  const compareModelWith = async (other?: unknown, uri?: unknown): Promise<string | undefined> => {
    const doc = commandModel(uri);
    if (!doc) return undefined;
    let base = other instanceof vscode.Uri ? other : undefined;
    if (!base) {
      const files = (await vscode.workspace.findFiles("**/*.cnn.json", "**/{node_modules,.cnn-runs}/**", 500)).filter(
        (f) => f.toString() !== doc.uri.toString(),
      );
      const browse = { label: `$(folder-opened) ${t("Browse…")}`, uri: undefined as vscode.Uri | undefined };
      const items = [...files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f as vscode.Uri | undefined })), browse];
      const picked = await vscode.window.showQuickPick(items, {
        title: t("Compare {0} with…", vscode.workspace.asRelativePath(doc.uri)),
        placeHolder: t("The model to compare with (the diff says what this model changes from it)"),
      });
      if (!picked) return undefined;
      base =
        picked.uri ??
        (
          await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [t("CNN models")]: ["json"] }, openLabel: t("Compare") })
        )?.[0];
      if (!base) return undefined;
    }
    const read = await readUserTextFile(base);
    if (!read.ok) return void notify.error(t("Compare Model: {0}", read.message));
    const from = vscode.workspace.asRelativePath(base);
    const to = vscode.workspace.asRelativePath(doc.uri);
    const baseModel = analyze(read.value, { catalogue });
    const markdown = formatDiffMarkdown(diffModels(baseModel, models.analysis(doc)), from, to, catalogue);
    designer.showDiff(doc.uri, from, baseModel);
    await show(markdown, to.split("/").pop() ?? "model");
    return markdown;
  };

  /** Compare Model with Committed Version: what the active model (unsaved edits too) changes from its version at HEAD. */
  const compareWithCommitted = async (uri?: unknown): Promise<string | undefined> => {
    const doc = commandModel(uri);
    if (!doc) return undefined;
    if (doc.uri.scheme !== "file")
      return void notify.warn(t("Compare with Committed Version needs a model file on disk, in a git repository."));
    let committed: string;
    try {
      committed = readAtRevision("HEAD", doc.uri.fsPath);
    } catch (e) {
      return void notify.error(t("Compare with Committed Version: {0}", (e as Error).message));
    }
    const to = vscode.workspace.asRelativePath(doc.uri);
    const base = analyze(committed, { catalogue });
    const markdown = formatDiffMarkdown(diffModels(base, models.analysis(doc)), `HEAD:${to}`, to, catalogue);
    designer.showDiff(doc.uri, `HEAD:${to}`, base);
    await show(markdown, to.split("/").pop() ?? "model");
    return markdown;
  };

  return { "cnnDesigner.compareModelWith": compareModelWith, "cnnDesigner.compareWithCommitted": compareWithCommitted };
}

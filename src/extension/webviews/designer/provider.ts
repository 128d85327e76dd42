import { posix } from "node:path";
import * as vscode from "vscode";
import { applyEdits, diffModels, diffOverlay, msg, runsFolderName, settingEdits, type Analysis, type TextEdit } from "../../../core";
import type { DiffMessage, HostMessage } from "../../../protocol/designer";
import { designerModel, editsForIntent, swapsMessage, whatIfMessage, whatIfSetMessage } from "./edits";
import { webviewHtml, webviewOptions } from "../shared/html";
import { parseWebviewMessage } from "./messages";
import type { LiveRuns } from "../../training/liveRuns";
import type { ModelService } from "../../modelService";
import { t } from "../../l10n";
import { catalogue, describe } from "../../messages";

/** The designer's view type (a custom text editor for *.cnn.json). */
export const designerViewType = "cnnDesigner.designer";

/**
 * The designer: a webview over the model's text. The host owns the document: the webview sends intents,
 * the host checks them, applies minimal edits (one undo step each) and sends back the new analysis.
 */
export class DesignerProvider implements vscode.CustomTextEditorProvider {
  private readonly panels = new Map<vscode.WebviewPanel, vscode.TextDocument>();
  private active: vscode.WebviewPanel | undefined;
  private readonly activeEmitter = new vscode.EventEmitter<void>();
  /** Fires when the active designer changes (the sidebar palette says where it inserts). */
  readonly onDidChangeActiveDesigner = this.activeEmitter.event;

  private live: LiveRuns | undefined;
  /** What each compared model (by URI) is compared with. */
  private readonly bases = new Map<string, { readonly label: string; readonly analysis: Analysis }>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly models: ModelService,
  ) {}

  /** Shows each model's training live in its designers: the run as it starts, then every batch and epoch. */
  followTraining(live: LiveRuns): vscode.Disposable {
    this.live = live;
    return live.onMessage(({ modelUri, message }) => {
      for (const [panel, doc] of this.panels) if (doc.uri.toString() === modelUri.toString()) void panel.webview.postMessage(message);
    });
  }

  /**
   * The designer in the active editor tab, if any (it stays the active tab while the focus is in the sidebar).
   */
  private activePanel(): vscode.WebviewPanel | undefined {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (!(input instanceof vscode.TabInputCustom) || input.viewType !== designerViewType) return undefined;
    const uri = input.uri.toString();
    return [...this.panels].find(([p, doc]) => doc.uri.toString() === uri && (p === this.active || p.visible))?.[0];
  }

  /** The document of the active designer, if any. */
  get activeDocument(): vscode.TextDocument | undefined {
    const panel = this.activePanel();
    return panel && this.panels.get(panel);
  }

  /** Asks the active designer to add a layer where its selection is; false when no designer is active. */
  insertIntoActive(layerType: string, branch = false): boolean {
    const panel = this.activePanel();
    if (!panel) return false;
    void panel.webview.postMessage({ type: "insertLayer", layerType, ...(branch ? { branch } : {}) } satisfies HostMessage);
    return true;
  }

  /**
   * Selects a layer in the designer that shows `uri` in the active tab group, if one does; false otherwise.
   */
  selectInActive(uri: vscode.Uri, index: number): boolean {
    const panel = this.activePanel();
    if (!panel || this.panels.get(panel)?.uri.toString() !== uri.toString()) return false;
    void panel.webview.postMessage({ type: "selectLayer", index } satisfies HostMessage);
    panel.reveal(undefined, false);
    return true;
  }

  private onDidChangeActive(): void {
    this.activeEmitter.fire();
  }

  /**
   * Overlays on every designer of `uri` what its model changes from `base` (labelled `label`), kept up to date with
   * each edit until a designer clears it; false when no designer shows the model.
   */
  showDiff(uri: vscode.Uri, label: string, base: Analysis): boolean {
    this.bases.set(uri.toString(), { label, analysis: base });
    let shown = false;
    for (const [panel, doc] of this.panels) {
      if (doc.uri.toString() !== uri.toString()) continue;
      const diff = this.diffMessage(doc, this.models.analysis(doc));
      if (diff) void panel.webview.postMessage(diff);
      shown = true;
    }
    return shown;
  }

  /** Stops comparing the model of `uri`: its designers drop the overlay. */
  private clearDiff(uri: vscode.Uri): void {
    this.bases.delete(uri.toString());
    for (const [panel, doc] of this.panels)
      if (doc.uri.toString() === uri.toString())
        void panel.webview.postMessage({ type: "diff", base: "", overlay: null } satisfies HostMessage);
  }

  /** The overlay of the model's `analysis` against what it is compared with, if it is. */
  private diffMessage(doc: vscode.TextDocument, analysis: Analysis): DiffMessage | undefined {
    const base = this.bases.get(doc.uri.toString());
    return base && { type: "diff", base: base.label, overlay: diffOverlay(diffModels(base.analysis, analysis), catalogue) };
  }

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    const assets = vscode.Uri.joinPath(this.extensionUri, "dist", "webview");
    panel.webview.options = webviewOptions(assets);
    panel.webview.html = webviewHtml(panel.webview, assets, "designer", "CNN Designer", true);
    this.panels.set(panel, document);
    const track = () => {
      if (panel.active) this.active = panel;
      else if (this.active === panel) this.active = undefined;
      this.onDidChangeActive();
    };
    track();
    const post = (message: HostMessage) => void panel.webview.postMessage(message);
    // An edit's answer goes out before VS Code has applied it (the text it will give, as the next version), so
    // the designer repaints without waiting for the edit's trip through the workbench; the change, when it
    // lands as foreseen, is not sent again, and anything else (the user's typing, an EOL normalised) is.
    let foreseen: Foreseen | undefined;
    const sendModel = (next?: Foreseen) => {
      foreseen = next;
      const analysis = next ? this.models.foresee(document, next.text) : this.models.analysis(document);
      post(designerModel(next ? next.text : document.getText(), next ? next.version : document.version, analysis));
      // A model being compared: the overlay follows each version.
      const diff = this.diffMessage(document, analysis);
      if (diff) post(diff);
    };
    const changed = () => {
      const landed = foreseen?.version === document.version && foreseen.text === document.getText();
      if (!landed) sendModel();
      foreseen = undefined;
    };
    // Edits are applied one at a time, in the order the intents arrive.
    let queue: Promise<unknown> = Promise.resolve();
    const subscriptions: vscode.Disposable[] = [
      vscode.workspace.onDidChangeTextDocument((e) => e.document === document && e.contentChanges.length > 0 && changed()),
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        // A (re)loaded designer also gets the model's latest run for its charts.
        const type = (raw as { type?: unknown })?.type;
        if (type === "clearDiff") return this.clearDiff(document.uri);
        const handle = () => handleDesignerMessage(document, raw, this.models, post, sendModel);
        // A ping is answered at once, not behind queued edits: it times the transport alone.
        if (type === "ping") return void handle();
        const run = type === "ready" ? this.live?.latest(document.uri) : undefined;
        if (run) post({ type: "runs", runs: [run] });
        queue = queue.then(handle);
      }),
    ];
    subscriptions.push(panel.onDidChangeViewState(track));
    panel.onDidDispose(() => {
      subscriptions.forEach((s) => s.dispose());
      this.panels.delete(panel);
      if (this.active === panel) this.active = undefined;
      this.onDidChangeActive();
    });
  }
}

/**
 * Handles one message from a designer webview over `document`: checks it, and applies the intent as one
 * minimal edit when it names the document's current version; otherwise answers `rejected` (and resends the
 * model when the version is stale). Exported for the integration suite, which drives it with a real document.
 */
export async function handleDesignerMessage(
  document: vscode.TextDocument,
  raw: unknown,
  models: ModelService,
  post: (m: HostMessage) => void,
  sendModel: (foreseen?: Foreseen) => void,
): Promise<void> {
  const message = parseWebviewMessage(raw);
  if (!message) return post({ type: "rejected", reason: t("The designer sent a malformed message.") });
  if (message.type === "ready") return sendModel();
  if (message.type === "ping") return post({ type: "pong" });
  // The form's question about a model already replaced is left unanswered: the new model is on its way.
  if (message.type === "swapsFor")
    return message.version === document.version
      ? post(swapsMessage(document.getText(), document.version, message.index, models.analysis(document)))
      : undefined;
  if (message.type === "whatIf")
    return message.version === document.version ? post(whatIfMessage(document.getText(), message, models.analysis(document))) : undefined;
  if (message.type === "whatIfSet")
    return message.version === document.version
      ? post(whatIfSetMessage(document.getText(), message, models.analysis(document)))
      : undefined;
  if (message.type === "openAsJson") return void (await showAsText(document.uri, vscode.ViewColumn.Beside));
  // (The provider clears a diff overlay itself: it keeps what the model is compared with.)
  if (message.type === "clearDiff") return;
  // (Not awaited: its questions must not hold up the intents queued behind it.)
  if (message.type === "exportDiagram") return void vscode.commands.executeCommand("cnnDesigner.exportDiagram", document.uri);
  if (message.type === "reveal") {
    const editor = await showAsText(document.uri, vscode.ViewColumn.Beside);
    if (!editor) return;
    const at = Math.min(message.offset, document.getText().length);
    const range = new vscode.Range(document.positionAt(at), document.positionAt(Math.min(at + message.length, document.getText().length)));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return;
  }
  if (message.type === "pickPath") {
    const picked = await pickSettingPath(document.uri, message.path, message.folder);
    if (!picked) return;
    const text = document.getText();
    const edits = settingEdits(text, message.path, picked);
    if (!edits) return post({ type: "rejected", reason: describe(msg("intent.notAnObject")) });
    return applyForeseen(document, edits, post, sendModel);
  }
  // A setting names its place by path (["training", "epochs"]), which no other edit moves: it applies to the text
  // as it is now, even when the designer had not yet seen its previous edit land (two settings changed quickly).
  if (message.version !== document.version && message.type !== "setSetting") {
    // Based on a text that has changed since (typing in the JSON editor, say): never applied to the wrong layer.
    post({ type: "rejected", reason: t("The model changed before that edit arrived; try again.") });
    return sendModel();
  }
  const text = document.getText();
  const result = editsForIntent(text, models.analysis(document), message);
  if ("reason" in result) return post({ type: "rejected", reason: result.reason });
  await applyForeseen(document, result.edits, post, sendModel);
}

/**
 * Applies an intent's edits to the designer's document, its answer (the model as the edits leave it) sent first;
 * when VS Code refuses them, says so and sends the model as it is.
 */
async function applyForeseen(
  document: vscode.TextDocument,
  edits: readonly TextEdit[],
  post: (m: HostMessage) => void,
  sendModel: (foreseen?: Foreseen) => void,
): Promise<void> {
  if (edits.length === 0) return;
  sendModel({ text: applyEdits(document.getText(), edits), version: document.version + 1 });
  if (!(await applyCoreEdits(document, edits))) {
    post({ type: "rejected", reason: t("VS Code did not apply the edit.") });
    sendModel();
  }
}

/** The text an edit on its way will give a document, and the version it will have then. */
export interface Foreseen {
  readonly text: string;
  readonly version: number;
}

/** Applies edits of the core to a document as one undo step; false when VS Code refuses (or there are none). */
export async function applyCoreEdits(document: vscode.TextDocument, edits: readonly TextEdit[]): Promise<boolean> {
  if (edits.length === 0) return false;
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits)
    edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.text);
  return vscode.workspace.applyEdit(edit);
}

/**
 * Asks for a setting's file or folder — a dataset's, or the run `initialWeights` starts from (in the model's runs
 * folder, where it exists) —, starting beside the model; the answer as the model file names paths: relative to
 * its folder (with forward slashes), or absolute when it lies on another drive or scheme.
 */
async function pickSettingPath(model: vscode.Uri, path: readonly string[], folder: boolean): Promise<string | undefined> {
  const base = vscode.Uri.joinPath(model, "..");
  const run = path[1] === "initialWeights";
  const runs = vscode.Uri.joinPath(base, runsFolderName, posix.basename(model.path).replace(/\.cnn\.json$/i, ""));
  const start =
    run &&
    (await Promise.resolve(vscode.workspace.fs.stat(runs)).then(
      () => true,
      () => false,
    ))
      ? runs
      : base;
  const [picked] =
    (await vscode.window.showOpenDialog({
      canSelectFiles: !folder,
      canSelectFolders: folder,
      canSelectMany: false,
      defaultUri: start,
      title: run ? t("The run whose weights training starts from") : folder ? t("The dataset's folder") : t("The dataset's file"),
      openLabel: run ? t("Start from this run") : undefined,
    })) ?? [];
  if (!picked) return undefined;
  if (picked.scheme !== base.scheme || picked.authority !== base.authority) return picked.fsPath;
  const relative = posix.relative(base.path, picked.path);
  return relative === "" ? "." : relative;
}

/**
 * Shows a model's text: in the tab that already shows it, if any (never a second identical tab), else opened with
 * VS Code's text editor in `column` (as Reopen With does).
 */
export async function showAsText(uri: vscode.Uri, column: vscode.ViewColumn): Promise<vscode.TextEditor | undefined> {
  const key = uri.toString();
  const group = vscode.window.tabGroups.all.find((g) =>
    g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key),
  );
  if (group) return vscode.window.showTextDocument(uri, { viewColumn: group.viewColumn, preview: false });
  // As Reopen With does (the column only when it is another one: VS Code treats an explicit Active differently).
  if (column === vscode.ViewColumn.Active) await vscode.commands.executeCommand("vscode.openWith", uri, "default");
  else await vscode.commands.executeCommand("vscode.openWith", uri, "default", column);
  const editor = vscode.window.activeTextEditor;
  return editor?.document.uri.toString() === key ? editor : vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key);
}

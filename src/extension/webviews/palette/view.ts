import * as vscode from "vscode";
import type { PaletteHostMessage, PaletteMessage } from "../../../protocol/palette";
import type { DesignerProvider } from "../designer/provider";
import { activeModelDocument, onDidChangeActiveModel } from "../../modelService";
import { webviewHtml, webviewOptions } from "../shared/html";
import { t } from "../../l10n";
import { notify } from "../../plainText";
import { checkMessage, type MessageCheckers } from "../shared/messageTable";

/** The palette's messages, checked before they are handled. */
const paletteCheckers: MessageCheckers<PaletteMessage> = {
  ready: () => ({ type: "ready" }),
  insert: (m) =>
    typeof m.layerType === "string"
      ? { type: "insert", layerType: m.layerType, ...(m.branch === true ? { branch: true } : {}) }
      : undefined,
};

/** The sidebar's layer palette view id. */
export const paletteViewId = "cnnDesigner.palette";

/**
 * The layer palette in the sidebar: it inserts into the active model — through the designer when one has the
 * focus (after its selection), else into the text editor (after the layer at the cursor).
 */
export class PaletteView implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly designer: DesignerProvider,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const assets = vscode.Uri.joinPath(this.extensionUri, "dist", "webview");
    view.webview.options = webviewOptions(assets);
    view.webview.html = webviewHtml(view.webview, assets, "palette", "Layer Palette");
    const subscriptions = [
      view.webview.onDidReceiveMessage((raw: unknown) => this.handle(raw)),
      // The active designer is the active tab group's active tab: the tab events may come after the view-state one.
      onDidChangeActiveModel(() => this.sendTarget()),
      this.designer.onDidChangeActiveDesigner(() => this.sendTarget()),
      view.onDidChangeVisibility(() => this.sendTarget()),
    ];
    view.onDidDispose(() => subscriptions.forEach((s) => s.dispose()));
    this.sendTarget();
  }

  /** The model that a click inserts into. */
  private target(): vscode.TextDocument | undefined {
    return activeModelDocument();
  }

  private sendTarget(): void {
    const doc = this.target();
    void this.view?.webview.postMessage({
      type: "target",
      name: doc ? vscode.workspace.asRelativePath(doc.uri) : null,
    } satisfies PaletteHostMessage);
  }

  private handle(raw: unknown): void {
    const m = checkMessage(paletteCheckers, raw);
    if (m?.type === "ready") return this.sendTarget();
    if (m?.type !== "insert") return;
    const branch = m.branch === true;
    if (this.designer.insertIntoActive(m.layerType, branch)) return;
    if (this.target()) void vscode.commands.executeCommand("cnnDesigner.insertLayer", m.layerType, branch);
    else void notify.info(t("Open a *.cnn.json model to insert layers."));
  }
}

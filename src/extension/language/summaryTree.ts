import * as vscode from "vscode";
import { layerDetails, layerLineWithField, type LayerInfo } from "../../core";
import { activeModelDocument, onDidChangeActiveModel, type ModelService } from "../modelService";
import { count, t } from "../l10n";
import { markdownText, plainMarkdown } from "../plainText";
import { catalogue } from "../messages";

/** A row of the Model Summary view: the totals, or one layer. */
export type SummaryRow =
  | { readonly kind: "totals"; readonly text: string }
  | { readonly kind: "layer"; readonly layer: LayerInfo; readonly problem?: "error" | "warning" };

/**
 * The sidebar's Model Summary: the active model's totals, then each layer with its output shape and
 * parameters, errors marked. It follows the active editor and updates as the model changes.
 */
export class SummaryTree implements vscode.TreeDataProvider<SummaryRow>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  private doc: vscode.TextDocument | undefined;

  readonly onDidChangeTreeData = this.emitter.event;

  constructor(private readonly models: ModelService) {
    this.subscriptions = [
      this.emitter,
      onDidChangeActiveModel(() => this.follow()),
      models.onDidChange((doc) => doc === this.doc && this.emitter.fire()),
    ];
    this.follow();
  }

  /** The model the view shows. */
  get document(): vscode.TextDocument | undefined {
    return this.doc;
  }

  private follow(): void {
    // Keep showing the last model while another kind of editor (output, settings) has the focus.
    const doc = activeModelDocument();
    if (!doc && vscode.window.tabGroups.activeTabGroup.activeTab && this.doc && !this.doc.isClosed) return;
    if (doc === this.doc && doc) return;
    this.doc = doc;
    void vscode.commands.executeCommand("setContext", "cnnDesigner.modelActive", this.doc !== undefined);
    this.emitter.fire();
  }

  getChildren(parent?: SummaryRow): SummaryRow[] {
    if (parent || !this.doc || this.doc.isClosed) return [];
    const a = this.models.analysis(this.doc);
    const { params, trainableParams, macs } = a.totals;
    const totals = t("{0} params ({1} trainable) · {2} MACs", count(params), count(trainableParams), count(macs));
    const problem = (i: number): "error" | "warning" | undefined => {
      const own = a.diagnostics.filter((d) => d.layerIndex === i);
      return own.some((d) => d.severity === "error") ? "error" : own.some((d) => d.severity === "warning") ? "warning" : undefined;
    };
    return [
      { kind: "totals", text: totals },
      ...a.layers.map((layer) => ({ kind: "layer" as const, layer, problem: problem(layer.index) })),
    ];
  }

  getTreeItem(row: SummaryRow): vscode.TreeItem {
    if (row.kind === "totals") {
      const item = new vscode.TreeItem(t("Total"), vscode.TreeItemCollapsibleState.None);
      item.description = row.text;
      item.iconPath = new vscode.ThemeIcon("symbol-numeric");
      return item;
    }
    const { layer } = row;
    const item = new vscode.TreeItem(layer.name, vscode.TreeItemCollapsibleState.None);
    item.description = `${layer.type} ${layerLineWithField(layer, catalogue)}`;
    item.tooltip = plainMarkdown().appendMarkdown(
      `**${markdownText(layer.name)}** (${markdownText(layer.type)})\n\n${layerDetails(layer, catalogue)
        .map(([k, v]) => `- ${k}: ${markdownText(v)}`)
        .join("\n")}`,
    );
    item.iconPath =
      row.problem === "error"
        ? new vscode.ThemeIcon("error", new vscode.ThemeColor("list.errorForeground"))
        : row.problem === "warning"
          ? new vscode.ThemeIcon("warning", new vscode.ThemeColor("list.warningForeground"))
          : new vscode.ThemeIcon("symbol-class");
    item.contextValue = "layer";
    if (this.doc && layer.range)
      item.command = { title: t("Reveal Layer"), command: "cnnDesigner.revealLayer", arguments: [this.doc.uri, layer.range.offset] };
    return item;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

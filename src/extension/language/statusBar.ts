import * as vscode from "vscode";
import { count, t } from "../l10n";
import { activeModelDocument, onDidChangeActiveModel, type ModelService } from "../modelService";

/** Compact counts for the status bar: `218.4M`, `3.1T`; beyond the units, `1.4e+22`. */
export function shortCount(n: number): string {
  for (const [unit, size] of [
    ["E", 1e18],
    ["P", 1e15],
    ["T", 1e12],
    ["G", 1e9],
    ["M", 1e6],
    ["k", 1e3],
  ] as const)
    if (n >= size) return n >= 1000 * size ? n.toExponential(1) : `${(n / size).toFixed(1)}${unit}`;
  return String(n);
}

/** The active model's totals in the status bar; a click opens the summary. */
export class ModelStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("cnnDesigner.status", vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly models: ModelService) {
    this.item.name = "CNN Designer: model totals";
    this.item.command = "cnnDesigner.showSummary";
    this.subscriptions = [
      this.item,
      onDidChangeActiveModel(() => this.update()),
      models.onDidChange((doc) => doc === activeModelDocument() && this.update()),
    ];
    this.update();
  }

  /** Shows the active editor's model, or hides the item when it is not a model. */
  update(): void {
    const doc = activeModelDocument();
    if (!doc) {
      this.item.hide();
      return;
    }
    const a = this.models.analysis(doc);
    const errors = a.diagnostics.filter((d) => d.severity === "error").length;
    const totals = a.totals;
    const params = `${totals.complete ? "" : "≥ "}${t("{0} params", shortCount(totals.params))}`;
    this.item.text = `${errors ? `$(error) ${errors} · ` : "$(layers) "}${params} · ${t("{0} MACs", shortCount(totals.macs))}`;
    this.item.tooltip = t(
      "{0}: {1} parameters ({2} trainable, {3} non-trainable), {4} MACs per sample. Click for the summary.",
      a.name ?? t("model"),
      count(totals.params),
      count(totals.trainableParams),
      count(totals.nonTrainableParams),
      count(totals.macs),
    );
    this.item.command = { title: t("Show Model Summary"), command: "cnnDesigner.showSummary", arguments: [doc.uri] };
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

import * as vscode from "vscode";
import { layerDetails, layerSpec } from "../core";
import { layerAt, layerRange, type ModelService } from "./modelService";

/** A hover over a layer shows its full row: shape, parameters (trainable / non-trainable), MACs and memory. */
export class LayerHover implements vscode.HoverProvider {
  constructor(private readonly models: ModelService) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const a = this.models.analysis(doc);
    const layer = layerAt(doc, a, position);
    if (!layer) return undefined;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${layer.name}** (${layer.type || "?"})`);
    const doc1 = layerSpec(layer.type)?.doc;
    if (doc1) md.appendMarkdown(` — ${doc1}`);
    md.appendMarkdown("\n\n| | |\n|---|---|\n");
    for (const [label, value] of layerDetails(layer)) md.appendMarkdown(`| ${label} | ${value.replace(/\|/g, "\\|")} |\n`);
    return new vscode.Hover(md, layerRange(doc, layer));
  }
}

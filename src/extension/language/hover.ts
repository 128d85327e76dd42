import * as vscode from "vscode";
import { layerDetails, layerSpec } from "../../core";
import { layerAt, layerRange, type ModelService } from "../modelService";
import { markdownText, plainMarkdown } from "../plainText";
import { catalogue } from "../messages";

/** A hover over a layer shows its full row: shape, parameters (trainable / non-trainable), MACs and memory. */
export class LayerHover implements vscode.HoverProvider {
  constructor(private readonly models: ModelService) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const a = this.models.analysis(doc);
    const layer = layerAt(doc, a, position);
    if (!layer) return undefined;
    // Names, types and inputs are the user's: escaped, so that none of them is markup (a link, an image).
    const md = plainMarkdown();
    md.appendMarkdown(`**${markdownText(layer.name)}** (${markdownText(layer.type || "?")})`);
    const doc1 = layerSpec(layer.type)?.doc;
    if (doc1) md.appendMarkdown(` — ${doc1}`);
    md.appendMarkdown("\n\n| | |\n|---|---|\n");
    for (const [label, value] of layerDetails(layer, catalogue)) md.appendMarkdown(`| ${label} | ${markdownText(value)} |\n`);
    return new vscode.Hover(md, layerRange(doc, layer));
  }
}

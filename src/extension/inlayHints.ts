import * as vscode from "vscode";
import { layerLine } from "../core";
import type { ModelService } from "./modelService";

/** The setting that turns the shape hints on and off. */
export const inlayHintsSetting = "cnnDesigner.inlayHints.enabled";

/** After each layer object: its output shape and parameter count, `→ (None, 26, 26, 128) · 147,584 params`. */
export class ShapeHints implements vscode.InlayHintsProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];

  readonly onDidChangeInlayHints = this.emitter.event;

  constructor(private readonly models: ModelService) {
    this.subscriptions = [
      this.emitter,
      models.onDidChange(() => this.emitter.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(inlayHintsSetting) && this.emitter.fire()),
    ];
  }

  provideInlayHints(doc: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    if (!vscode.workspace.getConfiguration().get<boolean>(inlayHintsSetting, true)) return [];
    const hints: vscode.InlayHint[] = [];
    const text = doc.getText();
    for (const layer of this.models.analysis(doc).layers) {
      if (!layer.range) continue;
      // After the layer's comma, if one follows on the same line, so that the hint ends the line.
      let offset = layer.range.offset + layer.range.length;
      const after = /^[ \t]*,/.exec(text.slice(offset, offset + 80));
      if (after) offset += after[0].length;
      const end = doc.positionAt(offset);
      if (!range.contains(end)) continue;
      const hint = new vscode.InlayHint(end, `→ ${layerLine(layer)}`, vscode.InlayHintKind.Type);
      hint.paddingLeft = true;
      hint.tooltip = `${layer.name} (${layer.type})`;
      hints.push(hint);
    }
    return hints;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

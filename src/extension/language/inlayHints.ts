import * as vscode from "vscode";
import { layerLine } from "../../core";
import { t } from "../l10n";
import type { ModelService } from "../modelService";
import { catalogue } from "../messages";

/** The setting that turns the shape hints on and off. */
export const inlayHintsSetting = "cnnDesigner.inlayHints.enabled";
/** The setting that places them: after each layer (inlay hints) or above it (code lenses, always in view). */
export const hintPlacementSetting = "cnnDesigner.inlayHints.placement";

/** Where the shape hints go; `undefined` when they are off. */
function placement(): "endOfLine" | "aboveLayer" | undefined {
  const config = vscode.workspace.getConfiguration();
  if (!config.get<boolean>(inlayHintsSetting, true)) return undefined;
  return config.get<string>(hintPlacementSetting) === "aboveLayer" ? "aboveLayer" : "endOfLine";
}

/**
 * Each layer's output shape and parameter count, `→ (None, 26, 26, 128) · 147,584 params`: after the layer object
 * as an inlay hint (the placement `endOfLine`), or above it as a code lens (`aboveLayer`: in view however long the
 * layer's line is; the lens is text, a click does nothing). One source for both providers, refreshed when the
 * models are analysed again or either setting changes.
 */
export class ShapeHints implements vscode.InlayHintsProvider, vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];

  readonly onDidChangeInlayHints = this.emitter.event;
  readonly onDidChangeCodeLenses = this.emitter.event;

  constructor(private readonly models: ModelService) {
    this.subscriptions = [
      this.emitter,
      models.onDidChange(() => this.emitter.fire()),
      vscode.workspace.onDidChangeConfiguration(
        (e) => (e.affectsConfiguration(inlayHintsSetting) || e.affectsConfiguration(hintPlacementSetting)) && this.emitter.fire(),
      ),
    ];
  }

  provideInlayHints(doc: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    if (placement() !== "endOfLine") return [];
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
      const hint = new vscode.InlayHint(end, `→ ${layerLine(layer, catalogue)}`, vscode.InlayHintKind.Type);
      hint.paddingLeft = true;
      hint.tooltip = `${layer.name} (${layer.type})`;
      hints.push(hint);
    }
    return hints;
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (placement() !== "aboveLayer") return [];
    return this.models.analysis(doc).layers.flatMap((layer) => {
      if (!layer.range) return [];
      const at = doc.positionAt(layer.range.offset);
      return [
        new vscode.CodeLens(new vscode.Range(at, at), {
          title: `${layer.name} → ${layerLine(layer, catalogue)}`,
          tooltip: t("{0} ({1}): output shape and parameters", layer.name, layer.type),
          // A title without an action (VS Code shows a lens with an empty command as text).
          command: "",
        }),
      ];
    });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

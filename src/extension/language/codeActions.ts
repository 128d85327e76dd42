import * as vscode from "vscode";
import {
  formatCount,
  insertBefore,
  fittingWindow,
  layerSpec,
  poolingSwapsOf,
  renameKey,
  replaceValue,
  setLayerProperty,
  type Analysis,
  type Diagnostic,
  type LayerType,
  type TextEdit,
} from "../../core";
import { layerAt, type ModelService } from "../modelService";

/** Quick fixes for the common mistakes, and the Flatten ↔ global pooling refactoring with its parameter change. */
export class ModelCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite];

  constructor(private readonly models: ModelService) {}

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range): vscode.CodeAction[] {
    const text = doc.getText();
    const a = this.models.analysis(doc);
    const start = doc.offsetAt(range.start);
    const end = doc.offsetAt(range.end);
    const actions: vscode.CodeAction[] = [];
    for (const d of a.diagnostics) {
      if (d.offset > end || d.offset + d.length < start) continue;
      for (const [title, edits, preferred] of fixesFor(text, a, d))
        actions.push(this.action(doc, title, edits, vscode.CodeActionKind.QuickFix, d, preferred));
    }
    const layer = layerAt(doc, a, range.start, true);
    for (const swap of layer ? poolingSwapsOf(text, layer.index, a) : []) {
      const title = `Replace ${layer!.type} with ${swap.target} (${formatCount(swap.paramsBefore)} → ${formatCount(swap.paramsAfter)} params)`;
      actions.push(this.action(doc, title, swap.edits, vscode.CodeActionKind.RefactorRewrite));
    }
    return actions;
  }

  private action(
    doc: vscode.TextDocument,
    title: string,
    edits: readonly TextEdit[],
    kind: vscode.CodeActionKind,
    d?: Diagnostic,
    preferred = false,
  ): vscode.CodeAction {
    const action = new vscode.CodeAction(title, kind);
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.text);
    action.edit = edit;
    action.isPreferred = preferred;
    if (d) {
      const vs = new vscode.Diagnostic(new vscode.Range(doc.positionAt(d.offset), doc.positionAt(d.offset + d.length)), d.message);
      vs.code = d.code;
      action.diagnostics = [vs];
    }
    return action;
  }
}

type Fix = [title: string, edits: readonly TextEdit[], preferred: boolean];

/** The fixes for one diagnostic, as edits of the current text. */
export function fixesFor(text: string, a: Analysis, d: Diagnostic): Fix[] {
  const layer = d.layerIndex === undefined ? undefined : a.layers[d.layerIndex];
  const fixes: Fix[] = [];
  const add = (title: string, edits: readonly TextEdit[] | undefined, preferred = false) => edits && fixes.push([title, edits, preferred]);
  const path = d.path;
  if (d.suggestion && path) {
    const isKey = d.code === "unknown-parameter" || d.code === "unknown-property";
    add(`Change to '${d.suggestion}'`, isKey ? renameKey(text, path, d.suggestion) : replaceValue(text, path, d.suggestion), true);
  }
  if (d.code === "dense-rank" && layer) {
    const rank = (a.layers.find((l) => l.name === layer.inputs[0])?.outputShape?.length ?? 4) - 2;
    for (const type of ["Flatten", `GlobalAveragePooling${Math.max(1, Math.min(2, rank))}D`] as LayerType[])
      add(`Insert ${type} before ${layer.name}`, insertBefore(text, a.layers, layer.index, type), type === "Flatten");
  }
  if (d.code === "shape-collapse" && layer && layerSpec(layer.type)?.params.padding) {
    add(`Use padding 'same' in ${layer.name}`, setLayerProperty(text, layer.index, "padding", "same"), true);
    const fit = fittingWindow(text, a, d);
    if (fit) add(`Reduce ${fit.key} of ${layer.name} to ${fit.sizes.join("×")}`, setLayerProperty(text, layer.index, fit.key, fit.value));
  }
  return fixes;
}

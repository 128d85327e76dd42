import * as vscode from "vscode";
import { ModelCodeActions } from "./codeActions";
import { registerCommands } from "./commands";
import { DesignerProvider, designerViewType, handleDesignerMessage } from "./designer";
import { DiagnosticsPublisher } from "./diagnostics";
import { LayerHover } from "./hover";
import { ShapeHints } from "./inlayHints";
import { ModelService } from "./modelService";
import { PaletteView, paletteViewId } from "./paletteView";
import { ModelStatus } from "./statusBar";
import { SummaryTree } from "./summaryTree";

/** Model files, whichever language mode they are in. */
const selector: vscode.DocumentSelector = [{ pattern: "**/*.cnn.json" }];

/** What tests and other extensions can reach once activated. */
export interface CnnDesignerApi {
  readonly models: ModelService;
  readonly problems: DiagnosticsPublisher;
  readonly tree: SummaryTree;
  /** The designer's message handling, for the integration suite. */
  readonly handleDesignerMessage: typeof handleDesignerMessage;
  /** Milliseconds spent evaluating the bundle and in `activate`. */
  readonly activation: { readonly loadMs: number | null; readonly activateMs: number };
}

/** Activates CNN Designer: diagnostics, inlay hints, hovers, quick fixes, the status bar, the sidebar and commands. */
export function activate(context: vscode.ExtensionContext): CnnDesignerApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel("CNN Designer");
  const models = new ModelService();
  const problems = new DiagnosticsPublisher(models);
  const hints = new ShapeHints(models);
  const tree = new SummaryTree(models);
  const designer = new DesignerProvider(context.extensionUri, models);
  context.subscriptions.push(
    output,
    models,
    problems,
    hints,
    tree,
    new ModelStatus(models),
    vscode.languages.registerInlayHintsProvider(selector, hints),
    vscode.languages.registerHoverProvider(selector, new LayerHover(models)),
    vscode.languages.registerCodeActionsProvider(selector, new ModelCodeActions(models), {
      providedCodeActionKinds: ModelCodeActions.kinds,
    }),
    vscode.window.createTreeView("cnnDesigner.summary", { treeDataProvider: tree, showCollapseAll: false }),
    vscode.window.registerCustomEditorProvider(designerViewType, designer),
    vscode.window.registerWebviewViewProvider(paletteViewId, new PaletteView(context.extensionUri, designer)),
    vscode.commands.registerCommand("cnnDesigner.openInDesigner", (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      return target && vscode.commands.executeCommand("vscode.openWith", target, designerViewType);
    }),
    vscode.commands.registerCommand("cnnDesigner.openAsJson", (uri?: vscode.Uri) => {
      const target = uri ?? activeDesignerUri();
      return target && vscode.commands.executeCommand("vscode.openWith", target, "default");
    }),
  );
  registerCommands(context, models, problems, output);
  // Workspace model files get their diagnostics without being opened, once the window has settled.
  setTimeout(() => void problems.checkWorkspace(), 500);
  const activateMs = performance.now() - started;
  const marks = (globalThis as { __cnnDesignerLoad?: number[] }).__cnnDesignerLoad;
  const loadMs = marks?.length === 2 ? marks[1] - marks[0] : null;
  output.appendLine(`CNN Designer activated in ${activateMs.toFixed(1)} ms (bundle loaded in ${loadMs?.toFixed(1) ?? "?"} ms)`);
  return { models, problems, tree, handleDesignerMessage, activation: { loadMs, activateMs } };
}

/** The model open in the active designer tab, if any. */
function activeDesignerUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom && input.viewType === designerViewType ? input.uri : undefined;
}

/** Everything is released through the extension context's subscriptions. */
export function deactivate(): void {}

import { registerDiffDocuments } from "./compareModels";
import * as vscode from "vscode";
import { useLanguage } from "./messages";
import { ModelCodeActions } from "./language/codeActions";
import { registerCommands, type Services } from "./commandTable";
import { DesignerProvider, designerViewType, handleDesignerMessage } from "./webviews/designer/provider";
import { DiagnosticsPublisher } from "./language/diagnostics";
import { LayerHover } from "./language/hover";
import { ShapeHints } from "./language/inlayHints";
import { detectedGpuKey, ModelService, type DetectedGpu } from "./modelService";
import { PaletteView, paletteViewId } from "./webviews/palette/view";
import { ModelStatus } from "./language/statusBar";
import { SummaryTree } from "./language/summaryTree";
import { ChartsPanel } from "./webviews/charts/panel";
import { LiveRuns } from "./training/liveRuns";
import { RunsView } from "./training/runsView";
import { TrainingController } from "./training/controller";

/** Model files, whichever language mode they are in. */
const selector: vscode.DocumentSelector = [{ pattern: "**/*.cnn.json" }];

/** What tests and other extensions can reach once activated. */
export interface CnnDesignerApi {
  readonly models: ModelService;
  readonly problems: DiagnosticsPublisher;
  readonly tree: SummaryTree;
  /** The designer's message handling, for the integration suite. */
  readonly handleDesignerMessage: typeof handleDesignerMessage;
  /** Training runs, the Runs view and the charts. */
  readonly training: TrainingController;
  readonly runs: RunsView;
  readonly charts: ChartsPanel;
  /** Milliseconds spent evaluating the bundle and in `activate`. */
  readonly activation: { readonly loadMs: number | null; readonly activateMs: number };
}

/** The model's services: its analyses, their views and the designer. */
function createModelServices(context: vscode.ExtensionContext) {
  const output = vscode.window.createOutputChannel("CNN Designer");
  const models = new ModelService();
  // The GPU the last Check Training Environment found sizes training where cnnDesigner.deviceMemoryGB is not set.
  models.useDetectedGpu(context.globalState.get<DetectedGpu>(detectedGpuKey));
  const problems = new DiagnosticsPublisher(models);
  const hints = new ShapeHints(models);
  const tree = new SummaryTree(models);
  const designer = new DesignerProvider(context.extensionUri, models);
  context.subscriptions.push(output, models, problems, hints, tree);
  return { context, output, models, problems, hints, tree, designer };
}

/** Registers the language features, views and editors on model files (first: a model may be opening already). */
function registerProviders({ context, models, designer, hints, tree }: ReturnType<typeof createModelServices>): void {
  context.subscriptions.push(
    new ModelStatus(models),
    vscode.languages.registerInlayHintsProvider(selector, hints),
    vscode.languages.registerCodeLensProvider(selector, hints),
    vscode.languages.registerHoverProvider(selector, new LayerHover(models)),
    vscode.languages.registerCodeActionsProvider(selector, new ModelCodeActions(models), {
      providedCodeActionKinds: ModelCodeActions.kinds,
    }),
    vscode.window.createTreeView("cnnDesigner.summary", { treeDataProvider: tree, showCollapseAll: false }),
    vscode.window.registerCustomEditorProvider(designerViewType, designer),
    vscode.window.registerWebviewViewProvider(paletteViewId, new PaletteView(context.extensionUri, designer)),
  );
}

/** Training's services: the controller, the live runs, the Runs view and the charts. */
function createTrainingServices(context: vscode.ExtensionContext, designer: DesignerProvider) {
  const training = new TrainingController(context);
  const runs = new RunsView(training.onDidUpdate);
  const live = new LiveRuns(training.onDidUpdate);
  const charts = new ChartsPanel(context.extensionUri, live);
  const runsTree = vscode.window.createTreeView("cnnDesigner.runs", { treeDataProvider: runs });
  runs.attach(runsTree);
  context.subscriptions.push(designer.followTraining(live), training, live, runs, charts, runsTree);
  return { training, runs, charts };
}

/** Activates CNN Designer: diagnostics, inlay hints, hovers, quick fixes, the status bar, the sidebar and commands. */
export function activate(context: vscode.ExtensionContext): CnnDesignerApi {
  const started = performance.now();
  // The core's messages (diagnostics, refusals) in VS Code's display language.
  useLanguage(vscode.env.language);
  const model = createModelServices(context);
  registerProviders(model);
  const trainingServices = createTrainingServices(context, model.designer);
  const services: Services = { ...model, ...trainingServices };
  registerCommands(services);
  registerDiffDocuments(context);
  const { models, problems, tree, output } = model;
  const { training, runs, charts } = trainingServices;
  // Workspace model files get their diagnostics without being opened, once the window has settled.
  setTimeout(() => void problems.checkWorkspace(), 500);
  const activateMs = performance.now() - started;
  const marks = (globalThis as { __cnnDesignerLoad?: number[] }).__cnnDesignerLoad;
  const loadMs = marks?.length === 2 ? marks[1] - marks[0] : null;
  output.appendLine(`CNN Designer activated in ${activateMs.toFixed(1)} ms (bundle loaded in ${loadMs?.toFixed(1) ?? "?"} ms)`);
  return { models, problems, tree, handleDesignerMessage, training, runs, charts, activation: { loadMs, activateMs } };
}

/** Everything is released through the extension context's subscriptions. */
export function deactivate(): void {}

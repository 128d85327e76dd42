import * as vscode from "vscode";
import { analyze, runsFolderName, type Analysis, type LayerInfo } from "../core";
import { catalogue } from "./messages";
import { t } from "./l10n";
import { notify } from "./plainText";

/** Whether a file is a CNN Designer model file (`*.cnn.json`): the only files the extension ever analyses. */
export function isModelUri(uri: vscode.Uri): boolean {
  return uri.path.endsWith(".cnn.json");
}

/** Whether a document is a CNN Designer model file. */
export function isModelDocument(doc: vscode.TextDocument): boolean {
  return isModelUri(doc.uri);
}

/** Whether a model file is a training run's snapshot (`.cnn-runs/…/model.cnn.json`), a record rather than a model to check. */
export function isRunSnapshot(uri: vscode.Uri): boolean {
  return uri.path.split("/").includes(runsFolderName);
}

/**
 * The model of the active editor tab: a text editor or the designer (any custom editor over a model file),
 * while that document is open. `undefined` when the active tab shows something else.
 */
export function activeModelDocument(): vscode.TextDocument | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined;
  if (!uri || !isModelUri(uri)) return undefined;
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
}

/** Fires when the active editor tab may show another model (text editor or designer). */
export function onDidChangeActiveModel(listener: () => void): vscode.Disposable {
  const a = vscode.window.onDidChangeActiveTextEditor(listener);
  const b = vscode.window.tabGroups.onDidChangeTabs(listener);
  const c = vscode.window.tabGroups.onDidChangeTabGroups(listener);
  // A model opened in the designer may become a document only after its tab is active.
  const d = vscode.workspace.onDidOpenTextDocument((doc) => isModelDocument(doc) && listener());
  return vscode.Disposable.from(a, b, c, d);
}

/** Where a layer's object lies in a document. */
export function layerRange(doc: vscode.TextDocument, layer: LayerInfo): vscode.Range | undefined {
  return layer.range && new vscode.Range(doc.positionAt(layer.range.offset), doc.positionAt(layer.range.offset + layer.range.length));
}

/**
 * The layer whose object contains `position`; with `sameLine`, else the last layer that starts on the
 * position's line (a cursor at the end of `{ "type": "Flatten" },` still means that layer).
 */
export function layerAt(doc: vscode.TextDocument, a: Analysis, position: vscode.Position, sameLine = false): LayerInfo | undefined {
  const offset = doc.offsetAt(position);
  const inside = a.layers.find((l) => l.range && l.range.offset <= offset && offset <= l.range.offset + l.range.length);
  if (inside || !sameLine) return inside;
  return [...a.layers].reverse().find((l) => l.range && doc.positionAt(l.range.offset).line === position.line);
}

/**
 * The model a command acts on: `uri`'s open document, else the active tab's model (designer or text editor); when
 * there is none, the user is told to open one. One resolver for every command.
 */
export function commandModel(uri?: unknown): vscode.TextDocument | undefined {
  const doc =
    uri instanceof vscode.Uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : activeModelDocument();
  if (!doc) void notify.info(t("Open a *.cnn.json model first."));
  return doc;
}

/** A GPU the environment check found: its name and memory. */
export interface DetectedGpu {
  readonly name: string;
  readonly memoryBytes: number;
}

/** Where the extension's global state keeps the GPU the last environment check found. */
export const detectedGpuKey = "cnnDesigner.detectedGpu";

/** The GPU the last environment check found (kept in the extension's global state), for deviceMemory(). */
let detectedGpu: DetectedGpu | undefined;

/**
 * The device memory analyses size training against: the `cnnDesigner.deviceMemoryGB` setting in bytes, else the
 * memory of the GPU the environment check found; undefined when neither is there (the setting null, 0 or not a number).
 */
export function deviceMemory(): number | undefined {
  const gb = vscode.workspace.getConfiguration("cnnDesigner").get<unknown>("deviceMemoryGB");
  if (typeof gb === "number" && Number.isFinite(gb) && gb > 0) return Math.round(gb * 1024 ** 3);
  return detectedGpu?.memoryBytes;
}

/**
 * Analyses open model documents on demand (cached per document version) and tells listeners, debounced,
 * when a model's analysis has changed while the user types.
 */
export class ModelService implements vscode.Disposable {
  private readonly cache = new Map<string, { version: number; analysis: Analysis }>();
  /** The analysis of the text each document's edit on its way will give it. */
  private readonly foreseen = new Map<string, { text: string; analysis: Analysis }>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly emitter = new vscode.EventEmitter<vscode.TextDocument>();
  private readonly subscriptions: vscode.Disposable[];

  /** Fires (debounced) after a model document changed or opened. */
  readonly onDidChange = this.emitter.event;

  /** Sizes training against `gpu`'s memory where the setting is not set (null: no GPU), and re-analyses. */
  useDetectedGpu(gpu: DetectedGpu | null | undefined): void {
    const valid = gpu && typeof gpu.name === "string" && Number.isFinite(gpu.memoryBytes) && gpu.memoryBytes > 0;
    detectedGpu = valid ? { name: gpu.name, memoryBytes: gpu.memoryBytes } : undefined;
    this.reanalyseAll();
  }

  /** Every open model again (the device memory changed). */
  private reanalyseAll(): void {
    this.cache.clear();
    for (const d of vscode.workspace.textDocuments) if (isModelDocument(d)) this.emitter.fire(d);
  }

  constructor(private readonly delayMs = 150) {
    this.subscriptions = [
      this.emitter,
      // The device memory the analyses size training against: every open model again.
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration("cnnDesigner.deviceMemoryGB")) this.reanalyseAll();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        // Every document closes through here (settings.json, notes.txt …): only model files are ours.
        if (!isModelDocument(d)) return;
        this.cache.delete(d.uri.toString());
        this.foreseen.delete(d.uri.toString());
        this.emitter.fire(d);
      }),
    ];
  }

  /** The analysis of a model document's current text. */
  analysis(doc: vscode.TextDocument): Analysis {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return hit.analysis;
    const text = doc.getText();
    const foreseen = this.foreseen.get(key);
    this.foreseen.delete(key);
    const analysis =
      foreseen?.text === text ? foreseen.analysis : analyze(text, { layerRanges: true, catalogue, deviceMemoryBytes: deviceMemory() });
    this.cache.set(key, { version: doc.version, analysis });
    return analysis;
  }

  /**
   * The analysis of the text a document is about to have (an edit on its way): kept, so that the document's
   * analysis once the edit lands is not computed twice.
   */
  foresee(doc: vscode.TextDocument, text: string): Analysis {
    const analysis = analyze(text, { layerRanges: true, catalogue, deviceMemoryBytes: deviceMemory() });
    this.foreseen.set(doc.uri.toString(), { text, analysis });
    return analysis;
  }

  private schedule(doc: vscode.TextDocument, delay = this.delayMs): void {
    if (!isModelDocument(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.emitter.fire(doc);
      }, delay),
    );
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
  }
}

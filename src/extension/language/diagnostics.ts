import * as vscode from "vscode";
import { analyze, LineIndex, msg, runsFolderName, type Analysis, type Diagnostic } from "../../core";
import { catalogue, describe } from "../messages";
import { readUserTextFile } from "../userFiles";
import { isModelDocument, isModelUri, isRunSnapshot, type ModelService } from "../modelService";

const severities = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;

/** Converts the engine's diagnostics of the file at `uri` to VS Code's, given a way from offsets to positions. */
export function toVsDiagnostics(
  diagnostics: readonly Diagnostic[],
  positionAt: (offset: number) => vscode.Position,
  uri: vscode.Uri,
): vscode.Diagnostic[] {
  const range = (r: { offset: number; length: number }) => new vscode.Range(positionAt(r.offset), positionAt(r.offset + r.length));
  return diagnostics.map((d) => {
    const v = new vscode.Diagnostic(range(d), d.message, severities[d.severity]);
    v.source = "CNN Designer";
    v.code = d.code;
    if (d.related)
      v.relatedInformation = d.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, range(r)), r.message));
    return v;
  });
}

/** Offsets to positions in a text that is not open in an editor. */
function positions(text: string): (offset: number) => vscode.Position {
  const index = new LineIndex(text);
  return (offset) => {
    const p = index.positionAt(offset);
    return new vscode.Position(p.line - 1, p.column - 1);
  };
}

/**
 * Keeps the Problems view in step with every model file: open documents as the user types (debounced),
 * and the workspace's other model files from disk, watched for changes.
 */
export class DiagnosticsPublisher implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection("cnnDesigner");
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly models: ModelService) {
    this.subscriptions.push(
      this.collection,
      models.onDidChange((doc) => (doc.isClosed ? void this.checkFile(doc.uri) : this.publish(doc))),
    );
    for (const doc of vscode.workspace.textDocuments) if (isModelDocument(doc)) this.publish(doc);
    const watcher = vscode.workspace.createFileSystemWatcher("**/*.cnn.json");
    this.subscriptions.push(
      watcher,
      watcher.onDidCreate((uri) => void this.checkFile(uri)),
      watcher.onDidChange((uri) => void this.checkFile(uri)),
      watcher.onDidDelete((uri) => this.collection.delete(uri)),
    );
  }

  /** Publishes an open document's diagnostics. */
  publish(doc: vscode.TextDocument): Analysis {
    const a = this.models.analysis(doc);
    // An open JSON document's syntax errors are VS Code's JSON service's to report: one diagnostic per problem.
    const json = doc.languageId === "json" || doc.languageId === "jsonc";
    const shown = json ? a.diagnostics.filter((d) => d.code !== "syntax") : a.diagnostics;
    this.collection.set(
      doc.uri,
      toVsDiagnostics(shown, (o) => doc.positionAt(o), doc.uri),
    );
    return a;
  }

  /** Checks a model file: from its open document if there is one, else from disk. */
  async checkFile(uri: vscode.Uri): Promise<readonly Diagnostic[]> {
    // Only model files are analysed; a run's snapshot is a record of what was trained, never marked.
    if (!isModelUri(uri) || isRunSnapshot(uri)) return [];
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return this.publish(open).diagnostics;
    const read = await readUserTextFile(uri);
    if (!read.ok) {
      // A model file that cannot be read (a FIFO, UTF-16, too large) says why, at its start.
      const what = msg("document.cannotRead", { reason: read.message });
      const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), describe(what));
      d.source = "CNN Designer";
      d.code = "unreadable";
      this.collection.set(uri, [d]);
      return [{ severity: "error", code: "unreadable", message: d.message, ...what, offset: 0, length: 0 }];
    }
    const text = read.value;
    // Opened while the file was read (a file created and opened at once): the open document's account wins.
    const opened = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (opened) return this.publish(opened).diagnostics;
    const a = analyze(text, { catalogue });
    this.collection.set(uri, toVsDiagnostics(a.diagnostics, positions(text), uri));
    return a.diagnostics;
  }

  /** Checks every model file in the workspace; returns how many files, errors and warnings. */
  async checkWorkspace(): Promise<{ files: number; errors: number; warnings: number }> {
    // A run folder's model.cnn.json is a copy of what was trained, not a model to check.
    const uris = await vscode.workspace.findFiles("**/*.cnn.json", `{**/node_modules/**,**/${runsFolderName}/**}`);
    let errors = 0;
    let warnings = 0;
    for (const uri of uris) {
      const found = await this.checkFile(uri);
      errors += found.filter((d) => d.severity === "error").length;
      warnings += found.filter((d) => d.severity === "warning").length;
    }
    return { files: uris.length, errors, warnings };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

import * as vscode from "vscode";
import { analyze, formatSummary } from "../core";

/** Activates CNN Designer: registers its commands. */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel("CNN Designer");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("cnnDesigner.showSummary", () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !editor.document.fileName.endsWith(".cnn.json")) {
        void vscode.window.showInformationMessage("Open a *.cnn.json model to see its summary.");
        return;
      }
      const a = analyze(editor.document.getText());
      const title = a.name ?? editor.document.fileName.split(/[\\/]/).pop() ?? "model";
      output.appendLine(formatSummary(a, title));
      const errors = a.diagnostics.filter((d) => d.severity === "error");
      for (const d of errors) {
        const pos = editor.document.positionAt(d.offset);
        output.appendLine(`${editor.document.fileName}:${pos.line + 1}:${pos.character + 1}: error: ${d.message}`);
      }
      output.show(true);
    }),
  );
}

/** Nothing to release beyond the subscriptions. */
export function deactivate(): void {}

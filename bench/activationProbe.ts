/** Runs inside the extension host (as an `extensionTestsPath` module): reports the extension's activation times. */
import { writeFileSync } from "node:fs";
import * as vscode from "vscode";

/** Activates CNN Designer and writes its recorded load and activation times to `CNN_DESIGNER_BENCH_OUT`. */
export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<{ activation: { loadMs: number | null; activateMs: number } }>("cnn-designer.cnn-designer");
  if (!ext) throw new Error("CNN Designer is not installed");
  const api = await ext.activate();
  writeFileSync(process.env.CNN_DESIGNER_BENCH_OUT as string, JSON.stringify(api.activation));
}

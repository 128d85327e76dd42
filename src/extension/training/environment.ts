/**
 * CNN Designer: Check Training Environment — the same check as `cnn-designer doctor`, in a process of its own
 * (the extension host never loads a backend), with the interpreter, GPU and module folders a run would get: the
 * report goes to the Training output channel, and a notification says which backend a run would use. The GPU it
 * finds sizes the models' training memory where cnnDesigner.deviceMemoryGB is not set.
 */
import * as vscode from "vscode";
import type { EnvironmentReport } from "../../protocol/trainer";
import { checkTrainingEnvironment, formatEnvironment } from "../../runner/doctor";
import { activeModelDocument, detectedGpuKey, type ModelService } from "../modelService";
import { t } from "../l10n";
import { catalogue, describe } from "../messages";
import { notify } from "../plainText";
import { gpuModuleDir } from "./controller";
import { pytorchSettings } from "./python";

/** Runs the check and shows it; resolves with the report (undefined when the check itself failed). */
export async function showTrainingEnvironment(
  context: vscode.ExtensionContext,
  log: vscode.OutputChannel,
  models?: ModelService,
): Promise<EnvironmentReport | undefined> {
  const resource = activeModelDocument()?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const config = vscode.workspace.getConfiguration("cnnDesigner.training", resource);
  const modulePath = config.get<string>("modulePath", "");
  const torch = resource ? await pytorchSettings(resource) : {};
  const trainer = vscode.Uri.joinPath(context.extensionUri, "dist", "trainer.js").fsPath;
  try {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t("Checking the training environment…") },
      () => checkTrainingEnvironment(trainer, { ...torch, modulePaths: [...(modulePath ? [modulePath] : []), gpuModuleDir(context)] }),
    );
    log.appendLine("");
    for (const line of formatEnvironment(report, catalogue)) log.appendLine(line);
    // Its GPU's memory sizes training (will it fit) where cnnDesigner.deviceMemoryGB is not set; kept for next time.
    await context.globalState.update(detectedGpuKey, report.gpu ?? undefined);
    models?.useDetectedGpu(report.gpu);
    log.show(true);
    const chosen = report.backends.find((b) => b.backend === report.chosen);
    void notify.info(
      chosen
        ? t("A run trains on {0}: {1}. The report is in the output channel.", chosen.backend, describe(chosen.detail))
        : t("No training backend works here."),
    );
    return report;
  } catch (e) {
    void notify.error(t("The training environment check failed: {0}", (e as Error).message));
    return undefined;
  }
}

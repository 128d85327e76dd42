/**
 * Install GPU Backend: installs `@tensorflow/tfjs-node-gpu` (which downloads libtensorflow with CUDA support
 * when it installs) into the extension's global storage with npm, with progress, and says clearly why it
 * failed: no npm, no network, or a failed download. The trainer resolves the package from there.
 */
import * as vscode from "vscode";
import { gpuPackage, installFailure, installGpuPackage, tfjsVersion } from "./gpuInstall";
import { t } from "../l10n";
import { notificationText, notify } from "../plainText";

/** The command: install with progress into `dir`, logging npm's output to `log`. */
export async function installGpuBackend(dir: string, log: vscode.OutputChannel): Promise<boolean> {
  log.show(true);
  log.appendLine(`Installing ${gpuPackage}@${tfjsVersion} into ${dir}`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t("Installing the GPU backend (tfjs-node-gpu)") },
    (progress) =>
      installGpuPackage(dir, (line) => {
        log.appendLine(line);
        progress.report({ message: notificationText(line.slice(0, 80)) });
      }),
  );
  const why = installFailure(result);
  if (!why) {
    void notify.info(t("GPU backend installed. The next training run uses it when it finds a CUDA GPU; the log says which backend ran."));
    return true;
  }
  log.appendLine(`Install failed: ${why}`);
  void notify.error(t("Installing the GPU backend failed: {0}.", why), t("Show Log")).then((a) => a && log.show());
  return false;
}

/**
 * Install GPU Backend: installs `@tensorflow/tfjs-node-gpu` (which downloads libtensorflow with CUDA support
 * when it installs) into the extension's global storage with npm, with progress, and says clearly why it
 * failed: no npm, no network, or a failed download. The trainer resolves the package from there.
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";

/** The version installed: the tfjs release the trainer bundles. */
export const tfjsVersion = "4.22.0";

/** Runs `npm install` of tfjs-node-gpu into `dir`; resolves with npm's exit code and its last output lines. */
export function npmInstall(dir: string, onLine: (line: string) => void, npm = process.platform === "win32" ? "npm.cmd" : "npm") {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, "package.json")))
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "cnn-designer-gpu-backend", private: true }));
  return new Promise<{ code: number | null; tail: string[]; spawnError?: string }>((resolve) => {
    const tail: string[] = [];
    const child = spawn(npm, ["install", "--no-audit", "--no-fund", "--foreground-scripts", `@tensorflow/tfjs-node-gpu@${tfjsVersion}`], {
      cwd: dir,
      shell: false,
    });
    const take = (b: Buffer) => {
      for (const line of b
        .toString()
        .split(/\r?\n/)
        .filter((l) => l.trim())) {
        tail.push(line);
        if (tail.length > 15) tail.shift();
        onLine(line);
      }
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", (e) =>
      resolve({ code: null, tail, spawnError: (e as NodeJS.ErrnoException).code === "ENOENT" ? "npm was not found on PATH" : e.message }),
    );
    child.on("close", (code) => resolve({ code, tail }));
  });
}

/** Explains a failed install in one sentence. */
export function installFailure(result: { code: number | null; tail: string[]; spawnError?: string }): string {
  if (result.spawnError) return `${result.spawnError}; install Node.js (with npm) and try again`;
  const text = result.tail.join("\n");
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo/.test(text))
    return "the network is unreachable: npm (and the libtensorflow download it triggers) needs internet access";
  if (/libtensorflow|storage\.googleapis|download/i.test(text)) return "downloading libtensorflow (with CUDA) failed";
  return `npm install exited with code ${result.code}`;
}

/** The command: install with progress into `dir`, logging npm's output to `log`. */
export async function installGpuBackend(dir: string, log: vscode.LogOutputChannel): Promise<boolean> {
  log.show(true);
  log.info(`Installing @tensorflow/tfjs-node-gpu@${tfjsVersion} into ${dir}`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: "Installing the GPU backend (tfjs-node-gpu)" },
    (progress) =>
      npmInstall(dir, (line) => {
        log.info(line);
        progress.report({ message: line.slice(0, 80) });
      }),
  );
  if (result.code === 0) {
    void vscode.window.showInformationMessage(
      "GPU backend installed. The next training run uses it when a CUDA GPU (with the CUDA and cuDNN versions tfjs-node-gpu needs) is present; the log says which backend ran.",
    );
    return true;
  }
  const why = installFailure(result);
  log.error(`Install failed: ${why}`);
  void vscode.window.showErrorMessage(`Installing the GPU backend failed: ${why}.`, "Show Log").then((a) => a && log.show());
  return false;
}

/**
 * Installing `@tensorflow/tfjs-node-gpu` into a folder with npm (no shell), then checking that it loads; and
 * saying in one sentence why it failed. No vscode here: tested in plain Node with stand-in npm executables.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { makeFolders, writeFileAtomic } from "../../node/files";
import { join } from "node:path";
import { OutputTail } from "../../runner/outputTail";

/** The version installed: the tfjs release the trainer bundles. */
export const tfjsVersion = "4.22.0";

/** The package installed. */
export const gpuPackage = "@tensorflow/tfjs-node-gpu";

/** What an install run printed and how it ended. */
export interface InstallResult {
  readonly code: number | null;
  readonly tail: readonly string[];
  readonly spawnError?: string;
  /** Set when npm succeeded but the package does not load (no libtensorflow, no CUDA libraries). */
  readonly loadError?: string;
}

/**
 * How to start `command`: directly, without a shell — except a Windows batch file (npm.cmd), which Node refuses to
 * start so since its 2024 security fix: that goes through cmd.exe as Node's own `shell: true` would, with our
 * fixed arguments only.
 */
export function spawnPlan(command: string, args: readonly string[], platform: NodeJS.Platform, comSpec = "cmd.exe") {
  if (platform === "win32" && /\.(cmd|bat)$/i.test(command))
    return { file: comSpec, args: ["/d", "/s", "/c", `"${[command, ...args].join(" ")}"`], windowsVerbatimArguments: true };
  return { file: command, args: [...args], windowsVerbatimArguments: false };
}

/** Runs a command without a shell; resolves with its exit code and last lines. */
function run(command: string, args: string[], cwd: string, onLine: (line: string) => void, env?: NodeJS.ProcessEnv) {
  return new Promise<InstallResult>((resolve) => {
    const output = new OutputTail(15, onLine);
    const plan = spawnPlan(command, args, process.platform, process.env.ComSpec);
    const child = spawn(plan.file, plan.args, {
      cwd,
      shell: false,
      env: env ?? process.env,
      windowsVerbatimArguments: plan.windowsVerbatimArguments,
    });
    child.stdout.on("data", output.stream());
    child.stderr.on("data", output.stream());
    child.on("error", (e) =>
      resolve({
        code: null,
        tail: output.flush(),
        spawnError: (e as NodeJS.ErrnoException).code === "ENOENT" ? `${command} was not found` : e.message,
      }),
    );
    child.on("close", (code) => resolve({ code, tail: output.flush() }));
  });
}

/**
 * Installs tfjs-node-gpu into `dir` (its install script downloads libtensorflow with CUDA, so it is allowed to
 * run), then loads it in a separate Node process to check it works here.
 */
export async function installGpuPackage(
  dir: string,
  onLine: (line: string) => void,
  npm = process.platform === "win32" ? "npm.cmd" : "npm",
): Promise<InstallResult> {
  makeFolders(dir);
  if (!existsSync(join(dir, "package.json")))
    writeFileAtomic(
      join(dir, "package.json"),
      JSON.stringify({ name: "cnn-designer-gpu-backend", private: true, allowScripts: { [gpuPackage]: true } }),
    );
  // npm 11 runs a dependency's install script only when package.json's allowScripts names it (older npm always does).
  const args = ["install", "--no-audit", "--no-fund", "--foreground-scripts", `${gpuPackage}@${tfjsVersion}`];
  const installed = await run(npm, args, dir, onLine);
  if (installed.code !== 0) return installed;
  const check = `require(${JSON.stringify(join(dir, "node_modules", gpuPackage))})`;
  const loaded = await run(process.execPath, ["-e", check], dir, onLine, { ...process.env, ELECTRON_RUN_AS_NODE: "1" });
  if (loaded.code === 0) return installed;
  // Node prints the throwing line first, then "Error: …".
  const error = loaded.tail.find((l) => /^\s*\w*Error: /.test(l)) ?? loaded.tail.at(-1) ?? "it exited with an error";
  return { ...installed, loadError: error.trim() };
}

/** Explains a failed install in one sentence, or null when it worked. */
export function installFailure(result: InstallResult): string | null {
  if (result.spawnError) return `${result.spawnError}; install Node.js (with npm) and try again`;
  const text = result.tail.join("\n");
  if (result.code !== 0) {
    // tfjs-node-gpu's install script (scripts/install.js) downloads libtensorflow from Google's storage.
    if (/storage\.googleapis|scripts\/install\.js|libtensorflow/i.test(text))
      return /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET/.test(text)
        ? "downloading libtensorflow (with CUDA) failed: its server (storage.googleapis.com) cannot be reached from here"
        : "downloading libtensorflow (with CUDA) failed";
    if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|getaddrinfo/.test(text))
      return "the network is unreachable: npm needs the npm registry, and the package's install script the libtensorflow download";
    return `npm install exited with code ${result.code}`;
  }
  if (result.loadError)
    return `it installed but does not load (${result.loadError}); tfjs-node-gpu needs Linux or Windows x64 with CUDA 11.2 and cuDNN 8.1`;
  return null;
}

/**
 * The training environment check from the client side: runs `trainer.js --doctor` as a process of its own (the
 * CLI's `doctor`, VS Code's Check Training Environment; the extension host never loads a backend) and words its
 * report for a terminal or an output channel.
 */
import { fork } from "node:child_process";
import { byteSize, englishCatalogue, formatMessage, isMessage, msg, type Catalogue, type Message } from "../core";
import type { EnvironmentReport } from "../protocol/trainer";

/** What the check takes: the interpreter, the GPU and the folders with tfjs-node, as a run would get them. */
export interface DoctorOptions {
  readonly python?: string;
  readonly gpu?: number;
  readonly modulePaths?: readonly string[];
}

/** Runs the check (2 minutes at most: a first torch import on a cold disk is slow). */
export function checkTrainingEnvironment(trainerPath: string, options: DoctorOptions): Promise<EnvironmentReport> {
  return new Promise((resolve, reject) => {
    const child = fork(trainerPath, ["--doctor", JSON.stringify(options)], { stdio: ["ignore", "pipe", "pipe", "ipc"], timeout: 120_000 });
    let out = "";
    let err = "";
    child.stdout?.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr?.on("data", (c: Buffer) => (err += c.toString()));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      try {
        resolve(JSON.parse(out.trim().split("\n").at(-1) ?? "") as EnvironmentReport);
      } catch {
        const last = err.trim().split("\n").at(-1) ?? "";
        reject(
          new Error(`the environment check ${signal ? `was ended by ${signal}` : `exited with status ${code}`}${last ? `: ${last}` : ""}`),
        );
      }
    });
  });
}

/**
 * The report as `--json` prints it: its words (each backend's detail and fix, why nvidia-smi said nothing) in
 * English, as every `--json` document is.
 */
export function reportInEnglish(r: EnvironmentReport): unknown {
  const english = (m: Message) => formatMessage(m, englishCatalogue);
  return {
    ...r,
    backends: r.backends.map((b) => ({ ...b, detail: english(b.detail), fix: b.fix && english(b.fix) })),
    nvidiaSmi: isMessage(r.nvidiaSmi) ? english(r.nvidiaSmi) : r.nvidiaSmi,
  };
}

/**
 * The report as lines in the catalogue's language: each backend in the order runs try them, ✓ or ✗, what it runs
 * on or why not, and the fix (versions, paths and what libraries said as they are).
 */
export function formatEnvironment(r: EnvironmentReport, catalogue: Catalogue = englishCatalogue): string[] {
  const say = (m: Message) => formatMessage(m, catalogue);
  const width = Math.max(...r.backends.map((b) => b.backend.length));
  const lines = [say(msg("doctor.title"))];
  for (const b of r.backends) {
    lines.push(`${b.works ? "✓" : "✗"} ${b.backend.padEnd(width)}  ${say(b.detail)}`);
    if (b.fix) lines.push(`  ${" ".repeat(width)}  ${say(msg("doctor.fix", { fix: b.fix }))}`);
  }
  const smi = isMessage(r.nvidiaSmi) ? say(r.nvidiaSmi) : r.nvidiaSmi.length ? r.nvidiaSmi.join("; ") : say(msg("doctor.noGpuListed"));
  lines.push(say(msg("doctor.probed", { python: r.python, smi, node: r.node, platform: r.platform })));
  if (r.gpu) lines.push(say(msg("doctor.deviceMemory", { size: byteSize(r.gpu.memoryBytes), gpu: r.gpu.name })));
  const chosen = r.backends.find((b) => b.backend === r.chosen);
  lines.push(say(chosen ? msg("doctor.chosen", { backend: chosen.backend, detail: chosen.detail }) : msg("doctor.none")));
  return lines;
}

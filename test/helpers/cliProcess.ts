/**
 * The CLI as a terminal runs it: its own process group (a terminal's Ctrl+C signals the whole group, the trainer
 * child included), its `--json` events read as they come, and its end.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TrainerEvent } from "../../src/protocol/trainer";

/** The repository root (tests run from out/test/…). */
export const root = join(__dirname, "..", "..", "..");
/** The built CLI. */
export const cli = join(root, "dist", "cli.js");
/** An interpreter with Debian's python3-torch, h5py and onnx (PATH's python3 may be another). */
export const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

/** A CLI process in a group of its own. */
export interface GroupRun {
  readonly child: ChildProcess;
  readonly events: TrainerEvent[];
  /** Resolves with the exit status (or signal) and everything printed. */
  readonly done: Promise<{ status: number | null; signal: NodeJS.Signals | null; events: TrainerEvent[]; stdout: string; stderr: string }>;
  /** Sends `signal` to the whole process group, as a terminal does for Ctrl+C. */
  signalGroup(signal: NodeJS.Signals): void;
}

/** Starts `cnn-designer ARGS` in a new process group; `onEvent` sees each --json event as it arrives. */
export function startInGroup(args: string[], onEvent: (e: TrainerEvent, run: GroupRun) => void = () => undefined): GroupRun {
  const child = spawn(process.execPath, [cli, ...args], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const events: TrainerEvent[] = [];
  let stdout = "";
  let stderr = "";
  let partial = "";
  const run: GroupRun = {
    child,
    events,
    done: new Promise((resolve) => {
      child.on("close", (status, signal) => resolve({ status, signal, events, stdout, stderr }));
    }),
    signalGroup(signal) {
      try {
        process.kill(-(child.pid as number), signal);
      } catch {
        // the group has already gone
      }
    },
  };
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines)
      if (line.startsWith("{")) {
        const e = JSON.parse(line) as TrainerEvent;
        events.push(e);
        onEvent(e, run);
      }
  });
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return run;
}

/** Writes `text` as `name` into a fresh folder; returns its path. */
export function modelFile(text: string, name = "model.cnn.json"): string {
  const dir = mkdtempSync(join(tmpdir(), "cnn-model-"));
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

/** True while a process with this pid exists (a zombie counts as gone). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
}

/** A small convnet on the built-in MNIST sample (90 parameters): quick to train on a few hundred samples. */
export function tinyModel(training: object = {}): string {
  return JSON.stringify({
    version: 1,
    layers: [
      { type: "Input", shape: [28, 28, 1] },
      { type: "Conv2D", filters: 4, kernelSize: 3, strides: 2, activation: "relu" },
      { type: "GlobalAveragePooling2D" },
      { type: "Dense", units: 10, activation: "softmax" },
    ],
    training: {
      metrics: ["accuracy"],
      batchSize: 32,
      epochs: 2,
      validationSplit: 0.1,
      testSplit: 0.1,
      seed: 1,
      dataset: { type: "mnist-sample" },
      ...training,
    },
  });
}

/** The live processes descended from the CLI (the trainer, torchrun, its ranks) whose command line has `text`. */
export function descendants(run: GroupRun, text: string): number[] {
  const procs = readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
        return [{ pid: Number(pid), parent: Number(stat[1]), zombie: stat[0] === "Z", cmd: readFileSync(`/proc/${pid}/cmdline`, "utf8") }];
      } catch {
        return []; // gone meanwhile
      }
    });
  const family = new Set([run.child.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) if (family.has(p.parent) && !family.has(p.pid)) grew = Boolean(family.add(p.pid));
  }
  return procs.filter((p) => family.has(p.pid) && !p.zombie && p.cmd.includes(text)).map((p) => p.pid);
}

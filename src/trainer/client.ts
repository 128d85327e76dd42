/**
 * The client side of the trainer: starts the trainer bundle as a child process (no shell) with an IPC
 * channel, sends the start request, and reports its events, its output and its end — including a death
 * by signal or out of memory, with the last lines it printed. Used by the CLI and the extension host; it
 * never loads tfjs itself.
 */
import { fork, type ChildProcess } from "node:child_process";
import type { StartRequest, TrainerEvent } from "../protocol/trainer";

/** What a client hears from a run. */
export interface TrainerHandlers {
  event(e: TrainerEvent): void;
  /** A line the process printed (tfjs notices, warnings). */
  output?(line: string): void;
  /** The process ended: its exit code or signal, and why when it died without an end or error event. */
  exit(code: number | null, signal: NodeJS.Signals | null, died: string | null): void;
}

/** A running trainer. */
export interface TrainerRun {
  readonly process: ChildProcess;
  /** Ask for a stop at the next batch end; after `killAfterMs` without exiting, the process is killed. */
  stop(killAfterMs?: number): void;
  /** Ends the process at once. */
  kill(): void;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
}

const keepLines = 20;

/** Starts `trainerPath` (dist/trainer.js) on `request`. */
export function startTrainer(
  trainerPath: string,
  request: Omit<StartRequest, "type" | "protocolVersion">,
  handlers: TrainerHandlers,
): TrainerRun {
  const child = fork(trainerPath, [], {
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    // Inside VS Code the host's executable is Electron: run it as plain Node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" },
    execArgv: [],
    serialization: "json",
  });
  const tail: string[] = [];
  let finished = false;
  const lines = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split(/\r?\n/)) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > keepLines) tail.shift();
      handlers.output?.(line);
    }
  };
  child.stdout?.on("data", lines);
  child.stderr?.on("data", lines);
  child.on("message", (m: TrainerEvent) => {
    if (m.type === "end" || m.type === "error") finished = true;
    handlers.event(m);
  });
  let killTimer: NodeJS.Timeout | undefined;
  const exited = new Promise<void>((resolve) => {
    child.on("exit", (code, signal) => {
      clearTimeout(killTimer);
      const died = finished
        ? null
        : `the trainer process ${signal ? `was killed (${signal})` : `exited with code ${code}`} before finishing${
            tail.length ? `; its last output:\n${tail.join("\n")}` : ""
          }`;
      handlers.exit(code, signal, died);
      resolve();
    });
    child.on("error", (e) => {
      if (child.exitCode === null && child.signalCode === null && !child.pid) {
        handlers.exit(null, null, `the trainer process could not start: ${e.message}`);
        resolve();
      }
    });
  });
  child.send({ type: "start", protocolVersion: 1, ...request } satisfies StartRequest);
  return {
    process: child,
    stop(killAfterMs = 10_000) {
      if (child.connected) child.send({ type: "stop" });
      killTimer ??= setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    },
    kill() {
      child.kill("SIGKILL");
    },
    exited,
  };
}

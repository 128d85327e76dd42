/**
 * The client side of the trainer: starts the trainer bundle as a child process (no shell) with an IPC
 * channel, sends the start request, and reports its events, its output and its end — including a death
 * by signal or out of memory, with the last lines it printed. Used by the CLI and the extension host; it
 * never loads tfjs itself. When the trainer dies without a word, the client writes how it ended into the run's
 * status (killed, or failed with its last output), since the trainer could not.
 */
import { fork, type ChildProcess } from "node:child_process";
import { markRunEnded } from "../node/runFolder";
import { OutputTail } from "./outputTail";
import { trainerProtocolVersion, type StartRequest, type TrainerEvent } from "../protocol/trainer";

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
  /**
   * Ask for a stop at the next batch end; a process that neither honours it nor exits within `killAfterMs` is
   * killed (null: never; the CLI leaves that to the user's next Ctrl+C). Once honoured, evaluation and saving run to
   * their end; a second stop() arms the kill again.
   */
  stop(killAfterMs?: number | null): void;
  /** Ask for a stop as soon as the trainer can act, without the evaluation (a second Ctrl+C); the same kill rule. */
  stopNow(killAfterMs?: number | null): void;
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
    // A process group of its own: a terminal's Ctrl+C reaches the client alone, which asks the trainer over IPC —
    // even while the trainer is still loading, before it could set a handler. (Windows has no such groups, and a
    // detached child there gets a console window of its own.) The trainer exits when the client goes.
    detached: process.platform !== "win32",
    // Inside VS Code the host's executable is Electron: run it as plain Node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" },
    execArgv: [],
    serialization: "json",
  });
  const output = new OutputTail(keepLines, (line) => handlers.output?.(line));
  let finished = false;
  child.stdout?.on("data", output.stream());
  child.stderr?.on("data", output.stream());
  let killTimer: NodeJS.Timeout | undefined;
  let runDir: string | undefined;
  child.on("message", (m: TrainerEvent) => {
    if (m.type === "end" || m.type === "memberEnd" || m.type === "error") finished = true;
    if (m.type === "start") runDir = m.runDir;
    // The trainer honoured the Stop: what was trained is being evaluated and saved, however long that takes.
    if (m.type === "epochEnd" && m.stopping) {
      clearTimeout(killTimer);
      killTimer = undefined;
    }
    handlers.event(m);
  });
  const exited = new Promise<void>((resolve) => {
    // "close", not "exit": by then the output has been read to its end, its last lines included.
    child.on("close", (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(killTimer);
      const tail = output.flush();
      const died = finished
        ? null
        : `the trainer process ${signal ? `was killed (${signal})` : `exited with code ${code}`} before finishing${
            tail.length ? `; its last output:\n${tail.join("\n")}` : ""
          }`;
      if (died && runDir) markRunEnded(runDir, signal ? "killed" : "failed", died);
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
  child.send({ type: "start", protocolVersion: trainerProtocolVersion, ...request } satisfies StartRequest);
  return {
    process: child,
    stop(killAfterMs = 10_000) {
      if (child.connected) child.send({ type: "stop" });
      if (killAfterMs !== null) killTimer ??= setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    },
    stopNow(killAfterMs = 10_000) {
      if (child.connected) child.send({ type: "stop", now: true });
      clearTimeout(killTimer);
      killTimer = killAfterMs === null ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    },
    kill() {
      child.kill("SIGKILL");
    },
    exited,
  };
}

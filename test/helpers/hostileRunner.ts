/**
 * Runs one CLI command as a hostile input's case: in a process group of its own, with a time limit and a memory
 * watch over every process of the group (the trainer child included), sampled from /proc. A case that passes its
 * limits is killed, so that a regression fails the test instead of taking the machine down.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { cli } from "./cliProcess";

/** What one run did: exit status, output, wall time and the peak resident memory of its largest process. */
export interface HostileOutcome {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
  readonly peakMB: number;
  /** Why the run was stopped: over its time or its memory limit. */
  readonly killed?: "time" | "memory";
}

/** A process and its descendants, from each task's children list (the trainer runs in a group of its own). */
function family(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${out[i]}/task`))
        for (const c of readFileSync(`/proc/${out[i]}/task/${task}/children`, "utf8").split(" ")) if (c.trim()) out.push(Number(c));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** True while the process exists and is not a zombie. */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
}

/** The high-water mark of a process's resident memory in MB (VmHWM), or 0 when it is gone. */
function peakOf(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Keeps the first and the last 64 KB of a stream, and counts the rest. */
function keeper() {
  const keep = 64 * 1024;
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  let total = 0;
  return {
    add(b: Buffer) {
      total += b.length;
      if (head.length < keep) head = Buffer.concat([head, b.subarray(0, keep - head.length)]);
      const rest = b.subarray(Math.max(0, keep - (total - b.length)));
      if (total > keep) tail = Buffer.concat([tail, rest]).subarray(-keep);
    },
    text() {
      const skipped = total - head.length - tail.length;
      return head.toString() + (skipped > 0 ? `\n… ${skipped} bytes …\n` : "") + tail.toString();
    },
  };
}

/** Runs `cnn-designer ARGS` in `cwd` within `seconds` and `megabytes`. */
export function runHostile(args: readonly string[], cwd: string, limits: { seconds: number; megabytes: number }): Promise<HostileOutcome> {
  const started = Date.now();
  const child = spawn(process.execPath, [cli, ...args], { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const pgid = child.pid as number;
  // Each stream keeps its first and its last 64 KB: a runaway output is bounded here too, and its end still seen.
  const streams = { out: keeper(), err: keeper() };
  child.stdout.on("data", (b: Buffer) => streams.out.add(b));
  child.stderr.on("data", (b: Buffer) => streams.err.add(b));
  let peakMB = 0;
  let killed: HostileOutcome["killed"];
  const seen = new Set<number>([pgid]);
  const stop = (why: "time" | "memory") => {
    killed ??= why;
    for (const pid of seen)
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
  };
  const sample = () => {
    for (const pid of family(pgid)) {
      seen.add(pid);
      peakMB = Math.max(peakMB, peakOf(pid));
    }
  };
  const watch = setInterval(() => {
    sample();
    if (peakMB > limits.megabytes) stop("memory");
  }, 25);
  const timer = setTimeout(() => stop("time"), limits.seconds * 1000);
  return new Promise((resolve) => {
    child.on("close", (status, signal) => {
      clearInterval(watch);
      clearTimeout(timer);
      // A child left running after the CLI ended (a trainer orphaned, blocked for ever) is ended, and a failure.
      const left = [...seen].filter((pid) => pid !== pgid && running(pid));
      if (left.length) stop("time");
      resolve({
        status,
        signal,
        stdout: streams.out.text(),
        stderr: streams.err.text(),
        seconds: (Date.now() - started) / 1000,
        peakMB,
        ...(killed ? { killed } : {}),
      });
    });
  });
}

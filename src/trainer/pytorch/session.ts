/**
 * The pytorch backend's Python process: hands it the run (the module from the core's PyTorch exporter, the initial
 * weights, the split data as raw float32 files it maps into memory, the learning rate of every step) in a work
 * folder, starts driver.py with the user's interpreter, reads its events line by line and sends it commands. The
 * work folder is removed and the process ended on close, whatever happened.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pytorchModule, type Analysis, type MetricName, type TrainingConfig } from "../../core";
import type { Samples } from "../datasets/datasets";
import type { Tf } from "../backends";
import { torchrunOptions, weightsBytes, type Machines } from "./launching";
import { UsageProblem } from "../fitData";
import { msg, say } from "../say";

/** What driver.py says, one line each (numbers that are not finite come as "NaN", "Infinity", "-Infinity"). */
export type DriverEvent =
  | { type: "ready"; keys: string[]; threads: number; processes: number; machines: number }
  /** On a machine of a distributed run that does not hold rank 0: its ranks, and the host of rank 0. */
  | { type: "member"; first: number; ranks: number; processes: number; machines: number; lead: string }
  | { type: "batches"; epoch: number; first: number; batches: number; rows: (number | string)[][]; sizes: number[] }
  | {
      type: "epoch";
      epoch: number;
      batches: number;
      samples: number;
      seconds: number;
      logs: Record<string, number | string>;
      step: number;
      /** The group agreed on a Stop (given on this machine or another). */
      stopped: boolean;
    }
  | { type: "evaluated"; logs: Record<string, number | string> | null }
  /** On a machine without rank 0: the trainer that writes the run failed there (its message), after training. */
  | { type: "leadFailed"; message: string }
  /** "lost": on several machines, another machine went away (its failure is its own to say). */
  /** `own`: the message is a rank's own words (the cause), not torchrun's account of a rank that ended. */
  | { type: "error"; kind: "oom" | "crash" | "lost"; message: string; own?: boolean };

/** A non-finite number as driver.py writes it, back to a number. */
export const driverNumber = (v: number | string): number => (typeof v === "number" ? v : Number(v));

/** One split as the driver reads it: inputs and targets (rows of `targetSize` floats). */
export interface TorchPart {
  readonly samples: Samples;
  readonly targets: Float32Array;
}

/** Everything the driver needs to train. */
export interface TorchRunSetup {
  readonly python: string;
  readonly device: string;
  readonly threads: number;
  readonly driverDir: string;
  readonly analysis: Analysis;
  readonly modelText: string;
  readonly model: ReturnType<Tf["model"]>;
  readonly training: TrainingConfig;
  readonly inputShape: readonly number[];
  readonly targetSize: number;
  readonly parts: { readonly train: TorchPart; readonly validation: TorchPart | null; readonly test: TorchPart | null };
  readonly metrics: readonly { readonly key: string; readonly fn: MetricName }[];
  readonly epochs: number;
  /** The learning rate of every step, or null when it stays fixed. */
  readonly rates: Float64Array | null;
  /** Processes for torch.distributed (torchrun) on this machine, or null for one process. */
  readonly processes: number | null;
  /** Several machines: how many, and where they meet (torchrun's c10d rendezvous). */
  readonly machines: Machines | null;
  /** A resumed run's checkpoint: its epoch, step and the optimizer's variables (tfjs' names, Keras' layout). */
  readonly resume: {
    readonly epoch: number;
    readonly step: number;
    readonly tensors: readonly object[];
    readonly bytes: Uint8Array;
  } | null;
}

/** A started driver. */
export class TorchSession {
  private readonly lines: AsyncIterator<string>;
  private readonly stderr: string[] = [];
  private peeked: DriverEvent | null = null;
  private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null } | null>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly work: string,
    private readonly processes: number | null,
    private readonly machines: number | null = null,
  ) {
    this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    // A command written as Python dies meets a closed pipe (EPIPE): the driver's end is reported by `next`, not thrown.
    child.stdin.on("error", () => undefined);
    createInterface({ input: child.stderr }).on("line", (l) => {
      this.stderr.push(l);
      if (this.stderr.length > 40) this.stderr.shift();
    });
    this.exited = new Promise((resolve) => {
      child.on("error", () => resolve(null));
      child.on("exit", (code, signal) => resolve({ code, signal }));
    });
  }

  /** Writes the work folder and starts driver.py. */
  static start(s: TorchRunSetup): TorchSession {
    const work = mkdtempSync(join(tmpdir(), "cnn-designer-torch-"));
    try {
      const weights = s.model.weights;
      const values = s.model.getWeights();
      const specs = weights.map((w, i) => ({ name: w.originalName, shape: values[i].shape, dtype: "float32" as const }));
      const bytes = weightsBytes(s.model);
      writeFileSync(join(work, "initial.bin"), bytes);
      const module = pytorchModule(s.modelText, { run: { specs, bytes, file: "initial.bin" } }, s.analysis);
      if (!module.ok) throw new UsageProblem(say(msg("trainer.notInPytorch", { problem: module.problem })));
      writeFileSync(join(work, "model.py"), module.value);
      const part = (name: string, p: TorchPart | null) => {
        if (!p) return null;
        const x = join(work, `${name}-x.f32`);
        const y = join(work, `${name}-y.f32`);
        writeFileSync(x, p.samples.x as Float32Array);
        writeFileSync(y, p.targets);
        return { x, y, count: p.samples.count };
      };
      const trainable = s.model.trainableWeights.map((w) => ({ row: weights.indexOf(w), name: w.originalName }));
      if (s.rates) writeFileSync(join(work, "rates.f64"), s.rates);
      if (s.resume) writeFileSync(join(work, "resume-optimizer.bin"), s.resume.bytes);
      const config = {
        module: join(work, "model.py"),
        weights: join(work, "initial.bin"),
        work,
        device: s.device,
        threads: s.threads,
        // Every rank draws the same shuffles from it; an unseeded run gets one of its own.
        seed: s.training.seed ?? Math.floor(Math.random() * 2 ** 31),
        distributed: s.processes !== null,
        inputShape: s.inputShape,
        targetSize: s.targetSize,
        parts: {
          train: part("train", s.parts.train),
          validation: part("validation", s.parts.validation),
          test: part("test", s.parts.test),
        },
        loss: s.training.loss,
        labelSmoothing: s.training.labelSmoothing,
        metrics: s.metrics,
        optimizer: s.training.optimizer,
        trainable,
        rates: s.rates ? join(work, "rates.f64") : null,
        epochs: s.epochs,
        startEpoch: s.resume?.epoch ?? 0,
        startStep: s.resume?.step ?? 0,
        optimizerState: s.resume ? { file: join(work, "resume-optimizer.bin"), tensors: s.resume.tensors } : null,
        batchSize: s.training.batchSize,
        shuffle: s.training.shuffle,
      };
      writeFileSync(join(work, "config.json"), JSON.stringify(config));
      const script = [join(s.driverDir, "driver.py"), join(work, "config.json")];
      // torchrun (launch.py) starts the ranks; rank 0 inherits its standard streams, which the others leave alone.
      const launch =
        s.processes === null
          ? ["-u", ...script]
          : ["-u", join(s.driverDir, "launch.py"), ...torchrunOptions(s.processes, s.machines), ...script];
      const child = spawn(s.python, launch, {
        stdio: ["pipe", "pipe", "pipe"],
        windowsHide: true,
        // A process group of its own: closing the session ends every rank with torchrun.
        detached: process.platform !== "win32",
        env: {
          ...process.env,
          PYTHONDONTWRITEBYTECODE: "1",
          PYTHONUNBUFFERED: "1",
          OMP_NUM_THREADS: String(s.threads),
          // launch.py ends with this process, even killed.
          CNN_DESIGNER_TRAINER_PID: String(process.pid),
        },
      });
      // Ranks in all, on every machine.
      return new TorchSession(child, work, s.processes === null ? null : s.processes * (s.machines?.count ?? 1), s.machines?.count ?? null);
    } catch (e) {
      rmSync(work, { recursive: true, force: true });
      throw e;
    }
  }

  /** The driver's next event; an error event when it ended without one (a crash: its last words on stderr). */
  async next(): Promise<DriverEvent> {
    if (this.peeked) {
      const e = this.peeked;
      this.peeked = null;
      return e;
    }
    const got = await this.lines.next();
    if (!got.done) {
      let e: DriverEvent;
      try {
        e = JSON.parse(got.value) as DriverEvent;
      } catch {
        // A print from the model's own code: not an event.
        this.stderr.push(got.value);
        return this.next();
      }
      return e.type === "error" && this.processes !== null ? this.groupFailure(e) : e;
    }
    if (this.processes !== null) return this.groupFailure(null);
    const exit = await this.exited;
    const last = this.stderr.filter((l) => l.trim()).at(-1) ?? "";
    const how =
      exit === null
        ? "could not be started"
        : exit.signal === "SIGKILL"
          ? "was killed (SIGKILL: from outside, or by the system's out-of-memory killer when memory runs out)"
          : exit.signal
            ? `was ended by ${exit.signal}`
            : `exited with status ${exit.code}`;
    return { type: "error", kind: "crash", message: `Python ${how}${last ? `: ${last.slice(0, 300)}` : ""}` };
  }

  /**
   * A distributed run that failed: torchrun ends every rank when one fails and names the first in its summary
   * (`rank : 1 (local_rank: 1)`, `traceback : Signal 9 (SIGKILL) received by PID …`) — that is the cause, not the
   * connection error the other ranks see.
   */
  private async groupFailure(said: Extract<DriverEvent, { type: "error" }> | null): Promise<DriverEvent> {
    // A rank that says it lost its peer needs no summary (torchrun may wait long for a rendezvous host that went).
    const peerLost = (text: string | undefined) =>
      (this.machines ?? 1) > 1 &&
      said?.kind !== "oom" &&
      /closed by peer|reset by peer|Broken pipe|Socket Timeout|Connection refused/i.test(text ?? "");
    const lostMessage = (rank?: string) =>
      `another machine of the run went away (its trainer was stopped or killed, or the network between the machines failed)${rank === undefined ? "" : `; rank ${rank} lost it`}`;
    if (peerLost(said?.message)) return { type: "error", kind: "lost", message: lostMessage() };
    await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    const field = (name: string) =>
      this.stderr
        .map((l) => new RegExp(`^\\s*${name}\\s*:\\s*(.*)$`).exec(l)?.[1])
        .filter(Boolean)
        .at(0);
    const rank = field("rank")?.split(" ")[0];
    const cause = field("traceback") ?? (field("exitcode") ? `exit code ${field("exitcode")}` : undefined);
    if (peerLost(cause)) return { type: "error", kind: "lost", message: lostMessage(rank) };
    if (rank === undefined)
      return said ?? { type: "error", kind: "crash", message: `torchrun ended: ${this.stderr.filter((l) => l.trim()).at(-1) ?? ""}` };
    const oom = said?.kind === "oom" || /out of memory|SIGKILL/i.test(cause ?? "");
    // (torchrun's summary has no traceback unless the script is wrapped in its @record: the rank's own error is better.)
    const detail = said?.message ?? (cause && !cause.startsWith("<") && !cause.startsWith("To enable traceback") ? cause : "no traceback");
    return {
      type: "error",
      kind: said?.kind === "oom" ? "oom" : "crash",
      own: said !== null,
      message: `rank ${rank} of ${this.processes} failed: ${detail}${oom && said?.kind !== "oom" ? " (SIGKILL: the out-of-memory killer sends it when memory runs out)" : ""}`,
    };
  }

  /** The driver's first event, which `next` gives again: on several machines, whether this one holds rank 0. */
  async peek(): Promise<DriverEvent> {
    this.peeked ??= await this.next();
    return this.peeked;
  }

  /**
   * On a machine without rank 0, after its `member` event: waits for its ranks to end; null when they ended well,
   * else the failure as `next` words it.
   */
  async memberEnd(): Promise<Extract<DriverEvent, { type: "error" }> | null> {
    let lead: string | null = null;
    for (;;) {
      const e = await this.next();
      if (e.type === "leadFailed") lead = e.message;
      if (e.type !== "error") continue;
      const exit = await this.exited;
      if (lead !== null) return { type: "error", kind: "crash", message: `the trainer that writes the run failed: ${lead}` };
      return exit?.code === 0 ? null : e;
    }
  }

  /** Sends a command; ignored once the driver has gone. */
  send(cmd: Record<string, unknown>): void {
    if (this.child.stdin.writable) this.child.stdin.write(`${JSON.stringify(cmd)}\n`);
  }

  /** What Python wrote to stderr lately (warnings, a traceback). */
  get lastWords(): readonly string[] {
    return this.stderr;
  }

  /**
   * Ends the driver and removes the work folder: "end" lets every rank leave the group together (another machine's
   * would fail on a rank that just went) and carries this trainer's failure, if any, to the other machines; closing
   * stdin ends it otherwise, and a kill makes sure.
   */
  async close(failed?: string): Promise<void> {
    this.send(failed === undefined ? { cmd: "end" } : { cmd: "end", failed: failed.slice(0, 1000) });
    this.child.stdin.end();
    // torchrun's agents wait for each other at their exit (a barrier through the machine that hosts the
    // rendezvous): killing one early fails the others. A distributed run gets longer to end by itself.
    const grace = this.processes === null ? 5000 : 60_000;
    const timer = setTimeout(() => this.kill(), grace);
    await this.exited;
    clearTimeout(timer);
    rmSync(this.work, { recursive: true, force: true });
  }

  /** Ends the driver, torchrun and every rank on this machine at once. */
  kill(): void {
    try {
      if (this.child.pid && process.platform !== "win32") process.kill(-this.child.pid, "SIGKILL");
      else this.child.kill("SIGKILL");
    } catch {
      // gone already
    }
  }
}

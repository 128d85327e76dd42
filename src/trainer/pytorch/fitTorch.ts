/**
 * The fit loop on the pytorch backend, as fit.ts is on tfjs': driver.py trains; this side turns its events into the
 * trainer's (batch and epoch events, Keras-style log lines, the estimate of an epoch's time), forwards Stop and Stop
 * now, decides early stopping and TerminateOnNaN, and after every epoch takes the weights and optimizer state back
 * into the run recorder, which writes the checkpoints as on any backend. The tfjs model holds the weights the run
 * folder gets.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TensorValues } from "../../node/checkpoint";
import { divergedReason, stoppedAtOnce, stopRequested } from "../../core";
import type { TrainerEvent } from "../../protocol/trainer";
import type { Tf } from "../backends";
import type { EarlyStopping } from "../earlyStopping";
import { formatDuration, type FitOutcome, type StopSignal } from "../fit";
import { endEpoch, freshState } from "../epochEnd";
import type { RunRecorder } from "../runRecorder";
import { weightsBytes } from "./launching";
import { driverNumber, type DriverEvent, type TorchSession } from "./session";
import { msg, say } from "../say";

/** A failure the driver reported: out of memory on the device, or a crash. */
export class TorchFailure extends Error {
  constructor(
    message: string,
    readonly kind: "oom" | "crash" | "lost",
    /** The message is the cause in Python's own words: its last lines on stderr add nothing. */
    readonly own = false,
  ) {
    super(message);
  }
}

/** What the loop needs. */
export interface TorchFitSetup {
  readonly tf: Tf;
  readonly session: TorchSession;
  readonly model: ReturnType<Tf["model"]>;
  readonly epochs: number;
  /** Epochs done before this fit (a resumed run's checkpoint; else 0). */
  readonly initialEpoch: number;
  readonly batches: number;
  readonly rate: ((step: number) => number) | null;
  readonly initialRate: number;
  readonly earlyStopping: EarlyStopping | null;
  readonly recorder: RunRecorder;
  readonly stop: StopSignal;
  readonly emit: (e: TrainerEvent) => void;
  readonly log: (line: string) => void;
}

const numbers = (logs: Record<string, number | string>) => Object.fromEntries(Object.entries(logs).map(([k, v]) => [k, driverNumber(v)]));

/** The driver's next event, an error event thrown. */
async function expect(session: TorchSession): Promise<Exclude<DriverEvent, { type: "error" }>> {
  const e = await session.next();
  if (e.type === "error") throw new TorchFailure(e.message, e.kind, e.own);
  return e;
}

/** Reads a float32 file of the weights, in the tfjs model's order, into the model. */
function loadInto(tf: Tf, model: ReturnType<Tf["model"]>, path: string): void {
  const bytes = readFileSync(path);
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  let offset = 0;
  const tensors = model.weights.map((w) => {
    const size = w.shape.reduce((a, b) => (a ?? 1) * (b ?? 1), 1) ?? 1;
    const t = tf.tensor(all.slice(offset, offset + size), w.shape as number[]);
    offset += size;
    return t;
  });
  if (offset !== all.length) throw new Error(`the PyTorch trainer wrote ${all.length} weights; the model has ${offset}`);
  model.setWeights(tensors);
  tf.dispose(tensors);
}

/** The optimizer's variables as the driver wrote them for the checkpoint. */
function optimizerState(work: string): TensorValues[] {
  const list = JSON.parse(readFileSync(join(work, "optimizer.json"), "utf8")) as {
    name: string;
    shape: number[];
    dtype: string;
    offset: number;
  }[];
  const bytes = readFileSync(join(work, "optimizer.bin"));
  return list.map((t) => {
    const count = t.shape.reduce((a, b) => a * b, 1);
    const slice = bytes.buffer.slice(bytes.byteOffset + t.offset, bytes.byteOffset + t.offset + count * 4);
    return { name: t.name, shape: t.shape, values: t.dtype === "int32" ? new Int32Array(slice) : new Float32Array(slice) };
  });
}

/** Runs the driver's fit with the trainer's callbacks. */
export async function fitTorch(s: TorchFitSetup): Promise<FitOutcome> {
  const { session, recorder, stop, emit, log, epochs, batches, tf, model } = s;
  const state = freshState();
  let samples = 0;
  let batchesThisEpoch = 0;
  let warmed: { at: number; batches: number } | null = null;
  let estimated = false;
  let partial: FitOutcome["partial"];
  const started = performance.now();
  // Stop and Stop now reach the driver as soon as they arrive, not at an epoch's end.
  let told = 0;
  const forward = setInterval(() => {
    if (stop.abortRequested && told < 2) session.send({ cmd: "stop", now: true });
    else if (stop.stopRequested && told < 1) session.send({ cmd: "stop" });
    told = stop.abortRequested ? 2 : stop.stopRequested ? Math.max(told, 1) : told;
  }, 50);
  try {
    const ready = await expect(session);
    if (ready.type !== "ready") throw new TorchFailure(`the PyTorch trainer said '${ready.type}' first`, "crash");
    const keys = ready.keys;
    if (ready.processes > 1)
      log(
        `Distributed: ${ready.processes} processes (torch.distributed under torchrun)${ready.machines > 1 ? ` on ${ready.machines} machines` : ""}, each a share of every batch of the model's batch size`,
      );
    const first = s.initialEpoch + 1;
    log(`Epoch ${first}/${epochs}`);
    for (;;) {
      const e = await expect(session);
      if (e.type === "batches") {
        e.rows.forEach((r, i) => {
          const row = Object.fromEntries(keys.map((k, j) => [k, driverNumber(r[j])]));
          const batch = e.first + i;
          batchesThisEpoch++;
          samples += e.sizes[i];
          recorder.batches.push({ epoch: e.epoch, batch, ...row });
          emit({ type: "batchEnd", epoch: e.epoch, batch, batches, logs: row });
          if (!Number.isFinite(row.loss) && !state.diverged) {
            state.diverged = divergedReason(row.loss, e.epoch, batch);
            state.stopReason = state.diverged;
          }
        });
        // The driver reports batches in groups: the estimate times whole groups, after 3 batches of warm-up.
        if (e.epoch === first && warmed === null && batchesThisEpoch >= 3) warmed = { at: performance.now(), batches: batchesThisEpoch };
        else if (e.epoch === first && warmed && !estimated && batchesThisEpoch - warmed.batches >= 15 && batches > 36) {
          estimated = true;
          const timed = batchesThisEpoch - warmed.batches;
          const perEpoch = ((performance.now() - warmed.at) / timed) * batches;
          log(say(msg("run.estimate", { duration: formatDuration(perEpoch), timed, warmup: warmed.batches })));
        }
        continue;
      }
      if (e.type !== "epoch") throw new TorchFailure(`the PyTorch trainer said '${e.type}' during training`, "crash");
      if (stop.abortRequested) {
        state.aborted = true;
        state.stopReason ??= stoppedAtOnce;
      } else if (stop.stopRequested || e.stopped) state.stopReason ??= stopRequested;
      // The epoch's weights and optimizer state, as PyTorch left them, into the model and the checkpoint.
      loadInto(tf, model, join(session.work, "epoch.bin"));
      recorder.externalOptimizerState = optimizerState(session.work);
      const nextRate = s.rate ? s.rate(e.step) : s.initialRate;
      await endEpoch(s, state, { epoch: e.epoch, logs: numbers(e.logs), seconds: e.seconds, ran: e.batches, step: e.step, nextRate });
      partial = e.batches < batches ? { batches: e.batches, of: batches } : null;
      if (state.stopReason || e.epoch === epochs) break;
      session.send({ cmd: "continue" });
      batchesThisEpoch = 0;
      log(`Epoch ${e.epoch + 1}/${epochs}`);
    }
    session.send({ cmd: "finish" });
  } finally {
    clearInterval(forward);
  }
  return { ...state, seconds: (performance.now() - started) / 1000, samples, partial };
}

/** The test set's loss and metrics with the tfjs model's weights (the best epoch's, where restored); null on Stop now. */
export async function evaluateTorch(session: TorchSession, model: ReturnType<Tf["model"]>, stop: StopSignal) {
  // Stop now skips the evaluation (in a group the driver cannot cut it short: every rank must agree).
  if (stop.abortRequested) return null;
  const path = join(session.work, "final.bin");
  writeFileSync(path, weightsBytes(model));
  const forward = setInterval(() => stop.abortRequested && session.send({ cmd: "stop", now: true }), 50);
  try {
    session.send({ cmd: "evaluate", weights: path });
    const e = await expect(session);
    if (e.type !== "evaluated") throw new TorchFailure(`the PyTorch trainer said '${e.type}' instead of the evaluation`, "crash");
    return e.logs ? numbers(e.logs) : null;
  } finally {
    clearInterval(forward);
  }
}

/**
 * What a run keeps as it goes, so that a run killed at any moment leaves something usable: after every epoch the
 * metrics so far, the `last` checkpoint and, when the monitored metric improved, the `best` one (weights, optimizer
 * state, step, learning rate, early stopping and random state; src/node/checkpoint.ts), and the status; at the end
 * the final model and metrics and the status done, stopped or failed with the reason.
 */
import { writeCheckpoint, type CheckpointKind, type CheckpointManifest, type TensorValues } from "../node/checkpoint";
import { readRunStatus, writeRunStatus, type RunState, type RunStatus } from "../node/runFolder";
import type { Tf } from "./backends";
import type { SeededRandom } from "./datasets/datasets";
import type { EarlyStopping } from "./earlyStopping";
import { writeMetrics } from "./runFolder";
import type { MetricsRow, OptimizerConfig } from "../core";

type Model = ReturnType<Tf["model"]>;
type Tensor = ReturnType<Tf["zeros"]>;
type Optimizer = { getWeights(): Promise<{ name: string; tensor: Tensor }[]> };
type Named = { readonly originalName: string; readonly variable: Tensor };

/**
 * The optimizer's variables, in tfjs' order (`iter` first; with `owned` set for a tensor made for the caller).
 * tfjs' Adamax does not list them (its getWeights throws), so they are read from where it keeps them.
 */
async function optimizerVariables(opt: Optimizer): Promise<{ name: string; tensor: Tensor; owned: boolean }[]> {
  const adamax = opt as unknown as {
    iteration?: Tensor;
    accBeta1?: Tensor;
    accumulatedFirstMoment?: Named[];
    accumulatedWeightedInfNorm?: Named[];
  };
  if (adamax.iteration && adamax.accBeta1 && adamax.accumulatedFirstMoment && adamax.accumulatedWeightedInfNorm)
    return [
      { name: "iter", tensor: adamax.iteration, owned: false },
      { name: "accBeta1", tensor: adamax.accBeta1, owned: false },
      ...[...adamax.accumulatedFirstMoment, ...adamax.accumulatedWeightedInfNorm].map((v) => ({
        name: v.originalName,
        tensor: v.variable,
        owned: false,
      })),
    ];
  // getWeights hands out the variables themselves, and a new scalar for the iterations.
  return (await opt.getWeights()).map((n, i) => ({ ...n, owned: i === 0 && n.name === "iter" }));
}

/** What "best" is measured by: the early-stopping monitor, else the validation loss, else the training loss. */
export function bestMonitor(earlyStoppingMonitor: string | undefined, hasValidation: boolean): { name: string; mode: "min" | "max" } {
  const name = earlyStoppingMonitor ?? (hasValidation ? "val_loss" : "loss");
  return { name, mode: /acc/i.test(name) ? "max" : "min" };
}

/** The run being recorded. */
export interface RecorderSetup {
  readonly runDir: string;
  readonly model: Model;
  readonly optimizer: Optimizer;
  /** The optimizer's type and settings as the model file gives them. */
  readonly optimizerSettings: OptimizerConfig;
  readonly epochs: number;
  readonly batchesPerEpoch: number;
  readonly monitor: { readonly name: string; readonly mode: "min" | "max" };
  readonly random: SeededRandom | null;
  readonly earlyStopping: EarlyStopping | null;
  readonly backend: string;
}

/** Keeps the run folder up to date during training. */
export class RunRecorder {
  /** Each epoch's row, in order. */
  readonly history: MetricsRow[] = [];
  /** Each batch's row, in order. */
  readonly batches: MetricsRow[] = [];
  /** The epoch of the best checkpoint (0 before any). */
  bestEpoch = 0;
  /** The epoch of the last checkpoint (0 before any). */
  lastCheckpoint = 0;
  /** Epochs run to their end with a finite loss (a Stop's cut-short epoch and a diverged one are not). */
  private completed = 0;
  private best: number | null = null;
  /** The optimizer's state when another process trains (the pytorch backend), set before each `epochEnd`. */
  externalOptimizerState: TensorValues[] | null = null;

  constructor(private readonly setup: RecorderSetup) {}

  /** Goes on from a resumed run's checkpoint: its epochs and batches so far, its best and last checkpoints. */
  continueFrom(r: { history: MetricsRow[]; batches: MetricsRow[]; best: { epoch: number; value: number | null }; epoch: number }): void {
    this.history.push(...r.history);
    this.batches.push(...r.batches);
    this.bestEpoch = r.best.epoch;
    this.best = r.best.value;
    this.lastCheckpoint = r.epoch;
    this.completed = r.epoch;
    this.status("running", null);
  }

  /**
   * Records an epoch: metrics, checkpoints, status. `step` is the optimizer steps done; `nextRate` the next step's
   * rate; `complete` is false for an epoch a Stop cut short, which is no checkpoint. `improved` is early stopping's
   * verdict where it runs (its min_delta counts); without it, any better value of the monitor is an improvement.
   */
  async epochEnd(row: MetricsRow, step: number, nextRate: number, complete: boolean, improved?: boolean): Promise<void> {
    const s = this.setup;
    this.history.push(row);
    const epoch = this.history.length;
    writeMetrics(s.runDir, this.metrics({ test: null, stopReason: null, samplesPerSecond: null }));
    // A non-finite loss means the weights are no longer good: the checkpoints keep the last good epoch.
    if (!Number.isFinite(row.loss) || !complete) return this.status("running", null);
    this.completed++;
    const value = row[s.monitor.name];
    const better =
      improved ??
      (value !== undefined &&
        Number.isFinite(value) &&
        (this.best === null || (s.monitor.mode === "min" ? value < this.best : value > this.best)));
    const tensors = await this.tensors();
    const manifest = (kind: CheckpointKind) => this.manifest(kind, epoch, step, nextRate, row, value);
    writeCheckpoint(s.runDir, manifest("last"), tensors.model, tensors.optimizer);
    this.lastCheckpoint = epoch;
    if (better) {
      this.best = value ?? null;
      this.bestEpoch = epoch;
      writeCheckpoint(s.runDir, manifest("best"), tensors.model, tensors.optimizer);
    }
    this.status("running", null);
  }

  /** Writes the final metrics and the status the run ended with. */
  finish(outcome: {
    test: MetricsRow | null;
    stopReason: string | null;
    samplesPerSecond: number | null;
    state: RunState;
    partial: RunStatus["partial"];
  }): void {
    writeMetrics(this.setup.runDir, this.metrics(outcome));
    this.status(outcome.state, outcome.stopReason, outcome.partial);
  }

  private status(state: RunState, reason: string | null, partial: RunStatus["partial"] = null): void {
    const current = readRunStatus(this.setup.runDir);
    if (!current) return;
    writeRunStatus(this.setup.runDir, { ...current, state, reason, epochsDone: this.completed, ...(partial ? { partial } : {}) });
  }

  private metrics(o: { test: MetricsRow | null; stopReason: string | null; samplesPerSecond: number | null }) {
    return {
      epochs: this.history,
      batches: this.batches,
      test: o.test,
      stopReason: o.stopReason,
      bestEpoch: this.bestEpoch || null,
      samplesPerSecond: o.samplesPerSecond,
      backend: this.setup.backend,
    };
  }

  private async tensors(): Promise<{ model: TensorValues[]; optimizer: TensorValues[] }> {
    const s = this.setup;
    const values = async (name: string, t: Tensor): Promise<TensorValues> => {
      const data = await t.data();
      return { name, shape: t.shape, values: data instanceof Int32Array ? data : Float32Array.from(data as ArrayLike<number>) };
    };
    // The same names and order as the saved model.json (tfjs' getNamedWeights).
    const weights = s.model.weights;
    const current = s.model.getWeights();
    const model = await Promise.all(weights.map((w, i) => values(w.originalName, current[i])));
    if (this.externalOptimizerState) return { model, optimizer: this.externalOptimizerState };
    const named = await optimizerVariables(s.optimizer);
    const optimizer = await Promise.all(named.map((n) => values(n.name, n.tensor)));
    for (const n of named) if (n.owned) n.tensor.dispose();
    return { model, optimizer };
  }

  private manifest(
    kind: CheckpointKind,
    epoch: number,
    step: number,
    nextRate: number,
    logs: MetricsRow,
    value: number | undefined,
  ): Omit<CheckpointManifest, "format" | "version" | "data" | "model" | "optimizerState"> {
    const s = this.setup;
    return {
      kind,
      epoch,
      step,
      epochs: s.epochs,
      batchesPerEpoch: s.batchesPerEpoch,
      logs,
      monitor: value === undefined || !Number.isFinite(value) ? null : { ...s.monitor, value },
      learningRate: nextRate,
      optimizer: s.optimizerSettings,
      earlyStopping: s.earlyStopping?.state() ?? null,
      random: s.random ? { algorithm: "mulberry32", seed: s.random.seed, state: s.random.state } : null,
    };
  }
}

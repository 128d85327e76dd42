/**
 * Resuming a run from its last checkpoint (`train FILE --resume RUN`, Resume in the Runs view): the run's own model
 * text, its weights, the optimizer's state, the step (so the schedule goes on where it was), early stopping's state
 * and the seeded random generator's, and the metrics so far — so that the curves continue in the same run folder and
 * a resumed run trains as the uninterrupted one would have. The checkpoint names its tensors as tfjs does on every
 * backend, so a run resumes on another backend too.
 */
import { existsSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { effectiveState, readRunStatus } from "../node/runFolder";
import { runFiles, type MetricsRow } from "../core";
import { readCheckpoint, type CheckpointManifest, type CheckpointRead } from "../node/checkpoint";
import { readInside } from "../node/readFiles";
import type { Tf } from "./backends";
import { msg, say } from "./say";
import type { RunData } from "./runFolder";
import { UsageProblem } from "./fitData";

type Model = ReturnType<Tf["model"]>;
type Tensor = ReturnType<Tf["zeros"]>;

/** What a resumed run starts from. */
export interface Resumed {
  readonly runDir: string;
  /** The model file's text as the run trained it. */
  readonly modelText: string;
  readonly checkpoint: CheckpointRead;
  /** The epochs and batches recorded up to the checkpoint's epoch. */
  readonly history: MetricsRow[];
  readonly batches: MetricsRow[];
  /** The best checkpoint's epoch and monitored value (0 and null before any). */
  readonly best: { readonly epoch: number; readonly value: number | null };
  /** The data the run trained on (environment.json; null for runs written before it was recorded). */
  readonly data: RunData | null;
}

/** Reads the run `path` (relative to the model's folder) to resume: its model text, last checkpoint and metrics. */
export function readResume(path: string, modelDir: string): Resumed {
  const runDir = isAbsolute(path) ? path : join(modelDir, path);
  if (!existsSync(runDir)) throw new UsageProblem(say(msg("trainer.resumeNoFolder", { run: runDir })));
  if (!statSync(runDir).isDirectory()) throw new UsageProblem(say(msg("trainer.resumeFile", { run: runDir })));
  if (!existsSync(join(runDir, runFiles.model)) && !existsSync(join(runDir, runFiles.status)))
    throw new UsageProblem(say(msg("trainer.resumeNotRun", { run: runDir, model: runFiles.model, status: runFiles.status })));
  const status = readRunStatus(runDir);
  // Two trainers writing one run folder would lose one's epochs: a run still training is not resumed.
  if (status && effectiveState(status).state === "running")
    throw new UsageProblem(say(msg("trainer.resumeRunning", { run: runDir, pid: status.pid, host: status.host })));
  let checkpoint: CheckpointRead;
  let modelText: string;
  try {
    checkpoint = readCheckpoint(runDir, "last");
    modelText = Buffer.from(readInside(runDir, runFiles.model, undefined, msg("runFile.modelFile"))).toString("utf8");
  } catch (e) {
    // A run stopped (or failed) within its first epoch never wrote a checkpoint: nothing to go on from.
    if (!existsSync(join(runDir, runFiles.checkpoints)) && status && effectiveState(status).state !== "running")
      throw new UsageProblem(say(msg("trainer.resumeNoCheckpoint", { run: runDir, state: effectiveState(status).state })));
    const why = (e as Error).message.replaceAll(`the run '${runDir}' `, "it ").replaceAll(runDir, "…");
    throw new UsageProblem(say(msg("trainer.resumeCannot", { run: runDir, reason: why })));
  }
  const epoch = checkpoint.manifest.epoch;
  let history: MetricsRow[] = [];
  let batches: MetricsRow[] = [];
  try {
    const metrics = JSON.parse(Buffer.from(readInside(runDir, runFiles.metrics, undefined, msg("runFile.metrics"))).toString("utf8"));
    history = (Array.isArray(metrics.epochs) ? metrics.epochs : []).filter((r: MetricsRow) => Number(r.epoch) <= epoch);
    batches = (Array.isArray(metrics.batches) ? metrics.batches : []).filter((r: MetricsRow) => Number(r.epoch) <= epoch);
  } catch {
    // The curves start at the checkpoint: what was before it is lost with metrics.json, not the training.
  }
  let best = { epoch: 0, value: null as number | null };
  try {
    const b = readCheckpoint(runDir, "best").manifest;
    if (b.epoch <= epoch) best = { epoch: b.epoch, value: b.monitor?.value ?? null };
  } catch {
    // no best checkpoint yet
  }
  let data: RunData | null = null;
  try {
    const env = JSON.parse(Buffer.from(readInside(runDir, runFiles.environment, undefined, msg("runFile.environment"))).toString("utf8"));
    const d = env?.data;
    if (
      d &&
      ["train", "validation", "test"].every((k) => Number.isSafeInteger(d[k])) &&
      (d.samples === null || Number.isSafeInteger(d.samples))
    )
      data = { samples: d.samples, train: d.train, validation: d.validation, test: d.test };
  } catch {
    // An older run: its split is not checked.
  }
  return { runDir, modelText, checkpoint, history, batches, best, data };
}

/** The checkpoint's tensors of one part, by name. */
function tensorsOf(tf: Tf, list: CheckpointManifest["model"], bytes: Uint8Array, base: number): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const t of list) {
    const start = t.offset - base;
    const count = t.shape.reduce((a, b) => a * b, 1);
    // A copy of its own (a Node Buffer's slice shares the whole pool's memory).
    const copy = new Uint8Array(bytes.subarray(start, start + 4 * count)).buffer;
    out.set(t.name, tf.tensor(t.dtype === "int32" ? new Int32Array(copy) : new Float32Array(copy), [...t.shape], t.dtype));
  }
  return out;
}

/** Sets the model's weights from the checkpoint, every weight by name and shape; a usage problem names the first that misses. */
export function restoreWeights(tf: Tf, model: Model, r: Resumed): void {
  const byName = tensorsOf(tf, r.checkpoint.manifest.model, r.checkpoint.model, 0);
  const values = model.weights.map((w) => {
    const t = byName.get(w.originalName);
    if (!t || t.shape.join() !== w.shape.join())
      throw new UsageProblem(
        say(msg("trainer.resumeNoWeight", { run: r.runDir, weight: w.originalName, shape: `[${w.shape.join(", ")}]` })),
      );
    return t;
  });
  model.setWeights(values);
  tf.dispose([...byName.values()]);
}

/** Sets the tfjs optimizer's state from the checkpoint (its variables in tfjs' order, `iter` first). */
export async function restoreOptimizer(tf: Tf, optimizer: object, r: Resumed): Promise<void> {
  const list = r.checkpoint.manifest.optimizerState;
  const base = list[0]?.offset ?? 0;
  const byName = tensorsOf(tf, list, r.checkpoint.optimizer, base);
  const named = list.map((t) => ({ name: t.name, tensor: byName.get(t.name) as Tensor }));
  const o = optimizer as {
    setWeights(w: typeof named): Promise<void>;
    iteration?: { assign(t: Tensor): void };
    accBeta1?: { assign(t: Tensor): void };
    accumulatedFirstMoment?: unknown[];
    accumulatedWeightedInfNorm?: unknown[];
    iterations_?: number;
  };
  if ("accumulatedWeightedInfNorm" in o) {
    // tfjs' Adamax has no setWeights: its variables are set where it keeps them.
    const slots = named.filter((n) => n.name !== "iter" && n.name !== "accBeta1");
    const half = slots.length / 2;
    const variable = (n: (typeof named)[number]) => ({ originalName: n.name, variable: n.tensor.variable(false) });
    o.iteration?.assign(byName.get("iter")?.toFloat() ?? tf.scalar(0));
    const acc = byName.get("accBeta1");
    if (acc) o.accBeta1?.assign(acc);
    o.accumulatedFirstMoment = slots.slice(0, half).map(variable);
    o.accumulatedWeightedInfNorm = slots.slice(half).map(variable);
    o.iterations_ = r.checkpoint.manifest.step;
  } else {
    await o.setWeights(named);
    // tfjs' Adam sets its running powers of beta with pow(); steps multiply them in float32, one step at a time:
    // set as the steps left them, so that the resumed run computes exactly what the uninterrupted one did.
    const adam = optimizer as {
      beta1?: number;
      beta2?: number;
      accBeta1?: { assign(t: Tensor): void };
      accBeta2?: { assign(t: Tensor): void };
    };
    if (adam.accBeta1 && adam.accBeta2 && adam.beta1 !== undefined && adam.beta2 !== undefined) {
      const power = (beta: number) => {
        let acc = Math.fround(beta);
        for (let i = 0; i < r.checkpoint.manifest.step; i++) acc = Math.fround(acc * Math.fround(beta));
        return tf.scalar(acc);
      };
      adam.accBeta1.assign(power(adam.beta1));
      adam.accBeta2.assign(power(adam.beta2));
    }
  }
}

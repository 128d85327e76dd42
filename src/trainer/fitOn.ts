/**
 * The fit and the test evaluation on each kind of backend: in this process with tfjs (fit.ts, evaluate.ts), or in
 * the user's Python with PyTorch (pytorch/), handed the same split data, the same initial weights and the learning
 * rate of every step, and giving back the same events, logs and checkpoints.
 */
import type { TrainerEvent } from "../protocol/trainer";
import { learningRate, metricPlan } from "./compileSettings";
import type { EarlyStopping } from "./earlyStopping";
import { evaluate } from "./evaluate";
import { fitModel, type FitOutcome, type StopSignal } from "./fit";
import { targetRows, targets } from "./fitData";
import type { Samples } from "./datasets/datasets";
import type { Prepared } from "./prepare";
import { evaluateTorch, fitTorch } from "./pytorch/fitTorch";
import { TorchSession, type TorchPart } from "./pytorch/session";
import type { RunRecorder } from "./runRecorder";

/** What a started run has: its recorder, its early stopping and its batches per epoch. */
export interface RunParts {
  readonly recorder: RunRecorder;
  readonly earlyStopping: EarlyStopping | null;
  readonly batches: number;
}

/** The pytorch backend's process, once started: ended by whoever started the run, whatever happens. */
export interface TorchHolder {
  torch?: TorchSession;
}

/** A split's inputs and targets as tensors. */
function tensors(p: Prepared, s: Samples) {
  const { tf } = p.selected;
  return [tf.tensor(s.x, [s.count, ...p.inputShape]), targets(tf, s, p.training.loss, p.units, p.data.targetSize)] as const;
}

/** Fits the model with tfjs' fit in this process. */
export async function fitOnTfjs(
  p: Prepared,
  s: RunParts,
  stop: StopSignal,
  emit: (e: TrainerEvent) => void,
  log: (line: string) => void,
): Promise<FitOutcome> {
  const { tf } = p.selected;
  const { training, epochs } = p;
  const [xTrain, yTrain] = tensors(p, p.parts.train);
  const validation = p.parts.validation ? tensors(p, p.parts.validation) : null;
  const fit = await fitModel({
    tf,
    model: p.model,
    optimizer: p.optimizer,
    x: xTrain,
    y: yTrain,
    validation,
    epochs,
    initialEpoch: p.resumed?.checkpoint.manifest.epoch ?? 0,
    initialStep: p.resumed?.checkpoint.manifest.step ?? 0,
    batchSize: training.batchSize,
    batches: s.batches,
    shuffle: training.shuffle,
    rate: learningRate(training.optimizer, epochs * s.batches),
    initialRate: training.optimizer.learningRate,
    earlyStopping: s.earlyStopping,
    recorder: s.recorder,
    stop,
    emit,
    log,
  });
  tf.dispose([xTrain, yTrain, ...(validation ?? [])]);
  return fit;
}

/** Batches in an epoch of the run's training set. */
export const batchesPerEpoch = (p: Prepared): number => Math.ceil(p.parts.train.count / p.training.batchSize);

/** Starts the user's Python with the run (the driver is left in `holder`, for whoever started the run to end). */
export function startTorch(p: Prepared, holder: TorchHolder, driverDir: string): TorchSession {
  const { torch } = p.selected;
  if (!torch) throw new Error("startTorch without the pytorch backend");
  const { training, epochs } = p;
  const part = (samples: Samples | null): TorchPart | null =>
    samples && { samples, targets: targetRows(samples, training.loss, p.units, p.data.targetSize).rows };
  const width = targetRows(p.parts.train, training.loss, p.units, p.data.targetSize).width;
  const steps = epochs * batchesPerEpoch(p);
  const rate = learningRate(training.optimizer, steps);
  const rates = rate ? Float64Array.from({ length: steps }, (_, step) => rate(step)) : null;
  holder.torch = TorchSession.start({
    ...torch,
    driverDir,
    analysis: p.analysis,
    modelText: p.modelText,
    model: p.model,
    training,
    inputShape: p.inputShape,
    targetSize: width,
    parts: { train: part(p.parts.train) as TorchPart, validation: part(p.parts.validation), test: part(p.parts.test) },
    metrics: metricPlan(training, p.units),
    epochs,
    rates,
    processes: p.distribute,
    machines: p.machines,
    resume: p.resumed && {
      epoch: p.resumed.checkpoint.manifest.epoch,
      step: p.resumed.checkpoint.manifest.step,
      tensors: p.resumed.checkpoint.manifest.optimizerState,
      bytes: p.resumed.checkpoint.optimizer,
    },
  });
  return holder.torch;
}

/** Fits the model with PyTorch in the user's Python (started here unless it was, to meet other machines). */
export async function fitOnTorch(
  p: Prepared,
  s: RunParts,
  stop: StopSignal,
  emit: (e: TrainerEvent) => void,
  log: (line: string) => void,
  holder: TorchHolder,
  driverDir: string,
): Promise<FitOutcome> {
  const { tf } = p.selected;
  const session = holder.torch ?? startTorch(p, holder, driverDir);
  const { training, epochs } = p;
  const rate = learningRate(training.optimizer, epochs * s.batches);
  return fitTorch({
    tf,
    session,
    model: p.model,
    epochs,
    initialEpoch: p.resumed?.checkpoint.manifest.epoch ?? 0,
    batches: s.batches,
    rate,
    initialRate: training.optimizer.learningRate,
    earlyStopping: s.earlyStopping,
    recorder: s.recorder,
    stop,
    emit,
    log,
  });
}

/** The held-out test set's loss and metrics on the run's backend; null when a Stop now skipped it. */
export async function evaluateTest(p: Prepared, stop: StopSignal, holder: TorchHolder): Promise<Record<string, number> | null> {
  const { tf } = p.selected;
  if (!p.parts.test) return null;
  if (holder.torch) return evaluateTorch(holder.torch, p.model, stop);
  const [xTest, yTest] = tensors(p, p.parts.test);
  const test = await evaluate(tf, p.model, xTest, yTest, p.training.batchSize, stop);
  tf.dispose([xTest, yTest]);
  return test;
}

/**
 * One training run, independent of its transport, in four steps: `prepare` checks the model and dataset, picks
 * the backend, builds and compiles the model as Keras would; `startRun` creates the run folder and says so;
 * `fitRun` fits it (src/trainer/fit.ts) while the run recorder keeps the run folder up to date after every epoch
 * (metrics, checkpoints, status); `finishRun` evaluates the held-out test set and writes the final model. Every
 * outcome, failures included, is an event and a status in the run folder.
 */
import { basename } from "node:path";
import {
  englishCatalogue,
  formatMessage,
  formatSummary,
  printable,
  stoppedBeforeEvaluation,
  stoppedByUser,
  stopReasonMessage,
  type Message,
} from "../core";
import { FileError } from "../node/files";
import { markRunEnded } from "../node/runFolder";
import { trainerProtocolVersion, type StartRequest, type TrainerEvent } from "../protocol/trainer";
import { skippedInEnglish } from "./backends";
import { BuildError } from "./buildModel";
import { DatasetError } from "./datasets/datasets";
import { EarlyStopping } from "./earlyStopping";
import type { FitOutcome, StopSignal } from "./fit";
import { UsageProblem } from "./fitData";
import { batchesPerEpoch, evaluateTest, fitOnTfjs, fitOnTorch, type TorchHolder } from "./fitOn";
import { TorchFailure } from "./pytorch/fitTorch";
import { prepare, StoppedEarly, type Prepared, type TrainerEnvironment } from "./prepare";
import { appendLog, saveModel, writeStart } from "./runFolder";
import { createRunFolder } from "../node/runsFolder";
import { joinMachines } from "./machines";
import { bestMonitor, RunRecorder } from "./runRecorder";
import { grouped, msg, say } from "./say";

export type { StopSignal } from "./fit";
export type { TrainerEnvironment } from "./prepare";

/** The loss became NaN or infinite: the run failed, its last good epoch kept in the checkpoints. */
class Diverged extends Error {}

/** What a started run keeps: its folder, its recorder and its early stopping. */
interface Started {
  readonly runDir: string;
  readonly recorder: RunRecorder;
  readonly earlyStopping: EarlyStopping | null;
  readonly batches: number;
}

/** Creates the run folder and its recorder, and says so: the start event and the log's first lines. */
function startRun(
  p: Prepared,
  request: StartRequest,
  emit: (e: TrainerEvent) => void,
  log: (line: string) => void,
  run: RunState,
): Started {
  const { selected, parts, training, epochs } = p;
  try {
    run.runDir = p.resumed?.runDir ?? createRunFolder(request.modelPath, request.runsDir);
  } catch (e) {
    // Where runs go is the user's to fix (a file in the way, a read-only folder): exit status 2.
    throw new UsageProblem(say(msg("trainer.runsFolder", { reason: (e as Error).message })));
  }
  const runDir = run.runDir;
  // The record and the start event keep the device and the skipped backends in English, as --json does.
  const device = formatMessage(selected.device, englishCatalogue);
  const skipped = skippedInEnglish(selected.skipped);
  writeStart(runDir, p.modelText, epochs, {
    backend: selected.backend,
    device,
    skipped,
    data: {
      samples: p.samples ?? null,
      train: parts.train.count,
      validation: parts.validation?.count ?? 0,
      test: parts.test?.count ?? 0,
    },
  });
  const batches = batchesPerEpoch(p);
  const es = training.earlyStopping ? new EarlyStopping(training.earlyStopping) : null;
  const recorder = new RunRecorder({
    runDir,
    model: p.model,
    optimizer: p.optimizer,
    optimizerSettings: training.optimizer,
    epochs,
    batchesPerEpoch: batches,
    monitor: bestMonitor(es?.config.monitor, parts.validation !== null),
    random: p.random,
    earlyStopping: es,
    backend: selected.backend,
  });
  run.recorder = recorder;
  const from = p.resumed?.checkpoint.manifest;
  if (p.resumed && from) {
    recorder.continueFrom({ ...p.resumed, epoch: from.epoch });
    if (es && from.earlyStopping) es.restore(from.earlyStopping);
  }
  emit({
    type: "start",
    protocolVersion: trainerProtocolVersion,
    backend: selected.backend,
    device,
    skipped,
    split: { train: parts.train.count, validation: parts.validation?.count ?? 0, test: parts.test?.count ?? 0 },
    epochs,
    batchesPerEpoch: batches,
    runDir,
    ...(p.resumed ? { resumedFrom: p.resumed.checkpoint.manifest.epoch } : {}),
  });
  for (const line of formatSummary(p.analysis).split("\n")) log(line);
  log(say(msg("run.backend", { backend: selected.backend, device: selected.device })));
  for (const s of selected.skipped) log(say(msg("run.skipped", { backend: s.backend, reason: s.reason })));
  if (from) log(say(msg("run.resumed", { epoch: from.epoch, epochs, step: from.step })));
  // A run goes on with its own model: a model file changed since, or another, is not what trains.
  if (from && request.modelText !== p.modelText) log(say(msg("run.ownModel", { file: basename(request.modelPath) })));
  if (p.initial) {
    log(say(msg("run.initialWeights", { count: p.initial.loaded.length, run: p.initial.run })));
    if (p.initial.fresh.length > 0) log(say(msg("run.fresh", { layers: p.initial.fresh.join(", ") })));
  }
  for (const a of p.adapted) log(say(msg("run.adapted", { layer: a.layer, values: grouped(a.values) })));
  const counts = {
    train: grouped(parts.train.count),
    validation: grouped(parts.validation?.count ?? 0),
    test: grouped(parts.test?.count ?? 0),
  };
  log(say(msg("run.data", { description: p.data.description, ...counts })));
  if (p.memoryNote) log(say(p.memoryNote));
  return { runDir, recorder, earlyStopping: es, batches };
}

/** Fits the model with events; a diverged loss fails the run, and early stopping's best weights are restored. */
async function fitRun(
  p: Prepared,
  s: Started,
  stop: StopSignal,
  emit: (e: TrainerEvent) => void,
  log: (line: string) => void,
  run: RunState,
): Promise<FitOutcome> {
  const { tf } = p.selected;
  const { recorder, earlyStopping: es } = s;
  const fit = p.selected.torch ? await fitOnTorch(p, s, stop, emit, log, run, p.driverDir) : await fitOnTfjs(p, s, stop, emit, log);
  if (fit.diverged) {
    const kept = recorder.lastCheckpoint ? msg("trainer.divergedKept", { epoch: recorder.lastCheckpoint }) : msg("trainer.divergedNothing");
    throw new Diverged(say(msg("trainer.diverged", { where: stopReasonMessage(fit.diverged), kept })));
  }
  if (fit.stopReason) log(say(msg("run.stopped", { reason: stopReasonMessage(fit.stopReason) })));
  if (es && fit.bestWeights && es.bestEpoch !== recorder.history.length) {
    p.model.setWeights(fit.bestWeights);
    log(say(msg("run.restored", { epoch: es.bestEpoch, monitor: es.config.monitor })));
  }
  tf.dispose(fit.bestWeights ?? []);
  if (recorder.bestEpoch && recorder.bestEpoch !== recorder.history.length) log(say(msg("run.best", { epoch: recorder.bestEpoch })));
  return fit;
}

/** Evaluates the test set (unless stopped at once), saves the model, and ends the run: its status and the end event. */
async function finishRun(
  p: Prepared,
  s: Started,
  fit: FitOutcome,
  stop: StopSignal,
  emit: (e: TrainerEvent) => void,
  log: (line: string) => void,
  run: TorchHolder,
): Promise<void> {
  const { tf } = p.selected;
  const { recorder, runDir } = s;
  let test: Record<string, number> | null = null;
  let stopReason = fit.stopReason;
  if (p.parts.test) {
    test = await evaluateTest(p, stop, run);
    if (test)
      log(
        Object.entries(test)
          .map(([k, v]) => `Test ${k}: ${v.toFixed(4)}`)
          .join(" · "),
      );
    else {
      log(say(msg("run.notEvaluated")));
      stopReason ??= stoppedBeforeEvaluation;
    }
  }
  await saveModel(tf, p.model, runDir);
  p.model.dispose();
  // The samples trained on, not epochs × the set: a Stop's cut-short epoch counts the batches it ran.
  const samplesPerSecond = fit.samples / fit.seconds;
  const userStop = fit.aborted || stoppedByUser(stopReason);
  recorder.finish({ test, stopReason, samplesPerSecond, state: userStop ? "stopped" : "done", partial: fit.partial });
  emit({ type: "end", test, runDir, stopped: stopReason !== null, stopReason, epochsRun: recorder.history.length, samplesPerSecond });
}

/** The run folder and recorder once they exist: where a failure is recorded; the pytorch backend's process. */
interface RunState extends TorchHolder {
  runDir: string;
  recorder?: RunRecorder;
}

/** What a WebAssembly memory failure means, said so (the wasm backend has 4 GB at most); otherwise undefined. */
function outOfMemory(e: unknown): Message | undefined {
  // (A WebAssembly.RuntimeError: the ES2022 library this room is built with does not declare WebAssembly.)
  if (!(e instanceof Error) || e.name !== "RuntimeError" || !/memory access out of bounds|out of memory/i.test(e.message)) return undefined;
  return msg("trainer.wasmMemory");
}

/** What a failure of the PyTorch trainer means, and its fix. */
function torchMessage(e: TorchFailure, kept: (failure: Message) => Message, logged: boolean): Message {
  if (e.kind === "lost") return kept(msg("trainer.failed", { error: e.message }));
  if (e.kind === "oom")
    return kept(msg("trainer.failed", { error: msg("trainer.deviceMemory", { error: e.message.split("\n")[0].slice(0, 200) }) }));
  const failure = kept(msg("trainer.failedInPytorch", { error: e.message }));
  if (!logged && e.own) return failure;
  return msg(logged ? "trainer.lastWordsInLog" : "trainer.lastWordsAbove", { failure });
}

/** A failure as the error event says it, and as the run folder records it; returns the message. */
function fail(e: unknown, run: RunState, emit: (e: TrainerEvent) => void): string {
  if (e instanceof StoppedEarly) {
    emit({ type: "error", message: e.message, usage: false, stopped: true });
    return e.message;
  }
  const usage = e instanceof UsageProblem || e instanceof DatasetError || e instanceof BuildError;
  const checkpoint = run.recorder?.lastCheckpoint;
  const kept = (failure: Message): Message => (checkpoint ? msg("trainer.lastCheckpoint", { failure, epoch: checkpoint }) : failure);
  const message =
    usage || e instanceof Diverged
      ? (e as Error).message
      : say(
          e instanceof TorchFailure
            ? torchMessage(e, kept, Boolean(run.runDir))
            : e instanceof FileError
              ? kept(msg("trainer.notSaved", { error: e.message }))
              : kept(msg("trainer.failed", { error: outOfMemory(e) ?? (e instanceof Error ? e.message : String(e)) })),
        );
  // The user sees the message; the stack, for a bug report, goes to the run's log.
  const unexpected = !usage && !(e instanceof Diverged) && !(e instanceof FileError) && !(e instanceof TorchFailure) && e instanceof Error;
  if (run.runDir) appendLog(run.runDir, `Error: ${unexpected ? (e.stack ?? message) : message}`);
  if (run.runDir) markRunEnded(run.runDir, "failed", message);
  emit({ type: "error", message: printable(message, true), usage });
  return message;
}

/** Runs one training; every outcome, failures included, is an event. */
export async function runTraining(
  request: StartRequest,
  emit: (e: TrainerEvent) => void,
  stop: StopSignal,
  env: TrainerEnvironment,
): Promise<void> {
  const run: RunState = { runDir: "" };
  // Lines and messages carry names and paths from the model file and the dataset: their control characters escaped.
  const log = (line: string) => {
    emit({ type: "log", line: printable(line, true) });
    if (run.runDir) appendLog(run.runDir, line);
  };
  let failed: string | undefined;
  try {
    const prepared = await prepare(request, env, stop);
    if ((await joinMachines(prepared, stop, emit, log, run)) === "member") return;
    const started = startRun(prepared, request, emit, log, run);
    const fit = await fitRun(prepared, started, stop, emit, log, run);
    await finishRun(prepared, started, fit, stop, emit, log, run);
  } catch (e) {
    // Python's last words: in the run's log, or said here when there is no run folder (yet, or on this machine).
    if (run.torch && (run.runDir || (e instanceof TorchFailure && e.kind !== "lost" && !e.own)))
      for (const line of run.torch.lastWords.slice(run.runDir ? 0 : -20))
        if (run.runDir) appendLog(run.runDir, `python: ${line}`);
        else log(`python: ${line}`);
    failed = fail(e, run, emit);
    // A machine gone: nothing left to end together with (torchrun may wait for its rendezvous host in vain).
    if (e instanceof TorchFailure && e.kind === "lost") run.torch?.kill();
  } finally {
    // (Other machines' ranks hear of a failure here: they must not report that all went well.)
    await run.torch?.close(failed);
  }
}

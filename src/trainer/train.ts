/**
 * One training run, independent of its transport: checks the model and dataset, picks the backend, builds
 * and compiles the model as Keras would, fits it (src/trainer/fit.ts) while the run recorder keeps the run folder
 * up to date after every epoch (metrics, checkpoints, status), evaluates the held-out test set and writes the
 * final model. Every outcome, failures included, is an event and a status in the run folder.
 */
import { totalmem } from "node:os";
import { dirname } from "node:path";
import { analyze, formatBytes, formatSummary, LineIndex, printable, tfjsNameProblem } from "../core";
import { FileError } from "../node/files";
import { markRunEnded } from "../node/runFolder";
import { backendNames, trainerProtocolVersion, type StartRequest, type TrainerEvent } from "../protocol/trainer";
import { selectBackend, type ModuleLoader, type Tf } from "./backends";
import { BuildError, buildModel } from "./buildModel";
import { learningRate, lossFunction, metricFunctions, optimizer } from "./compileSettings";
import { DatasetError, loadDataset, seededRandom, split, type Samples } from "./datasets/datasets";
import { registerDilatedGradients } from "./kernels/dilatedGradients";
import { EarlyStopping, type EarlyStoppingConfig } from "./earlyStopping";
import { fitModel, type StopSignal } from "./fit";
import { checkTargets, kerasKey, targets, UsageProblem } from "./fitData";
import { appendLog, createRunFolder, runsFolderProblem, saveModel, writeStart } from "./runFolder";
import { bestMonitor, RunRecorder } from "./runRecorder";

export type { StopSignal } from "./fit";

/** Where the trainer finds its assets, and how it loads native packages (tests inject a fake). */
export interface TrainerEnvironment {
  readonly builtinDir: string;
  readonly wasmDir?: string;
  readonly load?: ModuleLoader;
}

/** The loss became NaN or infinite: the run failed, its last good epoch kept in the checkpoints. */
class Diverged extends Error {}

/** A Stop arrived before training began (while the data loaded): nothing to save, no run folder. */
class StoppedEarly extends Error {}

/**
 * The test set's loss and metrics, as tfjs' evaluate gives them (per batch of `batchSize`, averaged by samples),
 * a few batches at a time so that a Stop now is heard in between; null when one was.
 */
async function evaluate(
  tf: Tf,
  model: ReturnType<Tf["model"]>,
  x: ReturnType<Tf["zeros"]>,
  y: ReturnType<Tf["zeros"]>,
  batchSize: number,
  stop: StopSignal,
): Promise<Record<string, number> | null> {
  const count = x.shape[0] ?? 0;
  // Whole batches, about 512 samples at a time: the same averages as one call, and a Stop now heard in between.
  const chunk = Math.max(1, Math.round(512 / batchSize)) * batchSize;
  const sums: number[] = [];
  for (let start = 0; start < count; start += chunk) {
    await new Promise((resolve) => setImmediate(resolve));
    if (stop.abortRequested) return null;
    const size = Math.min(chunk, count - start);
    const [xs, ys] = [x.slice(start, size), y.slice(start, size)];
    const out = model.evaluate(xs, ys, { batchSize });
    const list = Array.isArray(out) ? out : [out];
    const values = await Promise.all(list.map(async (t) => (await t.data())[0]));
    values.forEach((v, i) => (sums[i] = (sums[i] ?? 0) + v * size));
    tf.dispose([xs, ys, ...list]);
  }
  return Object.fromEntries(model.metricsNames.map((k, i) => [kerasKey(k), sums[i] / count]));
}

/** Runs one training; every outcome, failures included, is an event. */
export async function runTraining(
  request: StartRequest,
  emit: (e: TrainerEvent) => void,
  stop: StopSignal,
  env: TrainerEnvironment,
): Promise<void> {
  let runDir = "";
  let recorder: RunRecorder | undefined;
  // Lines and messages carry names and paths from the model file and the dataset: their control characters escaped.
  const log = (line: string) => {
    emit({ type: "log", line: printable(line, true) });
    if (runDir) appendLog(runDir, line);
  };
  try {
    const analysis = analyze(request.modelText);
    const errors = analysis.diagnostics.filter((d) => d.severity === "error");
    if (errors.length) {
      const lines = new LineIndex(request.modelText);
      const at = (d: (typeof errors)[number]) => {
        const p = lines.positionAt(d.offset);
        return `${request.modelPath}:${p.line}:${p.column}: `;
      };
      throw new UsageProblem(
        `the model has ${errors.length} error${errors.length > 1 ? "s" : ""}: ${errors.map((d) => `${at(d)}${d.message}`).join("; ")}`,
      );
    }
    const named = analysis.layers.find((l) => tfjsNameProblem(l.name));
    if (named)
      throw new UsageProblem(`the layer name '${named.name}' ${tfjsNameProblem(named.name)}, so it cannot be trained here; rename it`);
    const training = analysis.training;
    if (!training?.dataset) throw new UsageProblem(`the model file has no training.dataset to train on (e.g. { "type": "mnist-sample" })`);
    const inputLayers = analysis.layers.filter((l) => l.type === "Input");
    if (inputLayers.length !== 1 || analysis.outputs.length !== 1)
      throw new UsageProblem("training needs a model with one input and one output");
    const inputShape = inputLayers[0].outputShape?.slice(1) as number[];
    const output = analysis.layers.find((l) => l.name === analysis.outputs[0]);
    const units = Number(output?.outputShape?.at(-1) ?? 1);

    // The engine knows the sizes: a model whose training cannot fit in this machine's memory is said before any
    // tensor is allocated, not as "Invalid typed array length" or an out-of-memory kill minutes later.
    const m = analysis.memory.training;
    const needed = m.totalBytes ?? m.weightBytes + m.gradientBytes + m.optimizerStateBytes;
    if (needed > totalmem())
      throw new UsageProblem(
        `training needs about ${formatBytes(needed)} (weights, gradients, ${m.optimizer} state and activations at batch ${m.batchSize}), more than this machine's ${formatBytes(totalmem())} of memory; make the model or the batch smaller`,
      );
    // A runs folder that cannot be written is said now, not after the data has loaded.
    const runsProblem = runsFolderProblem(request.modelPath, request.runsDir);
    if (runsProblem) throw new UsageProblem(`cannot create the run's folder: ${runsProblem}`);
    const data = loadDataset(training.dataset, { modelDir: dirname(request.modelPath), builtinDir: env.builtinDir, inputShape });
    checkTargets(data, output?.name ?? "output", output?.outputShape ?? [null, units], training.loss);
    const seed = training.seed ?? 1337;
    const parts = split(data, { validationSplit: training.validationSplit, testSplit: training.testSplit, seed, limit: request.samples });
    const epochs = request.epochs ?? training.epochs;

    if (request.backend !== undefined && !(backendNames as readonly string[]).includes(request.backend))
      throw new UsageProblem(`unknown backend '${String(request.backend)}': use one of ${backendNames.join(", ")}`);
    let selected;
    try {
      selected = await selectBackend({ forced: request.backend, modulePaths: request.modulePaths, wasmDir: env.wasmDir, load: env.load });
    } catch (e) {
      throw new UsageProblem((e as Error).message);
    }
    const { tf } = selected;
    // With a seed, the run is repeatable: tfjs draws its initial weights, dropout masks and per-epoch shuffles
    // from Math.random, which this process (the trainer's own) replaces with the seeded generator, whose state
    // every checkpoint records.
    const random = training.seed !== null ? seededRandom(training.seed + 1) : null;
    if (random) Math.random = random;
    registerDilatedGradients(tf);
    const model = buildModel(tf, request.modelText, analysis);
    const opt = optimizer(tf, training.optimizer);
    const metrics = metricFunctions(tf, training, units);
    const loss = lossFunction(tf, training.loss, training.labelSmoothing);
    if (typeof loss === "object") throw new UsageProblem(loss.problem);
    model.compile({ optimizer: opt, loss, metrics });
    if (stop.stopRequested) throw new StoppedEarly("stopped before training began: nothing was trained");

    try {
      runDir = createRunFolder(request.modelPath, request.runsDir);
    } catch (e) {
      // Where runs go is the user's to fix (a file in the way, a read-only folder): exit status 2.
      throw new UsageProblem(`cannot create the run's folder: ${(e as Error).message}`);
    }
    writeStart(runDir, request.modelText, epochs, { backend: selected.backend, device: selected.device, skipped: selected.skipped });
    const batches = Math.ceil(parts.train.count / training.batchSize);
    const es = training.earlyStopping ? new EarlyStopping(training.earlyStopping as unknown as EarlyStoppingConfig) : null;
    recorder = new RunRecorder({
      runDir,
      model,
      optimizer: opt,
      optimizerSettings: training.optimizer,
      epochs,
      batchesPerEpoch: batches,
      monitor: bestMonitor(es?.config.monitor, parts.validation !== null),
      random,
      earlyStopping: es,
      backend: selected.backend,
    });
    emit({
      type: "start",
      protocolVersion: trainerProtocolVersion,
      backend: selected.backend,
      device: selected.device,
      skipped: selected.skipped,
      split: { train: parts.train.count, validation: parts.validation?.count ?? 0, test: parts.test?.count ?? 0 },
      epochs,
      batchesPerEpoch: batches,
      runDir,
    });
    for (const line of formatSummary(analysis).split("\n")) log(line);
    log(`Backend: ${selected.backend} (${selected.device})`);
    for (const s of selected.skipped) log(`  skipped ${s.backend}: ${s.reason}`);
    log(
      `Data: ${data.description}: ${parts.train.count} training, ${parts.validation?.count ?? 0} validation, ${parts.test?.count ?? 0} test samples`,
    );

    const tensor = (s: Samples) =>
      [tf.tensor(s.x, [s.count, ...inputShape]), targets(tf, s, training.loss, units, data.targetSize)] as const;
    const [xTrain, yTrain] = tensor(parts.train);
    const validation = parts.validation ? tensor(parts.validation) : null;
    const fit = await fitModel({
      model,
      optimizer: opt,
      x: xTrain,
      y: yTrain,
      validation,
      epochs,
      batchSize: training.batchSize,
      batches,
      shuffle: training.shuffle,
      rate: learningRate(training.optimizer, epochs * batches),
      initialRate: typeof training.optimizer.learningRate === "number" ? training.optimizer.learningRate : 0.001,
      earlyStopping: es,
      recorder,
      stop,
      emit,
      log,
    });
    tf.dispose([xTrain, yTrain, ...(validation ?? [])]);
    if (fit.diverged) {
      const kept = recorder.lastCheckpoint
        ? `the last good epoch, ${recorder.lastCheckpoint}, is kept in checkpoints/last.json`
        : "no epoch finished before it, so there is no checkpoint";
      throw new Diverged(
        `${fit.diverged}; training stopped (TerminateOnNaN): ${kept}. A lower learning rate, or inputs scaled to small values, usually cure it`,
      );
    }
    const history = recorder.history;
    if (fit.stopReason) log(`Stopped: ${fit.stopReason}`);
    if (es && fit.bestWeights && es.bestEpoch !== history.length) {
      model.setWeights(fit.bestWeights);
      log(`Restored the weights of epoch ${es.bestEpoch} (best ${es.config.monitor})`);
    }
    tf.dispose(fit.bestWeights ?? []);
    if (recorder.bestEpoch && recorder.bestEpoch !== history.length)
      log(`Best epoch: ${recorder.bestEpoch} (its weights are in checkpoints/best.json)`);
    let test: Record<string, number> | null = null;
    let stopReason = fit.stopReason;
    if (parts.test) {
      const [xTest, yTest] = tensor(parts.test);
      test = await evaluate(tf, model, xTest, yTest, training.batchSize, stop);
      tf.dispose([xTest, yTest]);
      if (test)
        log(
          Object.entries(test)
            .map(([k, v]) => `Test ${k}: ${v.toFixed(4)}`)
            .join(" · "),
        );
      else {
        log("Not evaluated: stopped at once");
        stopReason ??= "stopped at once, before the evaluation";
      }
    }
    await saveModel(tf, model, runDir);
    model.dispose();
    // The samples trained on, not epochs × the set: a Stop's cut-short epoch counts the batches it ran.
    const samplesPerSecond = fit.samples / fit.seconds;
    const userStop = fit.aborted || stopReason === "stop request" || stopReason?.startsWith("stopped at once") === true;
    recorder.finish({ test, stopReason, samplesPerSecond, state: userStop ? "stopped" : "done", partial: fit.partial });
    emit({
      type: "end",
      test,
      runDir,
      stopped: stopReason !== null,
      stopReason,
      epochsRun: history.length,
      samplesPerSecond,
    });
  } catch (e) {
    if (e instanceof StoppedEarly) return emit({ type: "error", message: e.message, usage: false, stopped: true });
    const usage = e instanceof UsageProblem || e instanceof DatasetError || e instanceof BuildError;
    const kept = recorder?.lastCheckpoint ? `; the last checkpoint (epoch ${recorder.lastCheckpoint}) is in checkpoints/last.json` : "";
    const message =
      usage || e instanceof Diverged
        ? (e as Error).message
        : e instanceof FileError
          ? `could not save the run: ${e.message}${kept}`
          : `training failed: ${e instanceof Error ? e.message : String(e)}${kept}`;
    // The user sees the message; the stack, for a bug report, goes to the run's log.
    const unexpected = !usage && !(e instanceof Diverged) && !(e instanceof FileError) && e instanceof Error;
    if (runDir) appendLog(runDir, `Error: ${unexpected ? (e.stack ?? message) : message}`);
    if (runDir) markRunEnded(runDir, "failed", message);
    emit({ type: "error", message: printable(message, true), usage });
  }
}

/**
 * One training run, independent of its transport: checks the model and dataset, picks the backend, builds
 * and compiles the model as Keras would, fits it with per-batch and per-epoch events, early stopping, Keras'
 * learning-rate schedules (Keras' legacy decay among them), label smoothing and Stop, evaluates the held-out test set and writes the run folder.
 */
import { dirname, join } from "node:path";
import { analyze, formatShape, formatSummary, LineIndex } from "../core";
import type { StartRequest, TrainerEvent } from "../protocol/trainer";
import { backendOrder, selectBackend, type ModuleLoader, type Tf } from "./backends";
import { BuildError, buildModel } from "./buildModel";
import { learningRate, lossFunction, metricFunctions, optimizer, setLearningRate } from "./compileSettings";
import { DatasetError, loadDataset, seededRandom, split, type Dataset, type Samples } from "./datasets";
import { registerDilatedGradients } from "./dilatedGradients";
import { EarlyStopping, type EarlyStoppingConfig } from "./earlyStopping";
import { appendLog, createRunFolder, saveModel, writeMetrics, writeStart, type EpochRow } from "./runFolder";

/** Where the trainer finds its assets, and how it loads native packages (tests inject a fake). */
export interface TrainerEnvironment {
  readonly builtinDir: string;
  readonly wasmDir?: string;
  readonly load?: ModuleLoader;
}

/** Lets the client stop a run at the next batch end. */
export interface StopSignal {
  readonly stopRequested: boolean;
}

/** A problem the user must fix (model, dataset, usage): reported with `usage: true`. */
class UsageProblem extends Error {}

/** Keras' names for tfjs-layers' log keys. */
const kerasKey = (k: string) => k.replace(/^acc$/, "accuracy").replace(/^val_acc$/, "val_accuracy");
/** Logs under Keras' names, training values before validation ones. */
const kerasLogs = (logs: Record<string, unknown> | undefined): Record<string, number> =>
  Object.fromEntries(
    Object.entries(logs ?? {})
      .map(([k, v]) => [kerasKey(k), Number(v)] as const)
      .sort(([a], [b]) => Number(a.startsWith("val_")) - Number(b.startsWith("val_"))),
  );
const fmt = (logs: Record<string, number>) =>
  Object.entries(logs)
    .map(([k, v]) => `${k}: ${v.toFixed(4)}`)
    .join(" - ");

/** Refuses, before anything starts, labels or targets that the model's output (shape with batch) cannot take, naming both. */
function checkTargets(data: Dataset, name: string, shape: readonly (number | null)[]): void {
  const output = `the model's output ${name} is ${formatShape(shape.slice(1))}`;
  if (shape.length !== 2) throw new UsageProblem(`training needs an output of one row per sample, (None, units), but ${output}`);
  const units = Number(shape[1]);
  if (data.targetSize !== null) {
    if (data.targetSize !== units) throw new UsageProblem(`the dataset's targets are ${formatShape([data.targetSize])}, but ${output}`);
    return;
  }
  for (const set of [data.samples, data.test])
    for (const l of (set?.y ?? []) as Int32Array)
      if (l < 0 || (units > 1 && l >= units))
        throw new UsageProblem(
          `the dataset has label ${l}, but ${output}: ${units} class${units === 1 ? "" : "es"}, labels 0–${units - 1}`,
        );
}

/** Labels as the loss wants them: class indices for the sparse loss, one-hot rows otherwise. */
function targets(tf: Tf, s: Samples, loss: string, units: number, targetSize: number | null) {
  if (targetSize !== null) return tf.tensor2d(s.y as Float32Array, [s.count, targetSize]);
  const labels = s.y as Int32Array;
  if (loss === "sparseCategoricalCrossentropy") return tf.tensor2d(Float32Array.from(labels), [s.count, 1]);
  if (units === 1) return tf.tensor2d(Float32Array.from(labels), [s.count, 1]);
  return tf.tidy(() => tf.oneHot(tf.tensor1d(labels, "int32"), units).toFloat());
}

/** Runs one training; every outcome, failures included, is an event. */
export async function runTraining(
  request: StartRequest,
  emit: (e: TrainerEvent) => void,
  stop: StopSignal,
  env: TrainerEnvironment,
): Promise<void> {
  let runDir = "";
  const log = (line: string) => {
    emit({ type: "log", line });
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
    const training = analysis.training;
    if (!training?.dataset) throw new UsageProblem(`the model file has no training.dataset to train on (e.g. { "type": "mnist-sample" })`);
    const inputLayers = analysis.layers.filter((l) => l.type === "Input");
    if (inputLayers.length !== 1 || analysis.outputs.length !== 1)
      throw new UsageProblem("training needs a model with one input and one output");
    const inputShape = inputLayers[0].outputShape?.slice(1) as number[];
    const output = analysis.layers.find((l) => l.name === analysis.outputs[0]);
    const units = Number(output?.outputShape?.at(-1) ?? 1);

    const data = loadDataset(training.dataset, { modelDir: dirname(request.modelPath), builtinDir: env.builtinDir, inputShape });
    checkTargets(data, output?.name ?? "output", output?.outputShape ?? [null, units]);
    const seed = training.seed ?? 1337;
    const parts = split(data, { validationSplit: training.validationSplit, testSplit: training.testSplit, seed, limit: request.samples });
    const epochs = request.epochs ?? training.epochs;

    if (request.backend !== undefined && !backendOrder.includes(request.backend))
      throw new UsageProblem(`unknown backend '${String(request.backend)}': use one of ${backendOrder.join(", ")}`);
    let selected;
    try {
      selected = await selectBackend({ forced: request.backend, modulePaths: request.modulePaths, wasmDir: env.wasmDir, load: env.load });
    } catch (e) {
      throw new UsageProblem((e as Error).message);
    }
    const { tf } = selected;
    // With a seed, the run is repeatable: tfjs draws its initial weights, dropout masks and per-epoch shuffles
    // from Math.random, which this process (the trainer's own) replaces with the seeded generator.
    if (training.seed !== null) Math.random = seededRandom(training.seed + 1);
    registerDilatedGradients(tf);
    const model = buildModel(tf, request.modelText, analysis);
    const opt = optimizer(tf, training.optimizer);
    const metrics = metricFunctions(tf, training, units);
    const loss = lossFunction(tf, training.loss, training.labelSmoothing);
    if (typeof loss === "object") throw new UsageProblem(loss.problem);
    model.compile({ optimizer: opt, loss, metrics });

    runDir = createRunFolder(request.modelPath, request.runsDir);
    writeStart(runDir, request.modelText, { backend: selected.backend, device: selected.device, skipped: selected.skipped });
    const batches = Math.ceil(parts.train.count / training.batchSize);
    emit({
      type: "start",
      protocolVersion: 1,
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

    const rate = learningRate(training.optimizer, epochs * batches);
    const es = training.earlyStopping ? new EarlyStopping(training.earlyStopping as unknown as EarlyStoppingConfig) : null;
    const history: EpochRow[] = [];
    const batchRows: EpochRow[] = [];
    let iterations = 0;
    let epochStart = 0;
    let stopReason: string | null = null;
    let bestWeights: ReturnType<Tf["zeros"]>[] | null = null;
    const started = performance.now();
    await model.fit(xTrain, yTrain, {
      epochs,
      batchSize: training.batchSize,
      shuffle: training.shuffle,
      validationData: validation ? [validation[0], validation[1]] : undefined,
      verbose: 0,
      yieldEvery: "never",
      callbacks: {
        onEpochBegin: async (epoch) => {
          epochStart = performance.now();
          log(`Epoch ${epoch + 1}/${epochs}`);
        },
        onBatchBegin: async () => {
          if (rate) setLearningRate(opt, rate(iterations));
        },
        onBatchEnd: async (batch, logs) => {
          iterations++;
          const row = kerasLogs(logs);
          batchRows.push({ epoch: history.length + 1, batch: batch + 1, ...row });
          emit({ type: "batchEnd", epoch: history.length + 1, batch: batch + 1, batches, logs: row });
          // Let the IPC channel deliver a Stop request between batches.
          await new Promise((resolve) => setImmediate(resolve));
          if (stop.stopRequested && !stopReason) {
            stopReason = "stop request";
            model.stopTraining = true;
          }
        },
        onEpochEnd: async (epoch, logs) => {
          const seconds = (performance.now() - epochStart) / 1000;
          const row = kerasLogs(logs);
          history.push({ epoch: epoch + 1, ...row });
          const msPerStep = (seconds * 1000) / batches;
          log(`${batches}/${batches} - ${fmt(row)} - ${Math.round(seconds)}s ${Math.round(msPerStep)}ms/step`);
          emit({
            type: "epochEnd",
            epoch: epoch + 1,
            epochs,
            logs: row,
            seconds,
            msPerStep,
            ...(stopReason === "stop request" ? { stopping: true as const } : {}),
          });
          if (!es || stopReason) return;
          const decision = es.onEpochEnd(epoch + 1, row);
          if (decision === "improved") {
            // The best epoch's weights: restored at the end, or saved beside the final model as best/.
            bestWeights?.forEach((w) => w.dispose());
            bestWeights = model.getWeights().map((w) => w.clone());
          } else if (decision === "stop") {
            stopReason = es.reason;
            model.stopTraining = true;
          }
        },
      },
    });
    const trainSeconds = (performance.now() - started) / 1000;
    if (stopReason) log(`Stopped: ${stopReason}`);
    const bestIsLast = !es || es.bestEpoch === history.length;
    if (es && bestWeights && !bestIsLast) {
      if (es.config.restoreBestWeights) {
        model.setWeights(bestWeights);
        log(`Restored the weights of epoch ${es.bestEpoch} (best ${es.config.monitor})`);
      } else {
        // The final model keeps the last epoch's weights; the best checkpoint goes beside it.
        const final = model.getWeights().map((w) => w.clone());
        model.setWeights(bestWeights);
        await saveModel(tf, model, join(runDir, "best"));
        model.setWeights(final);
        tf.dispose(final);
        log(`Best checkpoint (epoch ${es.bestEpoch}, ${es.config.monitor}) saved in best/`);
      }
    }
    tf.dispose(bestWeights ?? []);
    let test: Record<string, number> | null = null;
    if (parts.test) {
      const [xTest, yTest] = tensor(parts.test);
      const result = model.evaluate(xTest, yTest, { batchSize: training.batchSize });
      const values = await Promise.all((Array.isArray(result) ? result : [result]).map(async (t) => (await t.data())[0]));
      test = Object.fromEntries(model.metricsNames.map((k, i) => [kerasKey(k), values[i]]));
      log(
        Object.entries(test)
          .map(([k, v]) => `Test ${k}: ${v.toFixed(4)}`)
          .join(" · "),
      );
      tf.dispose([xTest, yTest, ...(Array.isArray(result) ? result : [result])]);
    }
    await saveModel(tf, model, runDir);
    const samplesPerSecond = (parts.train.count * history.length) / trainSeconds;
    writeMetrics(runDir, {
      epochs: history,
      batches: batchRows,
      test,
      stopReason,
      bestEpoch: es?.bestEpoch || null,
      samplesPerSecond,
      backend: selected.backend,
    });
    tf.dispose([xTrain, yTrain, ...(validation ?? [])]);
    model.dispose();
    emit({ type: "end", test, runDir, stopped: stopReason !== null, stopReason, epochsRun: history.length, samplesPerSecond });
  } catch (e) {
    const usage = e instanceof UsageProblem || e instanceof DatasetError || e instanceof BuildError;
    const message = usage ? (e as Error).message : `training failed: ${e instanceof Error ? e.message : String(e)}`;
    // The user sees the message; the stack, for a bug report, goes to the run's log.
    if (runDir) appendLog(runDir, `Error: ${usage || !(e instanceof Error) ? message : (e.stack ?? message)}`);
    emit({ type: "error", message, usage });
  }
}

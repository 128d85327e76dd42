/**
 * The `training` section of a model file — Keras `compile` + `fit` — described once: its reading with located
 * diagnostics, its defaults and its JSON Schema all come from the specs below.
 */
import type { PendingDiagnostic } from "../document/diagnostics";
import type { ParamSpecs, ResolvedParams } from "../document/params";
import { briefValue } from "../document/readParam";
import { readDataset, testFields, type DatasetConfig } from "./datasetSpecs";
import { readSchedule, type Schedule } from "./schedules";
import { didYouMean, didYouMeanHint } from "../document/suggest";
import { isObject, readFields } from "./trainingFields";
import { msg, joined } from "../messages/format";

/** Optimizers and their parameters (tfjs-layers' names, Keras' defaults). */
export const optimizerSpecs = {
  adam: {
    beta1: { kind: "float", min: 0, max: 1, exclusiveMax: true, default: 0.9, doc: "Decay of the first-moment estimates." },
    beta2: { kind: "float", min: 0, max: 1, exclusiveMax: true, default: 0.999, doc: "Decay of the second-moment estimates." },
    epsilon: { kind: "float", min: 0, exclusiveMin: true, default: 1e-7, doc: "Numerical stability constant." },
  },
  adamax: {
    beta1: { kind: "float", min: 0, max: 1, exclusiveMax: true, default: 0.9, doc: "Decay of the first-moment estimates." },
    beta2: { kind: "float", min: 0, max: 1, exclusiveMax: true, default: 0.999, doc: "Decay of the infinity norm." },
    epsilon: { kind: "float", min: 0, exclusiveMin: true, default: 1e-7, doc: "Numerical stability constant." },
  },
  sgd: {
    momentum: { kind: "float", min: 0, default: 0, doc: "Momentum; 0 is plain SGD." },
    nesterov: { kind: "bool", default: false, doc: "Nesterov momentum." },
  },
  rmsprop: {
    rho: { kind: "float", min: 0, max: 1, default: 0.9, doc: "Discounting factor of the gradient history." },
    momentum: { kind: "float", min: 0, default: 0, doc: "Momentum." },
    epsilon: { kind: "float", min: 0, exclusiveMin: true, default: 1e-7, doc: "Numerical stability constant." },
  },
  adagrad: { initialAccumulatorValue: { kind: "float", min: 0, default: 0.1, doc: "Starting value of the accumulators." } },
  adadelta: {
    rho: { kind: "float", min: 0, max: 1, default: 0.95, doc: "Decay rate." },
    epsilon: { kind: "float", min: 0, exclusiveMin: true, default: 1e-7, doc: "Numerical stability constant." },
  },
} as const satisfies Record<string, ParamSpecs>;

/** Parameters every optimizer takes. */
export const optimizerCommon = {
  learningRate: { kind: "float", min: 0, exclusiveMin: true, default: 0.001, doc: "Step size (Keras' default for Adam; SGD's is 0.01)." },
  decay: { kind: "float", min: 0, default: 0, doc: "Keras' legacy time-based decay: lr / (1 + decay · iterations)." },
} as const satisfies ParamSpecs;

/** Loss functions tfjs-layers offers. */
export const lossNames = [
  "categoricalCrossentropy",
  "sparseCategoricalCrossentropy",
  "binaryCrossentropy",
  "meanSquaredError",
  "meanAbsoluteError",
  "meanAbsolutePercentageError",
  "meanSquaredLogarithmicError",
  "hinge",
  "squaredHinge",
  "categoricalHinge",
  "logcosh",
  "kullbackLeiblerDivergence",
  "poisson",
  "cosineProximity",
] as const;

/** Metrics tfjs-layers offers. */
export const metricNames = [
  "accuracy",
  "binaryAccuracy",
  "categoricalAccuracy",
  "sparseCategoricalAccuracy",
  "precision",
  "recall",
  "meanSquaredError",
  "meanAbsoluteError",
] as const;

/** The plain fields of the section, with Keras' `fit` defaults. */
export const trainingSpecs = {
  loss: { kind: "enum", values: lossNames, default: "categoricalCrossentropy", doc: "The loss to minimise." },
  batchSize: { kind: "int", min: 1, default: 32, doc: "Samples per gradient step." },
  epochs: { kind: "int", min: 1, default: 1, doc: "Passes over the training data." },
  shuffle: { kind: "bool", default: true, doc: "Shuffle the training data before each epoch." },
  validationSplit: {
    kind: "float",
    min: 0,
    max: 1,
    exclusiveMax: true,
    default: 0,
    doc: "Fraction of the training data kept apart for validation.",
  },
  testSplit: {
    kind: "float",
    min: 0,
    max: 1,
    exclusiveMax: true,
    default: 0,
    doc: "Fraction kept apart as the held-out test set, never seen in training.",
  },
  seed: { kind: "int", min: 0, default: null, doc: "Random seed for shuffling, splits and initialisation." },
  labelSmoothing: {
    kind: "float",
    min: 0,
    max: 1,
    default: 0,
    doc: "Keras' label_smoothing for the cross-entropy losses: targets move this far towards uniform.",
  },
} as const satisfies ParamSpecs;

/** The losses that take `labelSmoothing`, as in Keras. */
export const smoothedLosses: readonly string[] = ["categoricalCrossentropy", "binaryCrossentropy"];

/** Early stopping (Keras' EarlyStopping callback). */
export const earlyStoppingSpecs = {
  monitor: { kind: "enum", values: ["val_loss", "val_accuracy", "loss", "accuracy"], default: "val_loss", doc: "The quantity watched." },
  patience: { kind: "int", min: 0, default: 0, doc: "Epochs without improvement before stopping." },
  minDelta: { kind: "float", min: 0, default: 0, doc: "Smallest change that counts as an improvement." },
  restoreBestWeights: { kind: "bool", default: false, doc: "Go back to the best epoch's weights when stopping." },
} as const satisfies ParamSpecs;

/** An optimizer's name. */
export type OptimizerName = keyof typeof optimizerSpecs;

/** A loss tfjs-layers offers. */
export type LossName = (typeof lossNames)[number];

/** A metric tfjs-layers offers. */
export type MetricName = (typeof metricNames)[number];

/**
 * An optimizer as the section resolves it: its type, its schedule, and its parameters (the common ones and its
 * own) with every default filled in. A union over the optimizers, so code that handles each one is checked.
 */
export type OptimizerConfig = {
  [N in OptimizerName]: { readonly type: N; readonly schedule: Schedule | null } & ResolvedParams<typeof optimizerCommon> &
    ResolvedParams<(typeof optimizerSpecs)[N]>;
}[OptimizerName];

/** Early stopping as the section resolves it. */
export type EarlyStoppingSettings = ResolvedParams<typeof earlyStoppingSpecs>;

/** A validated training section with every default filled in: its types come from the specs above. */
export interface TrainingConfig extends ResolvedParams<typeof trainingSpecs> {
  readonly optimizer: OptimizerConfig;
  readonly metrics: readonly MetricName[];
  readonly earlyStopping: EarlyStoppingSettings | null;
  readonly dataset: DatasetConfig | null;
  /** A run folder (relative to the model file) whose weights training starts from, layer by layer by name. */
  readonly initialWeights: string | null;
}

/** Reads the `training` section; `undefined` when the file has none. Mistakes become located diagnostics. */
export function readTraining(raw: unknown, out: PendingDiagnostic[]): TrainingConfig | undefined {
  if (!isObject(raw)) return undefined;
  const base = ["training"];
  const fields = readFields(raw, trainingSpecs, base, ["optimizer", "metrics", "earlyStopping", "dataset", "initialWeights"], out);
  const w = raw.initialWeights;
  const initialWeights = typeof w === "string" && w !== "" && !w.includes("\0") ? w : null;
  if (w !== undefined && initialWeights === null)
    out.push({
      severity: "error",
      code: "wrong-type",
      message: msg("training.initialWeights", { value: briefValue(w) }),
      path: [...base, "initialWeights"],
    });
  // The optimizer: a name, or { "type": name, ...parameters }.
  const o = raw.optimizer === undefined ? "adam" : raw.optimizer;
  const oType = typeof o === "string" ? o : isObject(o) && typeof o.type === "string" ? o.type : undefined;
  let optimizer: OptimizerConfig = {
    type: "adam",
    ...readFields({}, { ...optimizerCommon, ...optimizerSpecs.adam }, [], [], []),
    schedule: null,
  };
  if (oType === undefined || !Object.hasOwn(optimizerSpecs, oType)) {
    const suggestion = oType && didYouMean(oType, Object.keys(optimizerSpecs));
    const names = joined(Object.keys(optimizerSpecs), "join.comma");
    const message =
      isObject(o) && o.type === undefined
        ? msg("training.optimizerNoType", { names })
        : msg("training.optimizer", { names, value: briefValue(isObject(o) ? o.type : o), hint: didYouMeanHint(suggestion || undefined) });
    out.push({
      severity: "error",
      code: "wrong-type",
      message,
      path: isObject(o) ? [...base, "optimizer", "type"] : [...base, "optimizer"],
      suggestion,
    });
  } else {
    const specs = { ...optimizerCommon, ...optimizerSpecs[oType as OptimizerName] };
    const at = [...base, "optimizer"];
    const schedule = readSchedule(isObject(o) ? o.schedule : undefined, [...at, "schedule"], out);
    // The parameters read against the named optimizer's own specs: its member of the union.
    optimizer = { type: oType, ...readFields(isObject(o) ? o : {}, specs, at, ["type", "schedule"], out), schedule } as OptimizerConfig;
    if (schedule && Number(optimizer.decay) > 0)
      out.push({
        severity: "error",
        code: "invalid-parameter",
        message: msg("training.decayAndSchedule"),
        path: [...at, "decay"],
      });
  }
  let metrics: MetricName[] = [];
  if (raw.metrics !== undefined) {
    if (!Array.isArray(raw.metrics))
      out.push({
        severity: "error",
        code: "wrong-type",
        message: msg("training.metricsList", { value: briefValue(raw.metrics) }),
        path: [...base, "metrics"],
      });
    else {
      metrics = raw.metrics.filter((m: unknown, i): m is MetricName => {
        if (typeof m === "string" && (metricNames as readonly string[]).includes(m)) return true;
        const suggestion = typeof m === "string" ? didYouMean(m, metricNames) : undefined;
        out.push({
          severity: "error",
          code: "wrong-type",
          message: msg("training.unknownMetric", { value: briefValue(m), hint: didYouMeanHint(suggestion) }),
          path: [...base, "metrics", i],
          suggestion,
        });
        return false;
      });
    }
  }
  const es = raw.earlyStopping;
  const earlyStopping = isObject(es) ? readFields(es, earlyStoppingSpecs, [...base, "earlyStopping"], [], out) : null;
  if (es !== undefined && !isObject(es))
    out.push({
      severity: "error",
      code: "wrong-type",
      message: msg("training.earlyStoppingObject", { value: briefValue(es) }),
      path: [...base, "earlyStopping"],
    });
  const dataset = readDataset(raw.dataset, [...base, "dataset"], out);
  const { validationSplit, testSplit } = fields;
  if (validationSplit + testSplit >= 1) {
    out.push({
      severity: "error",
      code: "invalid-parameter",
      message: msg("training.nothingToTrain", { validation: validationSplit, test: testSplit }),
      path: [...base, "testSplit"],
    });
  }
  if (fields.labelSmoothing > 0 && !smoothedLosses.includes(fields.loss))
    out.push({
      severity: "error",
      code: "invalid-parameter",
      message: msg("training.labelSmoothing", { losses: joined(smoothedLosses, "join.and"), loss: fields.loss }),
      path: [...base, "labelSmoothing"],
    });
  const ownTest = dataset ? testFields(dataset) : [];
  if (ownTest.length && testSplit > 0)
    out.push({
      severity: "warning",
      code: "invalid-parameter",
      message: msg("training.testUnused", { split: testSplit, fields: joined(ownTest, "join.and"), count: ownTest.length }),
      path: [...base, "testSplit"],
    });
  const monitored = (earlyStopping?.monitor ?? "").replace(/^val_/, "");
  if (earlyStopping && monitored !== "loss" && !(metrics as readonly string[]).includes(monitored))
    out.push({
      severity: "warning",
      code: "invalid-parameter",
      message: msg("training.neverStops", { monitor: earlyStopping.monitor, metric: monitored }),
      path: [...base, "earlyStopping", "monitor"],
    });
  if (earlyStopping && earlyStopping.monitor.startsWith("val_") && validationSplit === 0) {
    out.push({
      severity: "warning",
      code: "invalid-parameter",
      message: msg("training.noValidation", { monitor: earlyStopping.monitor }),
      path: [...base, "earlyStopping", "monitor"],
    });
  }
  return {
    ...fields,
    optimizer,
    metrics,
    earlyStopping,
    dataset,
    initialWeights,
  };
}

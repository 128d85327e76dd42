/**
 * What the trainer compiles a model with, as Keras would: the optimizer, its learning rate at each step (a
 * schedule, or Keras' legacy decay) and the loss (with label smoothing).
 */
import { learningRateAt, type MetricName, type OptimizerConfig, type OptimizerName, type Schedule, type TrainingConfig } from "../core";
import type { Optimizer } from "@tensorflow/tfjs";
import type { Tf } from "./backends";

/** How each optimizer is built in tfjs, from its resolved settings: a table over every optimizer the core knows. */
const optimizers: { readonly [N in OptimizerName]: (tf: Tf, o: Extract<OptimizerConfig, { type: N }>) => Optimizer } = {
  adam: (tf, o) => tf.train.adam(o.learningRate, o.beta1, o.beta2, o.epsilon),
  // tfjs' Adamax applies the legacy decay itself.
  adamax: (tf, o) => tf.train.adamax(o.learningRate, o.beta1, o.beta2, o.epsilon, o.decay),
  sgd: (tf, o) => (o.momentum > 0 ? tf.train.momentum(o.learningRate, o.momentum, o.nesterov) : tf.train.sgd(o.learningRate)),
  rmsprop: (tf, o) => tf.train.rmsprop(o.learningRate, o.rho, o.momentum, o.epsilon),
  adagrad: (tf, o) => tf.train.adagrad(o.learningRate, o.initialAccumulatorValue),
  adadelta: (tf, o) => tf.train.adadelta(o.learningRate, o.rho, o.epsilon),
};

/** The optimizer the section names, with its learning rate and parameters. */
export function optimizer(tf: Tf, o: OptimizerConfig): Optimizer {
  return (optimizers[o.type] as (tf: Tf, o: OptimizerConfig) => Optimizer)(tf, o);
}

/** The learning rate at each step (0 for the first batch) of a run of `totalSteps`, or null when it stays fixed. */
export function learningRate(o: OptimizerConfig, totalSteps: number): ((step: number) => number) | null {
  const lr0 = o.learningRate;
  // Keras' legacy decay, lr / (1 + decay · step), is inverse-time decay over single steps; tfjs' Adamax applies it itself.
  const decay = o.type !== "adamax" ? o.decay : 0;
  const schedule: Schedule | null =
    o.schedule ?? (decay > 0 ? { type: "inverseTimeDecay", decaySteps: 1, decayRate: decay, staircase: false } : null);
  return schedule ? (step) => learningRateAt(schedule, lr0, step, totalSteps) : null;
}

/**
 * The loss tfjs-layers compiles: its name, or with label smoothing the cross-entropy of the smoothed targets, as
 * Keras computes it (categorical: y·(1 − ε) + ε / classes; binary: y·(1 − ε) + ε / 2).
 */
export function lossFunction(tf: Tf, loss: string, smoothing: number) {
  if (smoothing === 0) return loss;
  type T = ReturnType<Tf["zeros"]>;
  if (loss === "binaryCrossentropy")
    return (yTrue: T, yPred: T) => tf.tidy(() => tf.metrics.binaryCrossentropy(yTrue.mul(1 - smoothing).add(smoothing / 2), yPred));
  if (loss !== "categoricalCrossentropy") return { problem: `labelSmoothing does not apply to ${loss}` };
  return (yTrue: T, yPred: T) =>
    tf.tidy(() => {
      const classes = yTrue.shape[yTrue.shape.length - 1] ?? 1;
      return tf.metrics.categoricalCrossentropy(yTrue.mul(1 - smoothing).add(smoothing / classes), yPred);
    });
}

/** Sets `opt`'s learning rate for its next step (tfjs' SGD keeps it in a tensor that setLearningRate renews). */
export function setLearningRate(opt: object, lr: number): void {
  const o = opt as { setLearningRate?(lr: number): void; learningRate: number };
  if (o.setLearningRate) o.setLearningRate(lr);
  else o.learningRate = lr;
}

type Metric = (yTrue: ReturnType<Tf["zeros"]>, yPred: ReturnType<Tf["zeros"]>) => ReturnType<Tf["zeros"]>;

/** `fn` under `name`, the key tfjs-layers logs it by (and that the section used). */
const named = (name: string, fn: Metric): Metric => Object.defineProperty((a, b) => fn(a, b), "name", { value: name });

/** The metric each of the section's metrics is, by name; "accuracy" as tfjs-layers picks it from the loss and output. */
export function metricPlan(t: Pick<TrainingConfig, "metrics" | "loss">, units: number): { key: string; fn: MetricName }[] {
  const accuracy: MetricName =
    units === 1 || t.loss === "binaryCrossentropy"
      ? "binaryAccuracy"
      : t.loss === "sparseCategoricalCrossentropy"
        ? "sparseCategoricalAccuracy"
        : "categoricalAccuracy";
  return t.metrics.map((name) => ({ key: name, fn: name === "accuracy" ? accuracy : name }));
}

/**
 * The section's metrics as tfjs-layers compiles them, each logged under the section's name. "accuracy" is
 * tfjs' own, which picks binary, sparse or categorical accuracy from the loss — unless label smoothing
 * replaced the binary loss by a function, where it is binary accuracy by name.
 */
export function metricFunctions(
  tf: Tf,
  t: Pick<TrainingConfig, "metrics" | "loss" | "labelSmoothing">,
  units: number,
): (string | Metric)[] {
  const m = tf.metrics;
  const byName: Record<MetricName, Metric | "accuracy"> = {
    accuracy: t.loss === "binaryCrossentropy" && t.labelSmoothing > 0 && units > 1 ? m.binaryAccuracy : "accuracy",
    binaryAccuracy: m.binaryAccuracy,
    categoricalAccuracy: m.categoricalAccuracy,
    sparseCategoricalAccuracy: m.sparseCategoricalAccuracy,
    // tfjs' precision and recall count predictions equal to 1: Keras' count those above its threshold, 0.5.
    precision: (t, p) => tf.tidy(() => m.precision(t, p.greater(0.5).toFloat())),
    recall: (t, p) => tf.tidy(() => m.recall(t, p.greater(0.5).toFloat())),
    meanSquaredError: m.meanSquaredError,
    meanAbsoluteError: m.meanAbsoluteError,
  };
  return t.metrics.map((name) => {
    const fn = byName[name];
    return fn === "accuracy" ? fn : named(name, fn);
  });
}

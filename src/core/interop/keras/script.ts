/**
 * Export to a Keras Python script in the pooling article's style: the model (`Sequential` for a chain, the
 * functional API otherwise), then `compile` and `fit` from the training section with a validation split kept
 * apart from the test set, `evaluate` and `summary`, and the dataset's loading. `distribute` builds the model
 * under `tf.distribute.MultiWorkerMirroredStrategy`.
 */
import { analyze, type Analysis } from "../../analysis/analyze";
import { initializerNames, type ActivationName } from "../../layers/common";
import type { ParamSpec } from "../../document/params";
import { defaultOf } from "../../document/readParam";
import { layerRegistry } from "../../layers/registry";
import type { OptimizerName, TrainingConfig } from "../../training/training";
import type { Result } from "../../result";
import { exportableLayers, type ExportableLayer, type ExportOptions } from "../common/layers";
import { toSnake } from "../tfjs/names";
import { Identifiers, pyFloat, pyStr } from "../common/python";
import { datasetLoader } from "./data";

/** Options of the Keras script export. */
export interface KerasScriptOptions extends ExportOptions {
  /** Build and compile the model under `tf.distribute.MultiWorkerMirroredStrategy`. */
  readonly distribute?: boolean;
  /** The model file's folder as the script should find it (dataset paths are relative to it); default ".". */
  readonly dataRoot?: string;
}

/** Activations whose Keras name is not ours, or that need an expression in Keras 2 and 3 alike. */
const activationExpr: Partial<Record<ActivationName, string>> = {
  hardSigmoid: '"hard_sigmoid"',
  relu6: "tf.nn.relu6",
  mish: "lambda x: x * tf.math.tanh(tf.math.softplus(x))",
  gelu_new: "lambda x: tf.nn.gelu(x, approximate=True)",
};

/** A Python literal for a parameter's value. */
function pyValue(key: string, spec: ParamSpec, value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (key === "activation") return activationExpr[value as ActivationName] ?? pyStr(String(value));
  if (spec.kind === "enum" && spec.values === initializerNames) return pyStr(toSnake(String(value)).replace("le_cun", "lecun"));
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return pyStr(value);
  if (typeof value === "number") return spec.kind === "float" ? pyFloat(value) : String(value);
  if (Array.isArray(value)) {
    const items = value.map((v) => pyValue(key, spec, v));
    return spec.kind === "axes" ? `[${items.join(", ")}]` : items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
  }
  return "None";
}

/** The constructor call of a layer: only what differs from Keras' defaults, and its name. */
function layerCall({ type, written, settings, name }: ExportableLayer): string {
  const args: string[] = [];
  for (const [key, spec] of Object.entries(layerRegistry[type].params as Record<string, ParamSpec>)) {
    const value = settings[key];
    if (written[key] === undefined || JSON.stringify(value) === JSON.stringify(defaultOf(spec))) continue;
    // LeakyReLU's slope: Keras 2 calls it alpha, Keras 3 negative_slope; both take it first.
    if (type === "LeakyReLU" && key === "alpha") args.unshift(pyValue(key, spec, value));
    else args.push(`${toSnake(key)}=${pyValue(key, spec, value)}`);
  }
  if (written.trainable === false) args.push("trainable=False");
  args.push(`name=${pyStr(name)}`);
  return `layers.${type}(${args.join(", ")})`;
}

/** The model-building function's body lines. */
function buildLines(analysis: Analysis, written: readonly ExportableLayer[]): string[] {
  const modelName = pyStr(analysis.name ?? "model");
  const input = (i: number) => {
    const l = analysis.layers[i];
    return `keras.Input(shape=${pyValue("shape", { kind: "shape", doc: "" }, l.outputShape?.slice(1))}, name=${pyStr(l.name)})`;
  };
  if (analysis.sequential) {
    const rows = written.map((l, i) => (i === 0 ? input(i) : layerCall(l)));
    return [`return keras.Sequential(`, `    [`, ...rows.map((r) => `        ${r},`), `    ],`, `    name=${modelName},`, `)`];
  }
  const ids = new Identifiers(["keras", "layers", "tf", "np", "inputs", "outputs"]);
  const vars = new Map<string, string>();
  const lines: string[] = [];
  for (const index of analysis.order) {
    const l = analysis.layers[index];
    const v = ids.make(l.name, "x_");
    vars.set(l.name, v);
    if (l.type === "Input") lines.push(`${v} = ${input(index)}`);
    else {
      const ins = l.inputs.map((n) => vars.get(n) as string);
      lines.push(`${v} = ${layerCall(written[index])}(${ins.length === 1 ? ins[0] : `[${ins.join(", ")}]`})`);
    }
  }
  const ins = analysis.layers.filter((l) => l.type === "Input").map((l) => vars.get(l.name));
  const outs = analysis.outputs.map((n) => vars.get(n));
  const list = (xs: unknown[]) => (xs.length === 1 ? String(xs[0]) : `[${xs.join(", ")}]`);
  return [...lines, `return keras.Model(inputs=${list(ins)}, outputs=${list(outs)}, name=${modelName})`];
}

/** Each optimizer's Keras class: a table over every optimizer the core knows. */
const optimizerClass: Record<OptimizerName, string> = {
  adam: "Adam",
  adamax: "Adamax",
  sgd: "SGD",
  rmsprop: "RMSprop",
  adagrad: "Adagrad",
  adadelta: "Adadelta",
};
const kerasLoss = (loss: string) => ({ logcosh: "log_cosh", kullbackLeiblerDivergence: "kl_divergence" })[loss] ?? toSnake(loss);
const kerasMetric = (m: string) =>
  m === "precision" ? "keras.metrics.Precision()" : m === "recall" ? "keras.metrics.Recall()" : pyStr(toSnake(m));

/** A Python literal for a training setting: a flag or a number. */
const pySetting = (v: unknown) => (typeof v === "boolean" ? (v ? "True" : "False") : pyFloat(Number(v)));

/** The learning rate: a number, Keras' legacy decay as the schedule it computes, or the section's schedule. */
function learningRateArg(t: TrainingConfig): string {
  const { learningRate, decay, schedule } = t.optimizer;
  const lr = pyFloat(learningRate);
  const schedules = "keras.optimizers.schedules";
  if (decay > 0) return `${schedules}.InverseTimeDecay(${lr}, decay_steps=1, decay_rate=${pyFloat(decay)})`;
  if (!schedule) return lr;
  const { type, decaySteps, ...rest } = schedule;
  // Without decaySteps the schedule spans the whole run, as the trainer does.
  const steps =
    decaySteps === null
      ? `${t.epochs} * math.ceil(len(x_train) * (1 - ${pyFloat(t.validationSplit)}) / ${t.batchSize})`
      : String(decaySteps);
  const args = Object.entries(rest).map(([k, v]) => `${toSnake(k)}=${pySetting(v)}`);
  return `${schedules}.${type[0].toUpperCase()}${type.slice(1)}(${[lr, `decay_steps=${steps}`, ...args].join(", ")})`;
}

/** `model.compile(...)` from the training section. */
function compileLines(t: TrainingConfig): string[] {
  const { type, ...params } = t.optimizer;
  const rest = Object.fromEntries(Object.entries(params).filter(([k]) => !["learningRate", "decay", "schedule"].includes(k)));
  const args = [
    `learning_rate=${learningRateArg(t)}`,
    ...Object.entries(rest).map(([k, v]) => `${toSnake(k).replace(/^beta(\d)$/, "beta_$1")}=${pySetting(v)}`),
  ];
  const lossClass = t.loss === "categoricalCrossentropy" ? "CategoricalCrossentropy" : "BinaryCrossentropy";
  const loss = t.labelSmoothing > 0 ? `keras.losses.${lossClass}(label_smoothing=${pyFloat(t.labelSmoothing)})` : pyStr(kerasLoss(t.loss));
  return [
    "model.compile(",
    `    optimizer=keras.optimizers.${optimizerClass[type]}(${args.join(", ")}),`,
    `    loss=${loss},`,
    `    metrics=[${t.metrics.map(kerasMetric).join(", ")}],`,
    ")",
  ];
}

/** The Keras script of a model text. */
export function kerasScript(text: string, options: KerasScriptOptions = {}, analysis: Analysis = analyze(text)): Result<string> {
  const read = exportableLayers(analysis);
  if (!read.ok) return read;
  const written = read.value;
  const t = analysis.training;
  const output = analysis.layers.find((l) => l.name === analysis.outputs[0]);
  const input = analysis.layers.find((l) => l.type === "Input");
  const lines = [
    pyStr(`Keras script of the CNN Designer model ${analysis.name ?? "model"}: build, compile, fit, evaluate. Generated.`),
    "import math",
    "import os",
    "",
    "import numpy as np",
    "import tensorflow as tf",
    "from tensorflow import keras",
    "from tensorflow.keras import layers",
    "",
    `DATA_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), ${pyStr(options.dataRoot ?? ".")})`,
    "",
    "",
    "def build_model():",
    `    ${pyStr("The model, as the model file describes it.")}`,
    ...buildLines(analysis, written).map((l) => `    ${l}`),
    "",
  ];
  if (!t) {
    lines.push(
      "",
      'if __name__ == "__main__":',
      "    # The model file has no training section: the model only.",
      "    build_model().summary()",
      "",
    );
    return { ok: true, value: `${lines.join("\n")}\n` };
  }
  const loader = datasetLoader(t, (input?.outputShape ?? []).slice(1) as number[], Number(output?.outputShape?.at(-1) ?? 1));
  const es = t.earlyStopping;
  const callbacks = es
    ? `[keras.callbacks.EarlyStopping(monitor=${pyStr(String(es.monitor))}, patience=${Number(es.patience)}, min_delta=${pyFloat(Number(es.minDelta))}, restore_best_weights=${es.restoreBestWeights ? "True" : "False"})]`
    : "[]";
  // Keras' adapt(), as the designer's training does first: each Normalization learns what it reads from x_train.
  const norms = analysis.layers.filter((l) => l.type === "Normalization").map((l) => pyStr(l.name));
  const adapt = norms.length
    ? [
        `for name in [${norms.join(", ")}]:  # each Normalization learns the statistics of what it reads`,
        "    layer = model.get_layer(name)",
        "    layer.adapt(keras.Model(model.inputs, layer.input).predict(x_train, verbose=0))",
      ]
    : [];
  const build = [...adapt, ...compileLines(t)];
  lines.push(
    ...loader,
    "",
    "def main():",
    ...(t.seed !== null ? [`    keras.utils.set_random_seed(${t.seed})`] : []),
    "    (x_train, y_train), (x_test, y_test) = load_data()",
    ...(options.distribute
      ? [
          "    # Every worker runs this script; TF_CONFIG (see the README) tells each its place in the cluster.",
          "    strategy = tf.distribute.MultiWorkerMirroredStrategy()",
          "    with strategy.scope():",
          "        model = build_model()",
          ...build.map((l) => `        ${l}`),
        ]
      : ["    model = build_model()", ...build.map((l) => `    ${l}`)]),
    "    model.summary()",
    "    model.fit(",
    "        x_train,",
    "        y_train,",
    `        batch_size=${t.batchSize},`,
    `        epochs=${t.epochs},`,
    `        shuffle=${t.shuffle ? "True" : "False"},`,
    `        validation_split=${pyFloat(t.validationSplit)},  # kept apart from the test set`,
    `        callbacks=${callbacks},`,
    "    )",
    "    results = model.evaluate(x_test, y_test, verbose=0, return_dict=True)",
    '    print("Test:", ", ".join(f"{k} {v:.4f}" for k, v in results.items()))',
    "",
    "",
    'if __name__ == "__main__":',
    "    main()",
    "",
  );
  return { ok: true, value: `${lines.join("\n")}\n` };
}

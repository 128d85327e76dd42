/**
 * `trainer.js --recipe` (the request on stdin): writes the folder of `cnn-designer export --format pytorch-train`, a standalone
 * PyTorch training of the model that needs no Node: `train.py` (run by python or torchrun) with the pytorch
 * backend's own Python (driver.py's fit loop, training_math.py, distributed.py, data.py, which reads the dataset and
 * splits it as the trainer does), `model.py` from the core's PyTorch exporter, the initial weights the trainer would
 * start from (Keras' initialisers, drawn with the model's seed, or training.initialWeights), and `recipe.json`: the
 * optimizer, schedule, loss, metrics, splits and early stopping of the model file. `model.json` is the TF.js
 * topology the run folder's final model needs.
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pytorchModule } from "../core";
import { selectBackend } from "./backends";
import { msg, say } from "./say";
import { buildModel } from "./buildModel";
import { metricPlan } from "./compileSettings";
import { seededRandom } from "./datasets/datasets";
import { UsageProblem } from "./fitData";
import { loadInitialWeights } from "./initialWeights";
import { checkModel } from "./prepare";
import { weightsBytes } from "./pytorch/launching";
import { bestMonitor } from "./runRecorder";
import { saveModel } from "./runFolder";

/** What the recipe is made from. */
export interface RecipeRequest {
  readonly modelPath: string;
  readonly modelText: string;
  /** The folder to write (created; the CLI has checked it may be). */
  readonly outDir: string;
}

/** The Python files train.py needs, from the pytorch backend's folder. */
const pythonFiles = ["train.py", "run_folder.py", "driver.py", "training_math.py", "distributed.py", "data.py", "launch.py"];

/** Writes the recipe folder; throws a UsageProblem for a model the standalone script cannot train. */
export async function writeRecipe(r: RecipeRequest, dirs: { pytorchDir: string; builtinDir: string; wasmDir: string }): Promise<string[]> {
  const { analysis, training, inputShape, units } = checkModel({ type: "start", protocolVersion: 1, ...r });
  if (training.dataset.type === "imageFolder") throw new UsageProblem(say(msg("trainer.recipeImageFolder")));
  const adapting = analysis.layers.filter((l) => l.type === "Normalization" && (l.settings?.mean ?? null) === null);
  if (adapting.length) throw new UsageProblem(say(msg("trainer.recipeAdapt", { layer: adapting[0].name })));
  const { tf } = await selectBackend({ forced: "wasm", wasmDir: dirs.wasmDir }).catch(() => selectBackend({ forced: "cpu" }));
  // The weights `train` would start from: Keras' initialisers drawn from the seeded generator (seed + 1, as the
  // trainer seeds it), or the run training.initialWeights names. An unseeded model gets a seed now, said in the recipe.
  const seed = training.seed ?? Math.floor(Math.random() * 2 ** 31);
  Math.random = seededRandom(seed + 1);
  const model = buildModel(tf, analysis);
  if (training.initialWeights !== null) loadInitialWeights(tf, model, training.initialWeights, dirname(r.modelPath));
  mkdirSync(r.outDir, { recursive: true });
  const bytes = weightsBytes(model);
  const values = model.getWeights();
  const specs = model.weights.map((w, i) => ({ name: w.originalName, shape: values[i].shape, dtype: "float32" as const }));
  const module = pytorchModule(r.modelText, { run: { specs, bytes, file: "initial.bin" } }, analysis);
  if (!module.ok) throw new UsageProblem(say(msg("trainer.recipeModule", { problem: module.problem })));
  writeFileSync(join(r.outDir, "initial.bin"), bytes);
  writeFileSync(join(r.outDir, "model.py"), module.value);
  writeFileSync(join(r.outDir, "model.cnn.json"), r.modelText);
  await saveModel(tf, model, join(r.outDir, "tfjs"));
  for (const f of pythonFiles) copyFileSync(join(dirs.pytorchDir, f), join(r.outDir, f));
  if (training.dataset.type === "mnist-sample") {
    mkdirSync(join(r.outDir, "datasets"), { recursive: true });
    for (const f of ["mnist-sample-images.idx.gz", "mnist-sample-labels.idx.gz"])
      copyFileSync(join(dirs.builtinDir, f), join(r.outDir, "datasets", f));
  }
  const recipe = {
    format: "cnn-designer-pytorch-train",
    version: 1,
    // The runs' folder is named as train names it: after the model file.
    model: basename(r.modelPath).replace(/\.cnn\.json$/, ""),
    // Dataset paths are relative to the model file's folder (train.py's --data-dir overrides it).
    dataDir: resolve(dirname(r.modelPath)),
    dataset: training.dataset,
    inputShape,
    units,
    loss: training.loss,
    labelSmoothing: training.labelSmoothing,
    metrics: metricPlan(training, units),
    optimizer: training.optimizer,
    trainable: model.trainableWeights.map((w) => ({ row: model.weights.indexOf(w), name: w.originalName })),
    weights: specs,
    epochs: training.epochs,
    batchSize: training.batchSize,
    shuffle: training.shuffle,
    seed,
    // The split's seed, as the trainer's (1337 for an unseeded model).
    splitSeed: training.seed ?? 1337,
    validationSplit: training.validationSplit,
    testSplit: training.testSplit,
    earlyStopping: training.earlyStopping,
    monitorWithoutEarlyStopping: bestMonitor(undefined, training.validationSplit > 0),
  };
  writeFileSync(join(r.outDir, "recipe.json"), `${JSON.stringify(recipe, null, 1)}\n`);
  return ["train.py", "model.py", "recipe.json", "initial.bin"];
}

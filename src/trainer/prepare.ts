/**
 * The first step of a run: checks the model and the request, loads and splits the data, picks the backend and
 * builds and compiles the model as Keras would. Nothing is written yet: a problem here leaves no run folder.
 */
import { lookup } from "node:dns/promises";
import { dirname } from "node:path";
import { analyze, LineIndex, tfjsNameProblem, type Analysis, type Message, type TrainingConfig } from "../core";
import { checkFits } from "./fits";
import { msg, say } from "./say";
import { backendNames, type StartRequest } from "../protocol/trainer";
import { wasmThreads } from "./wasmThreads";
import { ProbeStopped, selectBackend, type ModuleLoader, type SelectedBackend, type Tf } from "./backends";
import { buildModel } from "./buildModel";
import { adaptNormalizations } from "./adapt";
import { loadInitialWeights, type InitialWeights } from "./initialWeights";
import { lossFunction, metricFunctions, optimizer } from "./compileSettings";
import { loadDataset, seededRandom, split, type Dataset, type SeededRandom, type Splits } from "./datasets/datasets";
import { registerDilatedGradients } from "./kernels/dilatedGradients";
import type { StopSignal } from "./fit";
import { checkTargets, UsageProblem } from "./fitData";
import { runsFolderProblem } from "../node/runsFolder";
import type { TorchProber } from "./pytorch/probe";
import type { Machines } from "./pytorch/launching";
import { readResume, restoreOptimizer, restoreWeights, type Resumed } from "./resume";

/** Where the trainer finds its assets, and how it loads native packages (tests inject a fake). */
export interface TrainerEnvironment {
  readonly builtinDir: string;
  readonly wasmDir?: string;
  readonly load?: ModuleLoader;
  /** Where driver.py and training_math.py are (the pytorch backend). */
  readonly pytorchDir: string;
  /** How the pytorch backend's interpreter is probed (tests put a fake here). */
  readonly probe?: TorchProber;
}

/** A Stop arrived before training began (while the data loaded): nothing to save, no run folder. */
export class StoppedEarly extends Error {}

/** A model the analysis passed for training: its training section, its one input's shape and its output. */
export interface Checked {
  readonly modelText: string;
  readonly analysis: Analysis;
  readonly training: TrainingConfig & { readonly dataset: NonNullable<TrainingConfig["dataset"]> };
  readonly inputShape: number[];
  readonly output: Analysis["layers"][number] | undefined;
  readonly units: number;
}

/** Everything ready to train: the data split, the backend, the compiled model. */
export interface Prepared extends Checked {
  readonly data: Dataset;
  readonly parts: Splits;
  readonly epochs: number;
  readonly selected: SelectedBackend;
  readonly model: ReturnType<Tf["model"]>;
  readonly optimizer: ReturnType<typeof optimizer>;
  readonly random: SeededRandom | null;
  /** What training starts from when `training.initialWeights` names a run. */
  readonly initial: InitialWeights | null;
  /** The Normalization layers adapted to the training set, and from how many values each. */
  readonly adapted: readonly { readonly layer: string; readonly values: number }[];
  /** Where the pytorch backend's Python files are. */
  readonly driverDir: string;
  /** The run this one resumes, from its last checkpoint. */
  readonly resumed: Resumed | null;
  /** Processes for torch.distributed on this machine, or null for one. */
  readonly distribute: number | null;
  /** A distributed run across machines: where they meet. */
  readonly machines: Machines | null;
  /** The samples the run is limited to (--samples, or a resumed run's), or undefined for all. */
  readonly samples: number | undefined;
  /** A step that fits this machine's memory but not what is free of it now: said in the log. */
  readonly memoryNote: Message | undefined;
}

/** The model's errors, a name tfjs refuses, a missing dataset, or more than one input or output, as a usage problem. */
export function checkModel(request: StartRequest): Checked {
  const analysis = analyze(request.modelText);
  const errors = analysis.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) {
    const lines = new LineIndex(request.modelText);
    const at = (d: (typeof errors)[number]) => {
      const p = lines.positionAt(d.offset);
      return `${request.modelPath}:${p.line}:${p.column}: `;
    };
    throw new UsageProblem(
      say(msg("trainer.modelErrors", { count: errors.length, errors: errors.map((d) => `${at(d)}${d.message}`).join("; ") })),
    );
  }
  for (const { name } of analysis.layers) {
    const problem = tfjsNameProblem(name);
    if (problem) throw new UsageProblem(say(msg("trainer.layerName", { name, problem })));
  }
  const training = analysis.training;
  if (!training?.dataset) throw new UsageProblem(say(msg("trainer.noDataset")));
  const inputLayers = analysis.layers.filter((l) => l.type === "Input");
  if (inputLayers.length !== 1 || analysis.outputs.length !== 1) throw new UsageProblem(say(msg("trainer.oneInputOutput")));
  const inputShape = inputLayers[0].outputShape?.slice(1) as number[];
  const output = analysis.layers.find((l) => l.name === analysis.outputs[0]);
  const units = Number(output?.outputShape?.at(-1) ?? 1);
  return { modelText: request.modelText, analysis, training: { ...training, dataset: training.dataset }, inputShape, output, units };
}

/** A run across machines as the request gives it, checked; null for one machine. */
async function checkMachines(request: StartRequest): Promise<Machines | null> {
  const m = request.machines;
  if (m === undefined || m.count === 1) return null;
  if (request.distribute === undefined) throw new UsageProblem(say(msg("trainer.machinesNeedDistribute")));
  if (!Number.isSafeInteger(m.count) || m.count < 1) throw new UsageProblem(say(msg("trainer.machineCount", { value: String(m.count) })));
  if (!/^[^\s:]+:\d{1,5}$/.test(m.endpoint) && !/^\[[0-9a-fA-F:.]+\]:\d{1,5}$/.test(m.endpoint))
    throw new UsageProblem(say(msg("trainer.endpoint", { endpoint: m.endpoint })));
  const at = m.endpoint.lastIndexOf(":");
  const port = Number(m.endpoint.slice(at + 1));
  if (port < 1 || port > 65535) throw new UsageProblem(say(msg("trainer.endpointPort", { port, endpoint: m.endpoint })));
  const id = m.id ?? "cnn-designer";
  if (!/^[\w.-]{1,128}$/.test(id)) throw new UsageProblem(say(msg("trainer.rendezvousId", { id })));
  // A host that has no address is said now: torchrun would wait its whole join timeout for it.
  const host = m.endpoint.slice(0, at).replace(/^\[(.*)\]$/, "$1");
  const found = await Promise.race([
    lookup(host).then(
      () => null,
      (e: NodeJS.ErrnoException) => e.code ?? e.message,
    ),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000).unref()),
  ]);
  if (found !== null) throw new UsageProblem(say(msg("trainer.rendezvousHost", { host, found })));
  return { count: m.count, endpoint: m.endpoint, id };
}

/** Checks the request, loads and splits the data, picks the backend and compiles the model; nothing is written yet. */
export async function prepare(given: StartRequest, env: TrainerEnvironment, stop: StopSignal): Promise<Prepared> {
  // Resuming trains the run's own model text, where its dataset paths are relative to the model's folder.
  const resumed = given.resume ? readResume(given.resume, dirname(given.modelPath)) : null;
  const request = resumed ? { ...given, modelText: resumed.modelText } : given;
  const checked = checkModel(request);
  const { analysis, training, inputShape, output, units } = checked;
  // A runs folder that cannot be written is said now, not after the data has loaded.
  const runsProblem = runsFolderProblem(request.modelPath, request.runsDir);
  if (runsProblem) throw new UsageProblem(say(msg("trainer.runsFolder", { reason: runsProblem })));
  const data = loadDataset(training.dataset, { modelDir: dirname(request.modelPath), builtinDir: env.builtinDir, inputShape });
  checkTargets(data, output?.name ?? "output", output?.outputShape ?? [null, units], training.loss);
  const seed = training.seed ?? 1337;
  // A resumed run trains on its own split: its --samples unless told (and then the same), and the same sizes.
  const before = resumed?.data;
  if (before && request.samples !== undefined && request.samples !== (before.samples ?? undefined))
    throw new UsageProblem(
      say(
        msg("trainer.resumeSamples", {
          run: resumed.runDir,
          before: before.samples === null ? msg("trainer.allSamples") : msg("trainer.someSamples", { samples: before.samples }),
          samples: request.samples,
        }),
      ),
    );
  const samples = request.samples ?? before?.samples ?? undefined;
  const parts = split(data, { validationSplit: training.validationSplit, testSplit: training.testSplit, seed, limit: samples });
  const sizes = (d: { train: number; validation: number; test: number }) => say(msg("trainer.sizes", d));
  const now = { train: parts.train.count, validation: parts.validation?.count ?? 0, test: parts.test?.count ?? 0 };
  if (before && sizes(before) !== sizes(now))
    throw new UsageProblem(say(msg("trainer.resumeData", { run: resumed.runDir, before: sizes(before), now: sizes(now) })));
  // A run that does not record its data (written before it was recorded, or its environment.json lost): at least its
  // checkpoint's steps must fit the split's batches (one an epoch fewer where a group of processes left out the last).
  const m = resumed?.checkpoint.manifest;
  const per = Math.ceil(now.train / training.batchSize);
  if (resumed && m && !before && m.epoch > 0 && Math.abs(m.step - m.epoch * per) > m.epoch)
    throw new UsageProblem(say(msg("trainer.resumeSteps", { run: resumed.runDir, steps: m.step, epochs: m.epoch, per, now: sizes(now) })));
  // A resumed run goes on to its own epochs (the checkpoint's), unless told more.
  const epochs = request.epochs ?? resumed?.checkpoint.manifest.epochs ?? training.epochs;
  const done = resumed?.checkpoint.manifest.epoch ?? 0;
  if (resumed && done >= epochs)
    throw new UsageProblem(
      say(
        request.epochs === undefined
          ? msg("trainer.allEpochsDone", { run: resumed.runDir, epochs, more: epochs + 5 })
          : msg("trainer.epochsDone", { run: resumed.runDir, done }),
      ),
    );

  if (request.backend !== undefined && !(backendNames as readonly string[]).includes(request.backend))
    throw new UsageProblem(say(msg("trainer.unknownBackend", { backend: String(request.backend), backends: backendNames.join(", ") })));
  // torch.distributed is PyTorch's: a distributed run is on the pytorch backend, or refused.
  if (request.distribute !== undefined && request.backend !== undefined && request.backend !== "pytorch")
    throw new UsageProblem(say(msg("trainer.distributedBackend", { backend: request.backend })));
  if (request.distribute !== undefined && (!Number.isSafeInteger(request.distribute) || request.distribute < 1))
    throw new UsageProblem(say(msg("trainer.processCount", { value: String(request.distribute) })));
  const machines = await checkMachines(request);
  // Every process takes a share of each batch: more processes than samples in a batch would leave some with none.
  const processes = (request.distribute ?? 1) * (machines?.count ?? 1);
  if (request.distribute !== undefined && processes > training.batchSize)
    throw new UsageProblem(
      say(
        machines
          ? msg("trainer.shareBatchesMachines", {
              processes,
              each: request.distribute,
              machines: machines.count,
              batch: training.batchSize,
            })
          : msg("trainer.shareBatches", { processes, batch: training.batchSize }),
      ),
    );
  let threads;
  try {
    threads = wasmThreads();
  } catch (e) {
    throw new UsageProblem((e as Error).message);
  }
  let selected;
  try {
    selected = await selectBackend({
      forced: request.distribute !== undefined ? "pytorch" : request.backend,
      modulePaths: request.modulePaths,
      wasmDir: env.wasmDir,
      wasmThreads: threads,
      load: env.load,
      python: request.python,
      gpu: request.gpu,
      probe: env.probe,
      stopped: () => stop.stopRequested,
    });
  } catch (e) {
    if (e instanceof ProbeStopped) throw new StoppedEarly(say(msg("trainer.stoppedBeforeTraining")));
    throw new UsageProblem((e as Error).message);
  }
  const memoryNote = checkFits(checked.modelText, selected, processes, training.batchSize, parts.train.count);
  const { tf } = selected;
  // With a seed, the run is repeatable: tfjs draws its initial weights, dropout masks and per-epoch shuffles
  // from Math.random, which this process (the trainer's own) replaces with the seeded generator, whose state
  // every checkpoint records.
  const random = training.seed !== null ? seededRandom(training.seed + 1) : null;
  if (random) Math.random = random;

  registerDilatedGradients(tf);
  const model = buildModel(tf, analysis);
  let initial: InitialWeights | null = null;
  if (resumed) restoreWeights(tf, model, resumed);
  else if (training.initialWeights !== null) {
    try {
      initial = loadInitialWeights(tf, model, training.initialWeights, dirname(request.modelPath));
    } catch (e) {
      throw new UsageProblem(
        say(msg("trainer.initialWeights", { reason: (e as Error).message.replace(/^training\.initialWeights: /, "") })),
      );
    }
  }
  // Keras' adapt(): each Normalization learns its statistics from the training set (unless the start run gave them).
  const adapted = resumed ? [] : adaptNormalizations(tf, model, parts.train, new Set(initial?.loaded ?? []));
  const opt = optimizer(tf, training.optimizer);
  const metrics = metricFunctions(tf, training, units);
  const loss = lossFunction(tf, training.loss, training.labelSmoothing);
  if (typeof loss === "object") throw new UsageProblem(loss.problem);
  model.compile({ optimizer: opt, loss, metrics });
  if (resumed) await restoreOptimizer(tf, opt, resumed);
  // The generator goes on from where the checkpoint left it, after the initial weights (replaced above) drew from it.
  const state = resumed?.checkpoint.manifest.random?.state;
  if (random && state !== undefined) random.state = state;
  if (stop.stopRequested) throw new StoppedEarly(say(msg("trainer.stoppedBeforeTraining")));
  return {
    ...checked,
    data,
    parts,
    epochs,
    selected,
    model,
    optimizer: opt,
    random,
    initial,
    adapted,
    driverDir: env.pytorchDir,
    resumed,
    distribute: request.distribute ?? null,
    machines,
    samples,
    memoryNote,
  };
}

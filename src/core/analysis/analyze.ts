import type { Diagnostic, DiagnosticCode, PendingDiagnostic, Severity } from "../document/diagnostics";
import { parseDocument, type Range } from "../document/document";
import { resolveGraph } from "./graph";
import { weightCounts, type InferContext, type LayerOutput, type LayerWeight } from "../layers/layerSpec";
import { checkFit } from "./fit";
import { estimateMemory, onDevice, type MemoryEstimate } from "./memory";
import { torchPeak } from "./torchTape";
import { footprint } from "./tape";
import { checkCoverage } from "./coverage";
import { checkDataset } from "./datasetFit";
import { readingOf, receptiveFields, type FieldReading } from "./receptiveField";
import { readModel, type LayerRecord } from "./model";
import { printable } from "../document/printable";
import { maxInteger, type ResolvedParams, type ParamSpecs } from "../document/params";
import { formatShape, isExactCount, sizeOf, withBatch, type Shape } from "../layers/shape";
import { readTraining, type OptimizerName, type TrainingConfig } from "../training/training";
import { englishCatalogue, formatMessage, grouped, msg, type Catalogue, type Message } from "../messages/format";

/** What the engine knows about one layer. Counts are `null` where an earlier mistake leaves them unknown. */
export interface LayerInfo {
  readonly index: number;
  /** Resolved name (explicit or automatic). */
  readonly name: string;
  /** Type as written. */
  readonly type: string;
  /** Names of the layers it reads from. */
  readonly inputs: readonly string[];
  /** Output shape with the batch dimension first (`null`), as Keras prints it. */
  readonly outputShape: readonly (number | null)[] | null;
  readonly params: number | null;
  readonly trainableParams: number | null;
  readonly nonTrainableParams: number | null;
  /** Its weights in Keras' order, with their shapes (before its `trainable` flag); `null` where it could not be analysed. */
  readonly weights: readonly LayerWeight[] | null;
  /** Multiply-accumulates per sample. */
  readonly macs: number | null;
  /** Bytes of this layer's output for one sample (float32). */
  readonly activationBytes: number | null;
  /** The layer object as written in the file; `null` where the entry is not an object. */
  readonly written: Readonly<Record<string, unknown>> | null;
  /**
   * Every parameter of its type resolved: the value written, else Keras' default, in normal form (tuples
   * expanded); `null` where the type is unknown or a parameter is missing or invalid. Exporters and forms read it.
   */
  readonly settings: Readonly<Record<string, unknown>> | null;
  /** Its receptive field on each model input it depends on, in the usual reading; [] where not followed. */
  readonly receptiveField: readonly FieldReading[];
  /**
   * Its share of a training step per sample (tape.ts): the tensors it keeps for back-propagation and the
   * gradients computed through it; `null` where the model's sizes are not all known.
   */
  readonly trainingBytes: number | null;
  /** The layer object's range in the text, when `layerRanges` was asked for. */
  readonly range?: Range;
}

/** A layer's figures before its receptive field is known (the field is followed from them). */
export type CountedLayer = Omit<LayerInfo, "receptiveField" | "trainingBytes">;

/** Model totals; `complete` is false when some layer could not be analysed, `macsKnown` when a MAC count needs a size known only at run time. */
export interface Totals {
  readonly params: number;
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  readonly macs: number;
  readonly complete: boolean;
  readonly macsKnown: boolean;
  /** False when a count exceeds 2⁵³, where doubles no longer hold every integer: the figures are then approximate. */
  readonly exact: boolean;
}

/** The engine's reading of a model file. */
export interface Analysis {
  readonly name?: string;
  readonly description?: string;
  readonly layers: readonly LayerInfo[];
  /** Layer indices, inputs before the layers that read them. */
  readonly order: readonly number[];
  /** Names of the model's outputs. */
  readonly outputs: readonly string[];
  /** True for a plain chain: one Input first, each layer reading the one before, one output. */
  readonly sequential: boolean;
  readonly totals: Totals;
  readonly memory: MemoryEstimate;
  /** The `training` section, validated, with Keras' defaults filled in; absent when the file has none. */
  readonly training?: TrainingConfig;
  /** Mistakes, sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Options of `analyze`. */
export interface AnalyzeOptions {
  /** Include each layer object's text range (costs a full syntax tree). */
  readonly layerRanges?: boolean;
  /** Batch size for the training memory estimate; default: the training section's, else 32. */
  readonly batchSize?: number;
  /** Optimizer for the training memory estimate; default: the training section's, else adam. */
  readonly optimizer?: OptimizerName;
  /**
   * The memory of the device training will run on, in bytes (a GPU's, or the setting's): the summary then says the
   * largest batch that fits, and a training section whose batch does not fit gets a warning.
   */
  readonly deviceMemoryBytes?: number;
  /** The language of the diagnostics' messages; default: English. */
  readonly catalogue?: Catalogue;
}

/**
 * Analyses a model file's text: shapes, counts, memory and located diagnostics. Never throws: a failure of the
 * engine itself becomes one diagnostic that says what failed, so that no editor, view or command breaks on it.
 */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  try {
    return analyzeText(text, options);
  } catch (e) {
    return failedAnalysis(e, options);
  }
}

/** The analysis of a text the engine failed on: no layers, and the reason. */
function failedAnalysis(e: unknown, options: AnalyzeOptions): Analysis {
  const reason = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const what = msg("document.internal", { reason: printable(reason) });
  const message = formatMessage(what, options.catalogue);
  return {
    layers: [],
    order: [],
    outputs: [],
    sequential: false,
    totals: { params: 0, trainableParams: 0, nonTrainableParams: 0, macs: 0, complete: false, macsKnown: false, exact: true },
    memory: estimateMemory(0, 0, null, null, options.batchSize ?? 32, options.optimizer ?? "adam"),
    diagnostics: [{ severity: "error", code: "internal", message, ...what, offset: 0, length: 0 }],
  };
}

function analyzeText(text: string, options: AnalyzeOptions): Analysis {
  const doc = parseDocument(text);
  const pending: PendingDiagnostic[] = [];
  // A text refused unread gets its one reason, not the diagnostics of an empty model.
  const model = readModel(doc.value, doc.unreadable ? [] : pending);
  const graph = resolveGraph(model, pending);
  const { layers } = model;
  const shapes: (Shape | undefined)[] = [];
  const outputs: (LayerOutput | undefined)[] = [];
  const ctx = new LayerContext(pending);

  for (const i of graph.order) {
    const rec = layers[i];
    const ins = graph.inputs[i].map((k) => shapes[k]);
    if (!rec.spec || !rec.params || !graph.connected[i] || ins.some((s) => s === undefined)) continue;
    const inputShapes = ins as Shape[];
    ctx.layer = rec;
    const rank = rec.spec.inputRank;
    const badRank = rank && inputShapes.find((s) => s.length + 1 < rank.min || (rank.max !== undefined && s.length + 1 > rank.max));
    if (rank && badRank) {
      const args = { type: rec.type, rank: rank.min, shape: formatShape(badRank) };
      const problem =
        rank.max !== rank.min
          ? msg("analysis.rankAtLeast", args)
          : rank.meaning
            ? msg("analysis.rankExactMeaning", { ...args, meaning: rank.meaning })
            : msg("analysis.rankExact", args);
      ctx.error("rank", problem, rec.inputs ? "inputs" : undefined);
      continue;
    }
    const result = rec.spec.infer(rec.params as ResolvedParams<ParamSpecs>, inputShapes, ctx);
    // A dimension beyond int32 is one no framework can build; a count beyond a double's range cannot be shown.
    const huge = result?.shape.find((d): d is number => d !== null && d > maxInteger);
    if (result && huge !== undefined) {
      ctx.error(
        "too-large",
        msg("analysis.dimensionTooLarge", { shape: formatShape(result.shape), size: grouped(huge), max: grouped(maxInteger) }),
      );
      continue;
    }
    if (result && ![sizeOf(result.shape) ?? 0, ...weightCounts(result.weights), result.macs ?? 0].every(Number.isFinite)) {
      ctx.error("too-large", msg("analysis.countsTooLarge", { shape: formatShape(result.shape) }));
      continue;
    }
    if (result) {
      shapes[i] = result.shape;
      outputs[i] = result;
    }
  }

  const counted: CountedLayer[] = layers.map((rec) => {
    const r = outputs[rec.index];
    const frozen = !rec.trainable;
    const [learned, statistics] = weightCounts(r?.weights);
    const trainable = r ? (frozen ? 0 : learned) : null;
    const nonTrainable = r ? statistics + (frozen ? learned : 0) : null;
    const size = r ? sizeOf(r.shape) : null;
    return {
      index: rec.index,
      name: rec.name,
      type: rec.type,
      inputs: graph.inputs[rec.index].map((k) => layers[k].name),
      outputShape: r ? withBatch(r.shape) : null,
      params: trainable === null || nonTrainable === null ? null : trainable + nonTrainable,
      trainableParams: trainable,
      nonTrainableParams: nonTrainable,
      weights: r ? (r.weights ?? []) : null,
      macs: r ? (r.macs === undefined ? 0 : r.macs) : null,
      activationBytes: size === null ? null : size * 4,
      written: rec.written,
      settings: rec.params ?? null,
    };
  });
  const fields = receptiveFields({ layers: counted, order: graph.order }, { exact: false });
  // The training step's tape, where every layer is analysed and every size known (none without layers).
  const sized = counted.length > 0 && counted.every((l) => l.params !== null && l.activationBytes !== null);
  const tape = sized ? footprint(counted, graph.inputs, graph.order) : null;
  const torchPerSample = sized ? torchPeak(counted, graph.inputs, graph.order).peak : null;
  // Each field named (no spread): V8 keeps 130,000 such objects in a compact shape, where a spread of this many
  // fields makes slow dictionaries (the hostile suite's 130,000-layer summary went over its memory limit so).
  const infos: LayerInfo[] = counted.map((l, i) => ({
    index: l.index,
    name: l.name,
    type: l.type,
    inputs: l.inputs,
    outputShape: l.outputShape,
    params: l.params,
    trainableParams: l.trainableParams,
    nonTrainableParams: l.nonTrainableParams,
    weights: l.weights,
    macs: l.macs,
    activationBytes: l.activationBytes,
    written: l.written,
    settings: l.settings,
    receptiveField: fields[i].map(readingOf),
    trainingBytes: tape ? tape.perLayer[i] * 4 : null,
  }));
  checkCoverage(infos, graph.outputs, pending);
  if (options.layerRanges === true) {
    for (const info of infos as { range?: Range }[]) info.range = doc.locate(["layers", (info as LayerInfo).index]);
  }

  let trainableParams = 0;
  let nonTrainableParams = 0;
  let macs = 0;
  let activations: number | null = 0;
  for (const l of infos) {
    trainableParams += l.trainableParams ?? 0;
    nonTrainableParams += l.nonTrainableParams ?? 0;
    macs += l.macs ?? 0;
    activations = activations === null || l.activationBytes === null ? null : activations + l.activationBytes / 4;
  }
  const complete = infos.every((l) => l.params !== null);
  const macsKnown = infos.every((l) => l.macs !== null);
  const training = readTraining(model.training, pending);
  if (training?.dataset) checkDataset(training.dataset.type, training.dataset.resize === true, layers, infos, graph.outputs, pending);
  const optimizer = options.optimizer ?? training?.optimizer.type ?? "adam";
  // SGD keeps a slot per weight with momentum: the section's, when it is the section's SGD that is sized.
  const momentum = optimizer === "sgd" && training?.optimizer.type === "sgd" ? training.optimizer.momentum : 0;
  const estimate = estimateMemory(
    trainableParams + nonTrainableParams,
    trainableParams,
    complete ? activations : null,
    tape,
    options.batchSize ?? training?.batchSize ?? 32,
    optimizer,
    momentum,
    torchPerSample,
  );
  const device = options.deviceMemoryBytes;
  const memory = device === undefined ? estimate : onDevice(estimate, tape, device);
  if (training && memory.device && (options.batchSize === undefined || options.batchSize === training.batchSize))
    checkFit(memory, model.training, pending);

  // An empty file gets one clear message rather than a syntax error.
  const syntaxErrors = text.trim() === "" ? [] : doc.syntaxErrors;
  const catalogue = options.catalogue ?? englishCatalogue;
  // Names in messages are the user's: their control characters are shown escaped, never acted on.
  const say = (m: Message) => ({ message: printable(formatMessage(m, catalogue)), ...m });
  const diagnostics: Diagnostic[] = syntaxErrors.map((e) => ({
    severity: "error" as Severity,
    code: "syntax" as DiagnosticCode,
    ...say(e.message),
    offset: e.offset,
    length: e.length,
  }));
  const { unreadable } = doc;
  if (unreadable)
    diagnostics.push({
      severity: "error",
      code: "unreadable",
      ...say(unreadable.message),
      offset: unreadable.offset,
      length: unreadable.length,
    });
  for (const p of pending) {
    const range = doc.locate(p.path, p.anchor === "key");
    diagnostics.push({
      severity: p.severity,
      code: p.code,
      ...say(p.message),
      offset: range.offset,
      length: p.anchor === "start" ? Math.min(1, range.length) : range.length,
      ...(p.layerIndex === undefined ? {} : { layer: layers[p.layerIndex].name, layerIndex: p.layerIndex }),
      ...(p.suggestion === undefined ? {} : { suggestion: p.suggestion }),
      ...(p.related
        ? { related: p.related.map((r) => ({ ...doc.locate(r.path), message: printable(formatMessage(r.message, catalogue)) })) }
        : {}),
      path: p.path,
    });
  }
  diagnostics.sort((a, b) => a.offset - b.offset);

  const sequential =
    layers.length > 0 &&
    layers.every((l, i) => (i === 0 ? l.spec?.arity === "none" : graph.inputs[i].length === 1 && graph.inputs[i][0] === i - 1)) &&
    graph.outputs.length === 1 &&
    graph.outputs[0] === layers.length - 1;

  return {
    name: model.name,
    description: model.description,
    layers: infos,
    order: graph.order,
    outputs: graph.outputs.map((k) => layers[k].name),
    sequential,
    totals: {
      params: trainableParams + nonTrainableParams,
      trainableParams,
      nonTrainableParams,
      macs,
      complete,
      macsKnown,
      exact: [trainableParams + nonTrainableParams, macs].every(isExactCount),
    },
    memory,
    training,
    diagnostics,
  };
}

/** The context a layer's inference reports through: messages name the layer, ranges point at the parameter. */
class LayerContext implements InferContext {
  /** The layer being inferred (one context serves every layer in turn). */
  layer!: LayerRecord;

  constructor(private readonly out: PendingDiagnostic[]) {}

  get name(): string {
    return this.layer.name;
  }

  error(code: DiagnosticCode, message: Message, param?: string): void {
    this.push("error", code, message, param);
  }

  warning(code: DiagnosticCode, message: Message, param?: string): void {
    this.push("warning", code, message, param);
  }

  private push(severity: Severity, code: DiagnosticCode, message: Message, param?: string): void {
    const rec = this.layer;
    this.out.push({
      severity,
      code,
      message: msg("layer.says", { layer: rec.name, problem: message }),
      path: ["layers", rec.index, param && (rec.given.has(param) || param === "inputs") ? param : "type"],
      layerIndex: rec.index,
    });
  }
}

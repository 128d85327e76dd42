/**
 * Export to ONNX (opset 13): the model as the plain `ModelProto` object that onnx-proto's
 * `onnx.ModelProto.fromObject` encodes. Inputs and outputs keep Keras' channels-last layout (as tf2onnx does);
 * inside, convolutions run channels first. Weights come from a trained run, or are Glorot-uniform (seeded)
 * as Keras would start.
 */
import { analyze, type Analysis } from "../../analysis/analyze";
import type { LayerType } from "../../layers/registry";
import type { Result } from "../../result";
import { exportableLayers, type ExportOptions, type KShape } from "../common/layers";
import { OnnxBuilder } from "./builder";
import { onnxLayers, toFirst, toLast, type OnnxContext, type OnnxConvert } from "./layers";
import { runWeightMap, type RunWeight } from "../common/runWeights";
import { permute } from "./tensors";
import { byteSize, grouped, msg, type Message } from "../../messages/format";

/** A Keras weight in ONNX's layout, with its ONNX dims. */
function convert(values: Float32Array, shape: readonly number[], how: OnnxConvert): { data: Float32Array; dims: number[] } {
  const n = shape.length;
  if (how === "conv" || how === "convT") {
    const perm = [n - 1, n - 2, ...Array.from({ length: n - 2 }, (_, i) => i)];
    return { data: permute(values, shape, perm), dims: perm.map((p) => shape[p]) };
  }
  if (how === "depthwise") {
    const k = shape.slice(0, -2);
    const flat = [...k, shape[n - 2] * shape[n - 1]];
    const perm = [k.length, ...k.map((_, i) => i)];
    return { data: permute(values, flat, perm), dims: [flat[k.length], 1, ...k] };
  }
  return { data: values, dims: [...shape] };
}

/** Keras' Glorot-uniform start, from a seeded generator. */
function glorot(shape: readonly number[], random: () => number): Float32Array {
  const field = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  const [fanIn, fanOut] = shape.length >= 2 ? [shape[shape.length - 2] * field, shape[shape.length - 1] * field] : [shape[0], shape[0]];
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (random() * 2 - 1) * limit);
}

function mulberry32(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const valueInfo = (name: string, shape: KShape) => ({
  name,
  type: {
    tensorType: {
      elemType: 1,
      shape: { dim: shape.map((d, i) => (d === null ? { dimParam: i === 0 ? "N" : `d${i}` } : { dimValue: d })) },
    },
  },
});

/** The most weight bytes an ONNX file can hold: protobuf's 2 GB, less room for the graph. */
export const onnxWeightLimit = 2 ** 31 - 64 * 1024 * 1024;

/** The ONNX model of a model text; with a trained run's weights, else a Glorot-uniform start. */
export function onnxModel(text: string, options: ExportOptions = {}, analysis: Analysis = analyze(text)): Result<Record<string, unknown>> {
  // Said before a byte is allocated: the weights alone would pass the end of one protobuf message.
  const weightBytes = analysis.totals.params * 4;
  if (weightBytes > onnxWeightLimit)
    return {
      ok: false,
      problem: msg("export.onnxTooLarge", { params: grouped(analysis.totals.params), bytes: byteSize(weightBytes) }),
    };
  const read = exportableLayers(analysis);
  if (!read.ok) return read;
  const written = read.value;
  const b = new OnnxBuilder();
  const random = mulberry32(1337);
  const runMap = options.run ? runWeightMap(options.run) : undefined;
  if (runMap && !runMap.ok) return runMap;
  const run = runMap?.value ?? new Map<string, RunWeight>();
  const weights = options.run;
  const tensors = new Map<string, string>();
  const inputs: Record<string, unknown>[] = [];
  const shapeOf = new Map(analysis.layers.map((l) => [l.name, l.outputShape as KShape]));
  let problem: Message | undefined;
  for (const index of analysis.order) {
    const info = analysis.layers[index];
    const shape = info.outputShape as KShape;
    if (info.type === "Input") {
      const name = b.fresh(info.name);
      inputs.push(valueInfo(name, shape));
      tensors.set(info.name, shape.length >= 3 ? b.op("Transpose", [name], { perm: toFirst(shape.length) }, info.name) : name);
      continue;
    }
    const spec = onnxLayers[info.type as Exclude<LayerType, "Input">];
    const c: OnnxContext = {
      name: info.name,
      p: written[index].settings,
      x: info.inputs.map((n) => tensors.get(n) as string),
      inShapes: info.inputs.map((n) => shapeOf.get(n) as KShape),
      outShape: shape,
      b,
      weight: (name, kerasShape, how, init) => {
        const given = run.get(`${info.name}/${name}`);
        if (weights && !given) problem ??= msg("export.runMissingWeight", { weight: `${info.name}/${name}` });
        if (given && given.shape.join() !== kerasShape.join())
          problem ??= msg("export.runWeightShape", {
            weight: `${info.name}/${name}`,
            shape: given.shape.join(", "),
            needs: kerasShape.join(", "),
          });
        const size = kerasShape.reduce((x, y) => x * y, 1);
        const start = init === "glorot" ? glorot(kerasShape, random) : new Float32Array(size).fill(init === "ones" ? 1 : 0);
        const { data, dims } = convert(given && given.values.length === size ? given.values : start, kerasShape, how);
        return b.floats(`${info.name}/${name}`, dims, data);
      },
    };
    const refused = spec.refuse?.(c);
    if (refused) return { ok: false, problem: msg("export.layerRefused", { layer: info.name, problem: refused }) };
    tensors.set(info.name, spec.emit(c));
  }
  if (problem) return { ok: false, problem };
  const outputs = analysis.outputs.map((n) => {
    const shape = shapeOf.get(n) as KShape;
    const out = b.fresh(`${n}:output`);
    const last =
      shape.length >= 3
        ? b.op("Transpose", [tensors.get(n) as string], { perm: toLast(shape.length) }, n, out)
        : b.op("Identity", [tensors.get(n) as string], {}, n, out);
    return valueInfo(last, shape);
  });
  return {
    ok: true,
    value: {
      irVersion: 7,
      opsetImport: [{ domain: "", version: 13 }],
      producerName: "CNN Designer",
      docString: `The CNN Designer model ${analysis.name ?? "model"}; inputs and outputs channels last, as in Keras.`,
      graph: { name: analysis.name ?? "model", node: b.nodes, initializer: b.initializers, input: inputs, output: outputs },
    },
  };
}

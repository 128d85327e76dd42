/**
 * Import of ONNX CNNs (what torch.onnx.export and tf2onnx write) into a model text and its weights: NCHW becomes
 * channels last, each weight is transposed to Keras' layout (a Dense after a Flatten has its rows reordered, as
 * channels-last flattening orders them), and what a model file cannot say exactly is refused, naming the op and
 * its node: PyTorch's symmetric padding becomes a ZeroPadding2D before the window where Keras' 'same' differs.
 */
import { analyze } from "../../analysis/analyze";
import { inlineJson } from "../../edits/edits";
import { layerNamePrefix } from "../../layers/registry";
import { joined, msg } from "../../messages/format";
import type { Result } from "../../result";
import type { FileWeight } from "../keras/weights";
import { foldConstant } from "./fold";
import { dataTypeName, permute, tensorValues, type Constant, type OnnxModelObject, type OnnxNode } from "./tensors";
import { convertNode, type ShapeValue, type Tensor } from "./importOps";

type Json = Record<string, unknown>;

/** An imported ONNX model: its text and its weights by layer, in Keras' layout. */
export interface OnnxImport {
  readonly text: string;
  readonly weights: ReadonlyMap<string, readonly FileWeight[]>;
}

/** Ops that compute shapes, not activations: their outputs feed Reshape's target only. */
const shapeOps = new Set(["Shape", "Gather", "Unsqueeze", "Squeeze", "Concat", "Cast", "Slice", "ConstantOfShape"]);

/** Graph names exporters give every model (PyTorch, tf2onnx, CNTK): the file's name says more. */
const exporterNames = new Set(["", "torch_jit", "torch-jit-export", "main_graph", "tf2onnx", "graph", "CNTKGraph"]);

/**
 * The model text and weights of a decoded ONNX model, or one message naming every op that cannot be imported.
 * The model is named after its graph, or `fileName` where the graph has only its exporter's name.
 */
export function importOnnx(model: OnnxModelObject, fileName?: string): Result<OnnxImport> {
  const g = model.graph;
  if (!g || !g.node?.length) return { ok: false, problem: msg("import.onnxEmpty") };
  if (g.node.length > maxNodes) return { ok: false, problem: msg("import.onnxTooLarge", { count: g.node.length, max: maxNodes }) };
  const constants = new Map<string, Constant>();
  // Initializers the import cannot read (float16, int8, data of the wrong length), and why: said where used.
  const unreadable = new Map<string, string>();
  const made = new Set<string>();
  for (const t of g.initializer ?? []) {
    if (!t.name) continue;
    if (made.has(t.name)) return { ok: false, problem: msg("import.onnxTwice", { name: t.name }) };
    made.add(t.name);
    const v = tensorValues(t);
    if (v) constants.set(t.name, v);
    else
      unreadable.set(
        t.name,
        [1, 6, 7, 11].includes(t.dataType ?? 0)
          ? `its weight ${t.name} holds fewer or more values than its shape [${(t.dims ?? []).join(", ")}] needs`
          : `its weight ${t.name} is ${dataTypeName(t.dataType)}, which the import does not read (float32, float64, int32 and int64 are)`,
      );
  }
  for (const n of g.node)
    for (const o of n.output ?? []) {
      if (made.has(o)) return { ok: false, problem: msg("import.onnxTwice", { name: o }) };
      made.add(o);
    }
  const shapes = new Map<string, ShapeValue | null>();
  // Each activation's layer and rank; `nhwc` where the ONNX tensor is channels last (a Transpose made it so).
  const tensors = new Map<string, Tensor>();
  const layers: Json[] = [];
  const weights = new Map<string, FileWeight[]>();
  const refused: string[] = [];
  const counters = new Map<string, number>();
  const flattened = new Map<string, string>(); // Dense → the layer its Flatten read
  const name = (type: string) => {
    const k = counters.get(type) ?? 0;
    counters.set(type, k + 1);
    return `${layerNamePrefix(type)}${k ? `_${k}` : ""}`;
  };
  const add = (layer: Json, inputs: string[], out: string, rank: number) => {
    layers.push({ ...layer, inputs });
    tensors.set(out, { layer: layer.name as string, rank });
  };
  const w = (layer: string, wName: string, shape: number[], values: Float32Array, source?: string) =>
    weights.set(layer, [...(weights.get(layer) ?? []), { name: wName, shape, values, ...(source ? { source } : {}) }]);
  // The graph's input: NCHW (or N, features) becomes channels last.
  const inputs = (g.input ?? []).filter((i) => !constants.has(i.name) && !unreadable.has(i.name));
  if (inputs.length > 1) return { ok: false, problem: msg("import.onnxInputs", { count: inputs.length }) };
  const input = inputs[0];
  const dims =
    input?.type?.tensorType?.shape?.dim?.map((d) => (d.dimValue !== undefined && Number(d.dimValue) > 0 ? Number(d.dimValue) : null)) ?? [];
  if (!input || (dims.length !== 4 && dims.length !== 2)) return { ok: false, problem: msg("import.onnxInput", { rank: dims.length }) };
  const shape = dims.length === 4 ? [dims[2], dims[3], dims[1]] : [dims[1]];
  add({ type: "Input", name: "input", shape }, [], input.name, dims.length);

  const readers = new Map<string, OnnxNode[]>();
  for (const n of g.node)
    for (const i of n.input ?? [])
      readers
        .set(i, readers.get(i) ?? [])
        .get(i)!
        .push(n);
  const pending = [...g.node];
  const ready = (n: OnnxNode) =>
    (n.input ?? []).every((i) => i === "" || constants.has(i) || unreadable.has(i) || shapes.has(i) || tensors.has(i));
  while (pending.length > 0) {
    const at = pending.findIndex(ready);
    if (at < 0) {
      refused.push(...pending.map((n) => `${n.opType} (${n.name || n.output?.[0]}): reads a tensor no node makes`));
      break;
    }
    const [n] = pending.splice(at, 1);
    const ins = (n.input ?? []).filter((i) => i !== "");
    // A commutative op with its constant first (`bias + x`): the activation is read first, as the ops expect.
    if (commutative.has(n.opType) && ins.length === 2 && !tensors.has(ins[0]) && tensors.has(ins[1])) ins.reverse();
    const out = n.output?.[0] ?? "";
    const x = tensors.get(ins[0]);
    const konst = (k: number) => constants.get(ins[k]);
    const refuse = (why: string) => refused.push(`${n.opType} (${n.name || out}): ${why}`);
    const bad = ins.find((i) => unreadable.has(i));
    if ((n.domain ?? "") !== "" && n.domain !== "ai.onnx") refuse(`an operation of the domain ${n.domain}, not ONNX's own`);
    else if (bad) refuse(unreadable.get(bad)!);
    if (refused.length > 0 && refused[refused.length - 1].startsWith(`${n.opType} (${n.name || out}):`)) {
      if (x) tensors.set(out, x);
      continue;
    }
    if (n.opType === "Constant") {
      const t = n.attribute?.find((a) => a.name === "value")?.t;
      const v = t && tensorValues(t);
      if (v) constants.set(out, v);
      else
        refuse(
          t
            ? `a constant of type ${dataTypeName(t.dataType)}, which the import does not read`
            : "a constant given otherwise than as a tensor",
        );
      continue;
    }
    if (!x) {
      // Shapes computed from shapes (a dynamic flatten's target), and weights reshaped before use (CNTK).
      const folded = foldConstant(
        n,
        ins.map((i) => constants.get(i)),
      );
      // A feature map read where a constant or a shape goes (Reshape's target, a Conv's weights): not a CNN's graph.
      if (ins.some((i) => tensors.has(i))) refuse("reads a feature map where it takes a constant or a shape");
      else if (ins.some((i) => shapes.has(i)) || n.opType === "Shape") shapes.set(out, shapeValue(n, ins, shapes, constants));
      else if (folded) constants.set(out, folded);
      else if (shapeOps.has(n.opType)) shapes.set(out, null);
      else refuse("an operation on constants only");
      continue;
    }
    const alias = () => tensors.set(out, x);
    if (x.nhwc && !["Transpose", "Flatten", "Reshape", "Identity", "Shape"].includes(n.opType)) {
      refuse("an operation on a channels-last tensor (a Transpose made it so)");
      tensors.set(out, x);
      continue;
    }
    // A flattened channels-first map is in (c, h, w) order: only a Dense (its rows reordered) and elementwise ops
    // may read it, as its order changes once channels are last.
    if (ins.some((i) => tensors.get(i)?.flatFrom) && !flatReaders.has(n.opType)) {
      refuse("works on a flattened channels-first feature map, whose order differs once channels are last");
      tensors.set(out, x);
      continue;
    }
    convertNode({
      n,
      ins,
      out,
      x,
      input: { name: input.name, dims },
      layers,
      tensors,
      shapes,
      flattened,
      konst,
      refuse,
      alias,
      add,
      w,
      name,
      readers: (t) => readers.get(t) ?? [],
      shapeOf: (layer) => shapeOf(layers, layer),
    });
    // A node refused passes its input on, so that the walk goes on and names every node that cannot be imported.
    if (!tensors.has(out) && !shapes.has(out)) tensors.set(out, x);
    // An elementwise op keeps a flattened map's order.
    const made2 = tensors.get(out);
    if (x.flatFrom && made2 && !made2.flatFrom && flatReaders.has(n.opType) && n.opType !== "Gemm" && n.opType !== "MatMul")
      tensors.set(out, { ...made2, flatFrom: x.flatFrom });
  }
  // A flattened channels-first map as an output would come out in another order.
  for (const o of g.output ?? []) {
    const t = tensors.get(o.name);
    const s = t?.flatFrom ? shapeOf(layers, t.flatFrom) : undefined;
    if (s && (s[1] !== 1 || s[2] !== 1))
      refused.push(`${o.name} (an output): a flattened channels-first feature map, whose order differs once channels are last`);
  }
  if (refused.length > 0) {
    const shown = refused.length > 8 ? [...refused.slice(0, 8), `and ${refused.length - 8} more`] : refused;
    return { ok: false, problem: msg("import.onnxRefused", { count: refused.length, ops: joined(shown, "join.semicolon") }) };
  }
  return finish(
    exporterNames.has(g.name ?? "") && fileName ? fileName : g.name,
    layers,
    (g.output ?? []).map((o) => tensors.get(o.name)?.layer),
    weights,
    flattened,
  );
}

/** Ops whose two inputs may change places. */
const commutative = new Set(["Add", "Mul", "Sum", "Max", "Min"]);

/** Ops that may read a flattened channels-first map: a Dense, elementwise ops, and flattens of what is flat. */
const flatReaders = new Set([
  "Gemm",
  "MatMul",
  "Relu",
  "Sigmoid",
  "Tanh",
  "Softplus",
  "Elu",
  "LeakyRelu",
  "Clip",
  "Softmax",
  "Dropout",
  "Identity",
  "Flatten",
  "Reshape",
]);

/** The most nodes an imported graph may have (ResNet-152 has about 500). */
const maxNodes = 20_000;

/** A shape value a shape op computes from shape values and constants, entry by entry; null when not followed. */
function shapeValue(
  n: OnnxNode,
  ins: readonly string[],
  shapes: ReadonlyMap<string, ShapeValue | null>,
  constants: ReadonlyMap<string, Constant>,
): ShapeValue | null {
  const value = (i: string): ShapeValue | null => shapes.get(i) ?? (constants.has(i) ? Array.from(constants.get(i)!.values, Number) : null);
  const first = value(ins[0]);
  switch (n.opType) {
    case "Gather": {
      const k = constants.get(ins[1])?.values;
      return first && k && k.length === 1 ? [first.at(Number(k[0])) ?? "?"] : null;
    }
    case "Unsqueeze":
    case "Squeeze":
    case "Cast":
      return first;
    case "Concat": {
      const parts = ins.map(value);
      return parts.every((p) => p !== null) ? parts.flat() : null;
    }
    case "Slice": {
      const [start, end] = [constants.get(ins[1])?.values[0], constants.get(ins[2])?.values[0]];
      return first && start !== undefined && end !== undefined ? first.slice(Number(start), Math.min(Number(end), first.length)) : null;
    }
    default:
      return null;
  }
}

/** A layer's output shape, from the engine's analysis of the layers so far (for the few ops that need a size). */
function shapeOf(layers: readonly Json[], layer: string): readonly (number | null)[] | undefined {
  const text = JSON.stringify({ version: 1, layers: layers.map(({ channelsLast: _, ...l }) => l) });
  return analyze(text).layers.find((l) => l.name === layer)?.outputShape ?? undefined;
}

/** The text (inputs written only where a layer does not read the one before it), and each Dense after a Flatten reordered. */
function finish(
  graphName: string | undefined,
  layers: Json[],
  outputs: (string | undefined)[],
  weights: Map<string, FileWeight[]>,
  flattened: ReadonlyMap<string, string>,
): Result<OnnxImport> {
  let previous: string | undefined;
  for (const l of layers) {
    delete l.channelsLast;
    const inputs = l.inputs as string[] | undefined;
    if (!inputs || inputs.length === 0 || (inputs.length === 1 && inputs[0] === previous)) delete l.inputs;
    previous = l.name as string;
  }
  const outs = outputs.filter((o): o is string => o !== undefined);
  const text = `${[
    "{",
    `  "version": 1,`,
    `  "name": ${JSON.stringify(graphName || "onnx")},`,
    ...(outs.length > 0 && !(outs.length === 1 && outs[0] === previous) ? [`  "outputs": ${inlineJson(outs)},`] : []),
    `  "layers": [`,
    layers.map((l) => `    ${inlineJson(l)}`).join(",\n"),
    "  ]",
    "}",
  ].join("\n")}\n`;
  const analysis = analyze(text);
  const errors = analysis.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) return { ok: false, problem: msg("import.doesNotCheck", { errors: joined(errors, "join.semicolon") }) };
  for (const [dense, source] of flattened) {
    const s = analysis.layers.find((l) => l.name === source)?.outputShape ?? [];
    const [h, wd, c] = s.slice(1) as (number | null)[];
    if (s.length !== 4 || h === null || wd === null || c === null) continue;
    const kernel = weights.get(dense)![0];
    const outF = kernel.shape[1];
    // ONNX flattens (c, h, w); channels last flattens (h, w, c): the kernel's rows follow.
    const rows = permute(kernel.values, [c, h, wd, outF], [1, 2, 0, 3]);
    weights.get(dense)![0] = { ...kernel, values: rows };
  }
  return { ok: true, value: { text, weights } };
}

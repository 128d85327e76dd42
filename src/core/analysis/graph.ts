import type { JsonPath, PendingDiagnostic } from "../document/diagnostics";
import type { ModelRecord } from "./model";
import { didYouMean, didYouMeanHint } from "../document/suggest";
import { grouped, msg, type Message } from "../messages/format";

/** The resolved connections of a model's layers. */
export interface Graph {
  /** Input layer indices of each layer, in order (unresolved names left out). */
  readonly inputs: readonly (readonly number[])[];
  /** Whether every input of a layer resolved and their number suits its type. */
  readonly connected: readonly boolean[];
  /** Layers in an order where inputs come first; layers on or after a cycle are left out. */
  readonly order: readonly number[];
  /** The model's outputs: explicit `outputs`, or the layers no other layer consumes. */
  readonly outputs: readonly number[];
}

/** The most other places one diagnostic lists (a long cycle's other layers). */
const maxRelated = 50;

/** Resolves `inputs` (explicit names, or the previous layer), orders the layers and finds the outputs. */
export function resolveGraph(model: ModelRecord, out: PendingDiagnostic[]): Graph {
  const { layers } = model;
  const byName = new Map<string, number>();
  for (const l of layers) if (!byName.has(l.name)) byName.set(l.name, l.index);
  const names = [...byName.keys()];
  // Each suggestion looks at every name: the first ones get one, so that 100,000 unknown names cost no more.
  let suggestionsLeft = 100;
  const suggest = (name: string) => (suggestionsLeft-- > 0 ? didYouMean(name, names) : undefined);
  const report = (i: number, path: JsonPath, code: PendingDiagnostic["code"], message: Message, suggestion?: string) =>
    out.push({
      severity: "error",
      code,
      message: msg("layer.says", { layer: layers[i].name, problem: message }),
      path: ["layers", i, ...path],
      layerIndex: i,
      suggestion,
    });
  const where = (i: number): JsonPath => (layers[i].inputs ? ["inputs"] : ["type"]);

  const inputs: number[][] = [];
  const connected: boolean[] = [];
  for (const l of layers) {
    const i = l.index;
    const arity = l.spec?.arity;
    let ok = true;
    const found: number[] = [];
    if (l.inputs) {
      l.inputs.forEach((name, j) => {
        const k = name === null ? undefined : byName.get(name);
        if (name !== null && k === undefined) {
          const suggestion = suggest(name);
          report(i, ["inputs", j], "unknown-input", msg("graph.noLayerNamed", { name, hint: didYouMeanHint(suggestion) }), suggestion);
        }
        if (k === i) report(i, ["inputs", j], "cycle", msg("graph.ownInput"));
        if (k === undefined || k === i) ok = false;
        else found.push(k);
      });
    } else if (arity !== "none") {
      if (i === 0) {
        report(i, ["type"], "no-input", msg("graph.noInput"));
        ok = false;
      } else found.push(i - 1);
    }
    const count = l.inputs ? l.inputs.length : found.length;
    if (arity === "none" && count > 0) report(i, where(i), "input-count", msg("graph.inputTakesNone"));
    if (arity === "one" && count !== 1 && (l.inputs || ok)) {
      report(i, where(i), "input-count", msg(count > 1 ? "graph.oneInputMerge" : "graph.oneInput", { type: l.type, count }));
    }
    if (arity === "many" && count < 2) report(i, where(i), "input-count", msg("graph.mergeInputs", { type: l.type, count }));
    const arityOk = arity === undefined || (arity === "none" ? count === 0 : arity === "one" ? count === 1 : count >= 2);
    inputs.push(found);
    connected.push(ok && arityOk);
  }

  // Kahn's algorithm; what is left over lies on a cycle or downstream of one.
  const consumers: number[][] = layers.map(() => []);
  const pending = inputs.map((list) => list.length);
  for (let i = 0; i < inputs.length; i++) for (const k of inputs[i]) consumers[k].push(i);
  const order: number[] = [];
  for (let i = 0; i < layers.length; i++) if (pending[i] === 0) order.push(i);
  for (let h = 0; h < order.length; h++) {
    for (const c of consumers[order[h]]) if (--pending[c] === 0) order.push(c);
  }
  // Each cycle is reported once, on its first layer, with its length, its first names and the others' places:
  // a cycle of 20,000 layers is one message, not 20,000 that each list it. Every left-over layer has a
  // left-over input, so walking back from one must repeat; a walk that meets an earlier walk's layers leads to a
  // cycle already found, so every layer is walked once.
  const walked = new Uint8Array(layers.length);
  for (let start = 0; start < layers.length; start++) {
    if (pending[start] === 0 || walked[start]) continue;
    const seen = new Map<number, number>();
    let node = start;
    const path: number[] = [];
    while (!seen.has(node) && !walked[node]) {
      seen.set(node, path.length);
      path.push(node);
      node = inputs[node].find((k) => pending[k] > 0) ?? node;
    }
    for (const k of path) walked[k] = 1;
    if (!seen.has(node)) continue;
    const loop = path.slice(seen.get(node)).reverse(); // in data-flow order
    const first = loop.reduce((m, k, at) => (k < loop[m] ? at : m), 0);
    const cycle = [...loop.slice(first), ...loop.slice(0, first)];
    const shown = 6;
    const names = cycle.length <= shown ? cycle : [...cycle.slice(0, shown - 1)];
    const text = `${names.map((k) => layers[k].name).join(" → ")}${cycle.length <= shown ? "" : " → …"} → ${layers[cycle[0]].name}`;
    const related = cycle.slice(1, 1 + maxRelated).map((k) => ({
      path: ["layers", k, ...where(k)],
      message: msg("layer.says", { layer: layers[k].name, problem: msg("graph.onCycle") }),
    }));
    out.push({
      severity: "error",
      code: "cycle",
      message: msg("layer.says", {
        layer: layers[cycle[0]].name,
        problem: cycle.length === 1 ? msg("graph.readsItself") : msg("graph.cycle", { size: grouped(cycle.length), path: text }),
      }),
      path: ["layers", cycle[0], ...where(cycle[0])],
      layerIndex: cycle[0],
      related,
    });
  }

  // Reachability means little while input names or cycles are broken: those errors come first.
  const broken = out.some((d) => d.code === "cycle" || d.code === "unknown-input");
  let outputs: number[];
  if (model.outputs) {
    outputs = [];
    model.outputs.forEach((name, j) => {
      const k = name === null ? undefined : byName.get(name);
      if (k !== undefined) outputs.push(k);
      else if (name !== null) {
        const suggestion = suggest(name);
        const message = msg("graph.outputsNoLayer", { name, hint: didYouMeanHint(suggestion) });
        out.push({ severity: "error", code: "unknown-input", message, path: ["outputs", j], suggestion });
      }
    });
  } else outputs = layers.filter((l) => consumers[l.index].length === 0).map((l) => l.index);
  const live = new Uint8Array(layers.length);
  const stack = [...outputs];
  while (stack.length) {
    const k = stack.pop() as number;
    if (live[k]) continue;
    live[k] = 1;
    for (const j of inputs[k]) stack.push(j);
  }
  for (const l of layers) {
    const unusedInput = l.spec?.arity === "none" && consumers[l.index].length === 0;
    if ((!live[l.index] && !broken) || unusedInput) {
      const problem = msg(unusedInput ? "graph.unusedInput" : "graph.unreachable");
      const message = msg("layer.says", { layer: l.name, problem });
      out.push({ severity: "warning", code: "unreachable", message, path: ["layers", l.index, "type"], layerIndex: l.index });
    }
  }
  return { inputs, connected, order, outputs };
}

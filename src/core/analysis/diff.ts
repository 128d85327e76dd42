/**
 * Model diffs: which layers two analysed models add, remove and change, and what that does to the numbers —
 * parameters, MACs, memory, receptive fields, and the layers downstream whose output shape changes with them.
 *
 * Layers are paired as a reviewer would: by the name the file gives them, else by an alignment of the two layer
 * lists that prefers identical layers, then layers of the same type (so that a layer inserted between two others
 * is one addition, even where Keras' automatic names shift: conv2d_1 becoming conv2d_2 is no change).
 */
import { englishCatalogue, formatMessage } from "../messages/format";
import type { Diagnostic } from "../document/diagnostics";
import type { Analysis, LayerInfo } from "./analyze";

/** One written property of a layer before and after (`undefined`: not written). */
export interface SettingChange {
  readonly key: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** What happened to one layer. "affected": the layer as written is the same, but its output or counts are not. */
export type ChangeKind = "added" | "removed" | "changed" | "affected";

/** One layer's change; `before` or `after` is null for an added or removed layer. */
export interface LayerChange {
  readonly kind: ChangeKind;
  readonly before: LayerInfo | null;
  readonly after: LayerInfo | null;
  /** The written properties that differ ("inputs" by the layers they name, paired). */
  readonly settings: readonly SettingChange[];
}

/** A figure of the whole model before and after (null where unknown). */
export interface Figure {
  readonly before: number | null;
  readonly after: number | null;
}

/** The difference between two models. */
export interface ModelDiff {
  /** Changes in the second model's order, each removed layer after the layer it followed. */
  readonly changes: readonly LayerChange[];
  /** Layers that are the same in both, written and computed. */
  readonly unchanged: number;
  /**
   * The model's own properties that changed: its name and description, the order of its inputs and outputs (which
   * Keras' `fit` and `predict` follow), and each setting of its `training` section (defaults filled in), as
   * dotted keys (`training.optimizer.learningRate`).
   */
  readonly model: readonly SettingChange[];
  /** The errors and warnings the second model has and the first has not, and those it no longer has. */
  readonly problems: { readonly introduced: readonly Diagnostic[]; readonly resolved: readonly Diagnostic[] };
  readonly totals: {
    readonly params: Figure;
    readonly trainableParams: Figure;
    readonly nonTrainableParams: Figure;
    readonly macs: Figure;
    readonly activationBytes: Figure;
    readonly trainingBytes: Figure;
  };
}

/** Past this many layer pairs, layers are paired by name and type alone (an alignment is quadratic). */
const alignLimit = 4e6;

/**
 * A layer's properties as compared: its parameters resolved (Keras' defaults filled in, tuples expanded, so that
 * `kernelSize: 3` and `[3, 3]` are the same), and what else it writes but its inputs; its name where the file
 * gives one (an automatic name that shifts is no change).
 */
function properties(l: LayerInfo): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(l.written ?? {}), type: l.type, ...(l.settings ?? {}) };
  delete out.inputs;
  if (writtenName(l) === undefined) delete out.name;
  return out;
}

/** A layer without its name and inputs: what "the same layer" compares. */
const body = (l: LayerInfo) => {
  const rest = properties(l);
  delete rest.name;
  return stable(rest);
};

/** JSON with sorted keys, so that key order is no difference. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (v && typeof v === "object")
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v) ?? "undefined";
}

/** The written name of a layer, if the file gives one. */
const writtenName = (l: LayerInfo) => (typeof l.written?.name === "string" ? l.written.name : undefined);

/** Pairs the layers of `a` and `b`: for each layer of `b`, its layer of `a` (or -1). */
export function pairLayers(a: readonly LayerInfo[], b: readonly LayerInfo[]): number[] {
  const pairOf = new Array<number>(b.length).fill(-1);
  const takenA = new Set<number>();
  // Names the file gives are identities.
  const named = new Map<string, number>();
  a.forEach((l, i) => writtenName(l) !== undefined && named.set(writtenName(l) as string, i));
  b.forEach((l, j) => {
    const i = named.get(writtenName(l) ?? "\u0000");
    if (i !== undefined && a[i].type === l.type) {
      pairOf[j] = i;
      takenA.add(i);
    }
  });
  let restA = a.map((_l, i) => i).filter((i) => !takenA.has(i));
  let restB = b.map((_l, j) => j).filter((j) => pairOf[j] < 0);
  // Then the layers named by Keras' rules, aligned: identical layers score 3, the same type 1.
  const bodyA = a.map(body);
  const bodyB = b.map(body);
  const score = (i: number, j: number) => (a[i].type !== b[j].type ? -1 : bodyA[i] === bodyB[j] ? 3 : 1);
  // Identical layers at both ends pair at once: a local edit of a large model leaves a small middle to align.
  let head = 0;
  while (head < restA.length && head < restB.length && score(restA[head], restB[head]) === 3) pairOf[restB[head]] = restA[head++];
  let tail = 0;
  const last = (r: number[]) => r[r.length - 1 - tail];
  while (tail < restA.length - head && tail < restB.length - head && score(last(restA), last(restB)) === 3) {
    pairOf[last(restB)] = last(restA);
    tail++;
  }
  restA = restA.slice(head, restA.length - tail);
  restB = restB.slice(head, restB.length - tail);
  if (restA.length * restB.length > alignLimit) {
    const byName = new Map(restA.map((i) => [a[i].name, i]));
    for (const j of restB) {
      const i = byName.get(b[j].name);
      if (i !== undefined && a[i].type === b[j].type) pairOf[j] = i;
    }
    return pairOf;
  }
  const n = restA.length;
  const m = restB.length;
  const best = new Float64Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) {
      const s = score(restA[i], restB[j]);
      best[at(i, j)] = Math.max(best[at(i + 1, j)], best[at(i, j + 1)], s > 0 ? s + best[at(i + 1, j + 1)] : -Infinity);
    }
  for (let i = 0, j = 0; i < n && j < m;) {
    const s = score(restA[i], restB[j]);
    if (s > 0 && best[at(i, j)] === s + best[at(i + 1, j + 1)]) {
      pairOf[restB[j]] = restA[i];
      i++;
      j++;
    } else if (best[at(i, j)] === best[at(i + 1, j)]) i++;
    else j++;
  }
  return pairOf;
}

/** The written properties of a pair that differ; inputs compared through the pairing. */
function settingChanges(x: LayerInfo, y: LayerInfo, nameInA: (bName: string) => string | undefined): SettingChange[] {
  const px = properties(x);
  const py = properties(y);
  // A name the file gives on one side only is a rename from (or to) the automatic one.
  if ((px.name === undefined) !== (py.name === undefined)) [px.name, py.name] = [x.name, y.name];
  const keys = [...new Set([...Object.keys(px), ...Object.keys(py)])];
  const out: SettingChange[] = keys.filter((k) => stable(px[k]) !== stable(py[k])).map((k) => ({ key: k, before: px[k], after: py[k] }));
  // Inputs written on either side (a chain's layer reads the one before it: a layer added before it is change enough).
  const wired = x.written?.inputs !== undefined || y.written?.inputs !== undefined;
  const inputs = y.inputs.map((n) => nameInA(n) ?? `(new) ${n}`);
  // (Shown as written, so that a misspelt name is seen rather than dropped.)
  const shown = (l: LayerInfo) => (Array.isArray(l.written?.inputs) ? l.written.inputs : l.inputs);
  if (wired && (stable(inputs) !== stable(x.inputs) || stable(shown(x)) !== stable(shown(y))))
    out.push({ key: "inputs", before: shown(x), after: shown(y) });
  return out;
}

/** Whether a pair computes the same: output shape, counts and receptive field (an input's new name is no change). */
const figures = (l: LayerInfo) =>
  stable([l.outputShape, l.params, l.trainableParams, l.macs, l.receptiveField.map((f) => ({ ...f, input: undefined }))]);
const sameFigures = (x: LayerInfo, y: LayerInfo) => figures(x) === figures(y);

/** A value's leaves by dotted key (`optimizer.learningRate`); arrays and null are leaves. */
function leaves(v: unknown, prefix: string, out = new Map<string, unknown>()): Map<string, unknown> {
  if (v && typeof v === "object" && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) leaves(x, `${prefix}.${k}`, out);
  else if (v !== undefined) out.set(prefix, v);
  return out;
}

/** The model-level changes: name, description, inputs' and outputs' order, and the training section. */
function modelChanges(a: Analysis, b: Analysis, nameInA: (bName: string) => string | undefined): SettingChange[] {
  const out: SettingChange[] = [];
  for (const key of ["name", "description"] as const) if (a[key] !== b[key]) out.push({ key, before: a[key], after: b[key] });
  const inputs = (m: Analysis) => m.layers.filter((l) => l.type === "Input").map((l) => l.name);
  const through = (names: readonly string[]) => names.map((n) => nameInA(n) ?? n);
  if (stable(inputs(a)) !== stable(through(inputs(b)))) out.push({ key: "inputs", before: inputs(a), after: inputs(b) });
  if (stable(a.outputs) !== stable(through(b.outputs))) out.push({ key: "outputs", before: a.outputs, after: b.outputs });
  const ta = leaves(a.training, "training");
  const tb = leaves(b.training, "training");
  for (const key of new Set([...ta.keys(), ...tb.keys()]))
    if (stable(ta.get(key)) !== stable(tb.get(key))) out.push({ key, before: ta.get(key), after: tb.get(key) });
  return out;
}

/** The difference from model `a` to model `b`. */
export function diffModels(a: Analysis, b: Analysis): ModelDiff {
  const pairOf = pairLayers(a.layers, b.layers);
  const pairedA = new Map<number, number>();
  pairOf.forEach((i, j) => i >= 0 && pairedA.set(i, j));
  const aName = new Map(pairOf.flatMap((i, j) => (i >= 0 ? [[b.layers[j].name, a.layers[i].name] as const] : [])));
  const changes: LayerChange[] = [];
  let unchanged = 0;
  const removedAfter = (i: number) => {
    // The layers of `a` that follow a[i] without a pair: said after it.
    for (let k = i + 1; k < a.layers.length && !pairedA.has(k); k++)
      changes.push({ kind: "removed", before: a.layers[k], after: null, settings: [] });
  };
  removedAfter(-1);
  b.layers.forEach((y, j) => {
    const i = pairOf[j];
    if (i < 0) {
      changes.push({ kind: "added", before: null, after: y, settings: [] });
      return;
    }
    const x = a.layers[i];
    const settings = settingChanges(x, y, (n) => aName.get(n));
    if (settings.length) changes.push({ kind: "changed", before: x, after: y, settings });
    else if (!sameFigures(x, y)) changes.push({ kind: "affected", before: x, after: y, settings });
    else unchanged++;
    removedAfter(i);
  });
  // Mistakes compared by kind, layer and words (their place in the text moves with every edit), the words in
  // English whatever language each model was analysed in.
  const mistakes = (m: Analysis) => m.diagnostics.filter((x) => x.severity !== "info");
  const key = (x: Diagnostic) => `${x.severity}\u0000${x.code}\u0000${formatMessage({ id: x.id, args: x.args }, englishCatalogue)}`;
  const keysA = new Set(mistakes(a).map(key));
  const keysB = new Set(mistakes(b).map(key));
  const problems = {
    introduced: mistakes(b).filter((x) => !keysA.has(key(x))),
    resolved: mistakes(a).filter((x) => !keysB.has(key(x))),
  };
  const figure = (f: (m: Analysis) => number | null): Figure => ({ before: f(a), after: f(b) });
  const known = (m: Analysis, n: number) => (m.totals.complete ? n : null);
  return {
    changes,
    unchanged,
    model: modelChanges(a, b, (n) => aName.get(n)),
    problems,
    totals: {
      params: figure((m) => known(m, m.totals.params)),
      trainableParams: figure((m) => known(m, m.totals.trainableParams)),
      nonTrainableParams: figure((m) => known(m, m.totals.nonTrainableParams)),
      macs: figure((m) => known(m, m.totals.macs)),
      activationBytes: figure((m) => m.memory.activationBytesPerSample),
      trainingBytes: figure((m) => m.memory.training.totalBytes),
    },
  };
}

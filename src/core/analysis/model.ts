import type { JsonPath, PendingDiagnostic } from "../document/diagnostics";
import type { LayerSpec } from "../layers/layerSpec";
import type { ParamSpecs } from "../document/params";
import { findControlCharacter, printable } from "../document/printable";
import { defaultOf, readParam, briefValue } from "../document/readParam";
import { layerSpec, layerTypes, layerNamePrefix } from "../layers/registry";
import { didYouMean, didYouMeanHint } from "../document/suggest";
import { type Message, msg, parameterDoc } from "../messages/format";

/** Top-level properties of a model file. */
export const topLevelKeys = ["$schema", "version", "name", "description", "layers", "outputs", "training"] as const;
/** Properties every layer may have, whatever its type. */
export const commonLayerKeys = ["type", "name", "inputs", "trainable", "group"] as const;
/** The model file format version this engine reads. */
export const formatVersion = 1;

/** One entry of `layers`, read and validated on its own (before the graph is resolved). */
export interface LayerRecord {
  readonly index: number;
  /** The `type` string as written, or `""` when missing. */
  readonly type: string;
  /** The registry entry, when the type is known. */
  readonly spec?: LayerSpec<ParamSpecs>;
  /** The resolved name: the one written, or a Keras-style automatic one (`conv2d_1`). */
  readonly name: string;
  /** Explicit input names by position (`null` where the entry is not a name), or `undefined` for "the previous layer". */
  readonly inputs?: readonly (string | null)[];
  /** False when the user froze the layer: its weights then count as non-trainable. */
  readonly trainable: boolean;
  /** Validated parameters with defaults applied; `undefined` when any is missing or invalid. */
  readonly params?: Record<string, unknown>;
  /** Parameter names written in the file (to locate diagnostics at a value or at the type). */
  readonly given: ReadonlySet<string>;
  /** The layer object as written in the file; `null` where the entry is not an object. */
  readonly written: Readonly<Record<string, unknown>> | null;
}

/** The top level of a model file, read and validated. */
export interface ModelRecord {
  readonly name?: string;
  readonly description?: string;
  readonly layers: readonly LayerRecord[];
  /** Explicit model outputs, if given. */
  readonly outputs?: readonly (string | null)[];
  /** The `training` section, passed through untouched. */
  readonly training?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Names every JavaScript object has ("constructor", "__proto__" …): tfjs-layers keys plain objects by layer name. */
const tfjsReserved = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Why TF.js (tfjs-layers) cannot build or load a layer of this name, or undefined when it can: it takes tensor names
 * of ASCII letters, digits, '.', '-' and '_' after a letter or digit, and keys plain objects by layer name.
 */
export function tfjsNameProblem(name: string): Message | undefined {
  if (tfjsReserved.has(name)) return msg("model.tfjsReserved");
  if (!/^[A-Za-z0-9][-A-Za-z0-9._]*$/.test(name)) return msg("model.tfjsCharacters");
  return undefined;
}

/** Why a name holding a control character is refused. */
function controlMessage(what: Message, name: string): Message {
  const c = findControlCharacter(name);
  return msg("model.controlCharacter", { what, name: printable(name), character: c?.escaped ?? "", index: c?.index ?? 0 });
}

/** Reads a model file's value, collecting diagnostics for every mistake it can see locally. */
export function readModel(value: unknown, out: PendingDiagnostic[]): ModelRecord {
  const error = (path: JsonPath, code: PendingDiagnostic["code"], message: Message, extra: Partial<PendingDiagnostic> = {}) =>
    out.push({ severity: "error", code, message, path, ...extra });
  if (!isObject(value)) {
    if (value !== undefined) error([], "root", msg("model.root", { value: briefValue(value) }));
    else error([], "root", msg("model.empty"));
    return { layers: [] };
  }
  for (const key of Object.keys(value)) {
    if (!(topLevelKeys as readonly string[]).includes(key)) {
      const suggestion = didYouMean(key, topLevelKeys);
      error([key], "unknown-property", msg("model.unknownProperty", { key, hint: didYouMeanHint(suggestion) }), {
        anchor: "key",
        suggestion,
      });
    }
  }
  if (!has(value, "version")) error([], "missing-property", msg("model.missingVersion", { version: formatVersion }), { anchor: "start" });
  else if (value.version !== formatVersion) {
    error(["version"], "version", msg("model.version", { value: briefValue(value.version), version: formatVersion }));
  }
  const str = (key: string): string | undefined => {
    if (!has(value, key)) return undefined;
    if (typeof value[key] === "string") return value[key] as string;
    error([key], "wrong-type", msg("model.string", { key, value: briefValue(value[key]) }));
    return undefined;
  };
  const name = str("name");
  if (name !== undefined && findControlCharacter(name)) error(["name"], "invalid-name", controlMessage(msg("model.modelName"), name));
  const description = str("description");
  str("$schema");
  if (has(value, "training") && !isObject(value.training)) {
    error(["training"], "wrong-type", msg("model.training", { value: briefValue(value.training) }));
  }
  const outputs = readNames(value, "outputs", [], out);
  const layers: LayerRecord[] = [];
  if (!has(value, "layers")) error([], "missing-property", msg("model.missingLayers"), { anchor: "start" });
  else if (!Array.isArray(value.layers)) error(["layers"], "wrong-type", msg("model.layersList", { value: briefValue(value.layers) }));
  else if (value.layers.length === 0)
    // A start in the designer, so a warning; but nothing to summarise, train or export.
    out.push({
      severity: "warning",
      code: "no-layers",
      message: msg("model.noLayers"),
      path: ["layers"],
    });
  else {
    const names = assignNames(value.layers, out);
    value.layers.forEach((layer, i) => layers.push(readLayer(layer, i, names[i], out)));
  }
  return { name, description, layers, outputs, training: value.training };
}

/** Reads a list of layer names (`inputs` or `outputs`), reporting entries that are not strings. */
function readNames(obj: Record<string, unknown>, key: string, base: JsonPath, out: PendingDiagnostic[]): (string | null)[] | undefined {
  if (!has(obj, key)) return undefined;
  const list = obj[key];
  if (!Array.isArray(list)) {
    out.push({
      severity: "error",
      code: "wrong-type",
      message: msg("model.namesList", { key, value: briefValue(list) }),
      path: [...base, key],
    });
    return undefined;
  }
  return list.map((n: unknown, j) => {
    if (typeof n === "string" && n !== "") return n;
    out.push({
      severity: "error",
      code: "wrong-type",
      message: msg("model.namesEntry", { key, value: briefValue(n) }),
      path: [...base, key, j],
    });
    return null;
  });
}

/** Valid explicit names first (duplicates reported), then Keras-style automatic names that avoid them. */
function assignNames(raw: unknown[], out: PendingDiagnostic[]): string[] {
  const names: string[] = [];
  const taken = new Map<string, number>();
  raw.forEach((layer, i) => {
    if (!isObject(layer) || typeof layer.name !== "string" || layer.name === "" || layer.name.includes("/")) return;
    const first = taken.get(layer.name);
    if (first !== undefined) {
      const message = msg("model.duplicateName", { name: layer.name, first });
      out.push({ severity: "error", code: "duplicate-name", message, path: ["layers", i, "name"], layerIndex: i });
    } else taken.set(layer.name, i);
    names[i] = layer.name;
  });
  const counters = new Map<string, number>();
  raw.forEach((layer, i) => {
    if (names[i] !== undefined) return;
    const type = isObject(layer) && typeof layer.type === "string" && layer.type ? layer.type : "Layer";
    const base = layerNamePrefix(type);
    let k = counters.get(base) ?? 0;
    let candidate = k === 0 ? base : `${base}_${k}`;
    while (taken.has(candidate)) candidate = `${base}_${++k}`;
    counters.set(base, k + 1);
    taken.set(candidate, i);
    names[i] = candidate;
  });
  return names;
}

/** A layer type's normalised defaults (frozen: layers share them) and required parameters. */
interface ParamTable {
  readonly defaults: Readonly<Record<string, unknown>>;
  readonly required: readonly string[];
}

const tables = new WeakMap<LayerSpec<ParamSpecs>, ParamTable>();

/** The parameter table of a layer type, computed once. */
function paramTable(spec: LayerSpec<ParamSpecs>): ParamTable {
  let table = tables.get(spec);
  if (!table) {
    // A plain object built key by key stays in V8's fast mode, so copying it per layer is cheap.
    const defaults: Record<string, unknown> = {};
    const required: string[] = [];
    for (const [k, p] of Object.entries(spec.params)) {
      if (p.required) required.push(k);
      else defaults[k] = deepFreeze(defaultOf(p));
    }
    table = { defaults, required };
    tables.set(spec, table);
  }
  return table;
}

function deepFreeze<T>(value: T): T {
  if (Array.isArray(value)) value.forEach(deepFreeze);
  return Object.freeze(value);
}

function readLayer(raw: unknown, index: number, name: string, out: PendingDiagnostic[]): LayerRecord {
  const base = ["layers", index];
  const at = (...rest: (string | number)[]): JsonPath => [...base, ...rest];
  const report = (path: JsonPath, code: PendingDiagnostic["code"], message: Message, extra: Partial<PendingDiagnostic> = {}) =>
    out.push({ severity: "error", code, message, path, layerIndex: index, ...extra });
  if (!isObject(raw)) {
    report(at(), "wrong-type", msg("layer.notObject", { index, value: briefValue(raw) }));
    return { index, type: "", name, trainable: true, given: new Set<string>(), written: null };
  }
  let type = "";
  if (!has(raw, "type")) report(at(), "missing-property", msg("layer.noType", { index }), { anchor: "start" });
  else if (typeof raw.type !== "string" || raw.type === "")
    report(at("type"), "wrong-type", msg("layer.typeName", { index, value: briefValue(raw.type) }));
  else type = raw.type;
  const spec = type ? layerSpec(type) : undefined;
  if (type && !spec) {
    const suggestion = didYouMean(type, layerTypes);
    report(
      at("type"),
      "unknown-type",
      msg("layer.says", { layer: name, problem: msg("layer.unknownType", { type, hint: didYouMeanHint(suggestion) }) }),
      {
        suggestion,
      },
    );
  }
  if (has(raw, "name")) {
    if (typeof raw.name !== "string" || raw.name === "")
      report(at("name"), "wrong-type", msg("layer.nameString", { index, value: briefValue(raw.name) }));
    else if (raw.name.includes("/")) report(at("name"), "invalid-name", msg("layer.nameSlash", { name: printable(raw.name) }));
    else if (findControlCharacter(raw.name)) report(at("name"), "invalid-name", controlMessage(msg("model.layerName"), raw.name));
    else {
      const problem = tfjsNameProblem(raw.name);
      if (problem) report(at("name"), "invalid-name", msg("layer.nameTfjs", { name: raw.name, problem }), { severity: "warning" });
    }
  }
  let trainable = true;
  if (has(raw, "trainable")) {
    if (typeof raw.trainable === "boolean") trainable = raw.trainable;
    else
      report(
        at("trainable"),
        "wrong-type",
        msg("layer.says", { layer: name, problem: msg("layer.trainable", { value: briefValue(raw.trainable) }) }),
      );
  }
  if (has(raw, "group") && (typeof raw.group !== "string" || raw.group === ""))
    report(at("group"), "wrong-type", msg("layer.says", { layer: name, problem: msg("layer.group", { value: briefValue(raw.group) }) }));
  const inputs = readNames(raw, "inputs", base, out);
  const given = new Set<string>();
  for (const key in raw) if (!(commonLayerKeys as readonly string[]).includes(key)) given.add(key);
  if (!spec) return { index, type, name, inputs, trainable, given, written: raw };
  const table = paramTable(spec);
  let params: Record<string, unknown> | undefined = { ...table.defaults };
  for (const key of given) {
    const p = has(spec.params, key) ? spec.params[key] : undefined;
    if (!p) {
      const suggestion = didYouMean(key, [...Object.keys(spec.params), ...commonLayerKeys]);
      const hint = suggestion || Object.keys(spec.params).length > 0 ? didYouMeanHint(suggestion) : msg("hint.noParameters", { type });
      const problem = msg("layer.noParameter", { type, key, hint });
      report(at(key), "unknown-parameter", msg("layer.says", { layer: name, problem }), { anchor: "key", suggestion });
      continue;
    }
    const value = raw[key];
    if (value === null && "default" in p && p.default === null) continue; // explicitly unset
    const result = readParam(key, p, value);
    if (!result.ok) {
      report(
        at(key),
        result.code,
        msg("layer.says", { layer: name, problem: result.message }),
        result.suggestion ? { suggestion: result.suggestion } : undefined,
      );
      params = undefined;
    } else if (params) params[key] = result.value;
  }
  for (const key of table.required) {
    if (given.has(key)) continue;
    const problem = msg("layer.needsParameter", { type, key, doc: parameterDoc(spec.params[key].doc) });
    report(at("type"), "missing-parameter", msg("layer.says", { layer: name, problem }));
    params = undefined;
  }
  return { index, type, spec, name, inputs, trainable, params, given, written: raw };
}

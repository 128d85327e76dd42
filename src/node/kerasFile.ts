/**
 * Reading the files people save Keras models in, for import: a Keras 2 or legacy Keras 3 `.h5` (`model.save()`,
 * with `model_config` and `model_weights/`, or `save_weights()`, weights only), a Keras 3 `.keras` archive (a zip
 * with `config.json`, `metadata.json` and `model.weights.h5`), or a JSON topology. HDF5 is read with jsfive, the
 * zip with fflate. Every file is user input: sizes are bounded before anything is allocated, archive entries are
 * checked, and a file that is not what it claims gets a FileError naming it, never a crash.
 */
import { File as H5File, Group, type Dataset } from "jsfive";
import { hdf5DeclaredEnd } from "./hdf5End";
import { unzipKeras } from "./kerasArchive";
import { looksLikeOnnx, readOnnx } from "./onnxFile";
import { readTfjsWeights } from "./tfjsWeights";
import { dirname } from "node:path";
import {
  kerasSnakeCase,
  layerNamePrefix,
  msg,
  parseJsonText,
  printable,
  type OnnxImport,
  type Result,
  type FileWeight,
  type FileWeights,
  type Message,
} from "../core";
import { FileError } from "./files";
import { sayFile } from "./say";
import { decodeUserText, maxTextBytes, readRegularFile, utf16 } from "./readFiles";

/** What a model file holds: its topology (parsed JSON; absent in a weights-only file), its weights, its origin. */
export interface ModelFile {
  readonly topology?: unknown;
  readonly weights?: FileWeights;
  /** `Keras .h5`, `Keras .keras` or `JSON`, and the Keras version the file names (a Keras file's only). */
  readonly format: string;
  readonly kerasVersion?: string;
  /** What the reader left out, for the user (a TF.js model's weights files that are not beside it). */
  readonly warnings?: readonly string[];
  /** An ONNX file's import: the model text and its weights (ONNX has no Keras topology). */
  readonly onnx?: Result<OnnxImport>;
}

const hdf5Magic = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const zipMagic = [0x50, 0x4b, 0x03, 0x04];
/** An empty zip archive is its end record alone. */
const emptyZipMagic = [0x50, 0x4b, 0x05, 0x06];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** Reads a model file (`what` it is, for messages) for import, whatever its kind (told by its first bytes). */
export function readModelFile(path: string, what: Message = msg("files.modelFile")): ModelFile {
  return modelFileOf(readRegularFile(path, msg("files.cannotRead", { what })), path, dirname(path));
}

/**
 * A model file's content read for import (`path` names it in messages; `dir`, where it is, is where an ONNX
 * file's external data may be read from); a FileError when it is none.
 */
export function modelFileOf(bytes: Uint8Array, path: string, dir?: string): ModelFile {
  if (bytes.length === 0) throw new FileError(msg("keras.empty", { path }));
  if (startsWith(bytes, hdf5Magic)) return readH5(bytes, path);
  if (startsWith(bytes, zipMagic) || startsWith(bytes, emptyZipMagic)) return readKerasArchive(bytes, path);
  // Anything else must be JSON text: a file whose name or bytes say otherwise is named for what it is.
  const kind = /\.(h5|hdf5)$/i.test(path)
    ? msg("keras.notHdf5", { path })
    : /\.keras$/i.test(path)
      ? msg("keras.notZip", { path })
      : undefined;
  // An ONNX file under another model's name (model.h5, model.keras) is read as what it is.
  if (/\.onnx$/i.test(path) || (kind && looksLikeOnnx(bytes))) return readOnnx(bytes, path, dir);
  if (kind) throw new FileError(kind);
  // UTF-16 text has a zero byte beside every ASCII character: named for its encoding, not as binary.
  const encoding = utf16(bytes);
  if (encoding) throw new FileError(msg("keras.utf16", { path, encoding }));
  if (bytes.subarray(0, 4096).includes(0)) throw new FileError(msg("keras.binary", { path }));
  const topology = jsonOf(bytes, path);
  // A TF.js layers model.json lists its weights files beside it (tfjs-layers, the converter, Teachable Machine).
  const tfjs = readTfjsWeights(topology, path, dir);
  if (tfjs?.missing) {
    const file = printable(tfjs.missing);
    const why = /^[a-z][a-z0-9+.-]*:\/\//i.test(tfjs.missing)
      ? msg("keras.tfjsRemote", { path, file })
      : msg("keras.tfjsUntrained", { path, file });
    return { topology, format: "JSON", warnings: [sayFile(why)] };
  }
  return tfjs?.weights ? { topology, weights: tfjs.weights, format: "TF.js" } : { topology, format: "JSON" };
}

/** A JSON file's value (`part`: the archive's or HDF5 file's part that holds it); a FileError saying why it is not one. */
function jsonOf(bytes: Uint8Array, path: string, part?: string): unknown {
  if (bytes.length > maxTextBytes) throw new FileError(msg("keras.jsonTooLarge", { path, bytes: bytes.length }));
  const decoded = decodeUserText(bytes);
  if (!("text" in decoded)) throw new FileError(msg("keras.utf16", { path, encoding: decoded.encoding }));
  const json = parseJsonText(decoded.text);
  // The JSON parser's reason, without its own "it is not JSON" frame: said once.
  if (!json.ok) {
    const error = json.problem.id === "document.notJson" ? json.problem.args.error : json.problem;
    throw new FileError(part ? msg("keras.partNotJson", { path, part, error }) : msg("keras.notJson", { path, error }));
  }
  return json.value;
}

/** A fixed-length HDF5 string comes padded with NULs; a variable-length one does not. */
/** jsfive gives a fixed-length byte string one character per byte; Keras writes names as UTF-8 bytes. */
function utf8(s: string): string {
  const codes = Array.from(s, (c) => c.charCodeAt(0));
  if (!codes.some((c) => c >= 0x80) || codes.some((c) => c > 0xff)) return s;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(codes));
  } catch {
    return s;
  }
}
const h5String = (v: unknown) => utf8(String(v).replace(/\0+$/, ""));
const h5Strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(h5String) : v === undefined ? [] : [h5String(v)]);

/** Opens HDF5 bytes with jsfive, whose failures (thrown strings included) become a FileError. */
function openH5(bytes: Uint8Array, path: string): H5File {
  const end = hdf5DeclaredEnd(bytes);
  if (end !== undefined && end > bytes.length) throw new FileError(msg("keras.hdf5CutShort", { path, bytes: bytes.length, declared: end }));
  try {
    return new H5File(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, path);
  } catch (e) {
    throw new FileError(msg("keras.hdf5Damaged", { path, error: printable(String(e instanceof Error ? e.message : e)) }));
  }
}

/** A member of `group` (a path relative to it), or a FileError naming the file and the path. */
function member(group: Group, name: string, path: string): Group | Dataset {
  let found: Group | Dataset | undefined;
  try {
    found = group.get(name);
  } catch {
    found = undefined;
  }
  if (!found) throw new FileError(msg("keras.notHeld", { path, name: printable(name) }));
  return found;
}

/** A dataset's values as float32, after checking its shape against the bytes the file can hold. */
function readDataset(item: Group | Dataset, name: string, path: string, fileBytes: number): FileWeight {
  if (item instanceof Group) throw new FileError(msg("keras.groupNotWeight", { path, name: printable(name) }));
  const shape = item.shape;
  const dtype = String(item.dtype);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0))
    throw new FileError(msg("keras.noShape", { path, name: printable(name) }));
  const size = shape.reduce((a, d) => a * d, 1);
  // Floats, or a counter Keras keeps as an integer (Normalization's count, int64).
  const [, kind, width] = /^[<>|]?([fi])(\d)$/.exec(dtype) ?? [];
  if (!(kind === "f" && (width === "4" || width === "8")) && !(kind === "i" && (width === "4" || width === "8")))
    throw new FileError(msg("keras.dtype", { path, name: printable(name), dtype: printable(dtype) }));
  if (size * Number(width) > fileBytes) throw new FileError(msg("keras.claimsMore", { path, name: printable(name) }));
  let values: ArrayLike<number>;
  try {
    values = item.value;
  } catch (e) {
    throw new FileError(
      msg("keras.unreadable", { path, name: printable(name), error: printable(String(e instanceof Error ? e.message : e)) }),
    );
  }
  if (values.length !== size) throw new FileError(msg("keras.valueCount", { path, name: printable(name), count: values.length, size }));
  return { name, shape, values: values instanceof Float32Array ? values : Float32Array.from(values, Number) };
}

/** A Keras 2 or legacy Keras 3 `.h5`: `layer_names`, then each layer's `weight_names` (the order Keras gives). */
function readH5(bytes: Uint8Array, path: string): ModelFile {
  const file = openH5(bytes, path);
  // Keras 3's save_weights() writes an archive's weights file: `layers/<layer>/vars/<i>`.
  if (
    file.attrs.layer_names === undefined &&
    !file.keys.includes("model_weights") &&
    (file.keys.includes("layers") || file.keys.includes("_layer_checkpoint_dependencies"))
  )
    return { weights: archiveWeights(file, path, bytes.length), format: "Keras .h5" };
  const root = file.keys.includes("model_weights") ? member(file, "model_weights", path) : file;
  if (!(root instanceof Group) || root.attrs.layer_names === undefined) throw new FileError(msg("keras.notKeras", { path }));
  const weights = new Map<string, FileWeight[]>();
  for (const layer of h5Strings(root.attrs.layer_names)) {
    const group = member(root, layer, path);
    if (!(group instanceof Group)) throw new FileError(msg("keras.layerNotGroup", { path, name: printable(layer) }));
    // A model used as a layer holds its layers' weights here too, each named `<inner layer>/<weight>`.
    const names = h5Strings(group.attrs.weight_names);
    weights.set(
      layer,
      names.map((n) => ({
        ...readDataset(member(group, n, path), n, path, bytes.length),
        source: `${root === file ? "" : "model_weights/"}${layer}/${n}`,
      })),
    );
  }
  const config = file.attrs.model_config;
  const version = file.attrs.keras_version ?? root.attrs.keras_version;
  return {
    topology: config === undefined ? undefined : jsonOf(new TextEncoder().encode(h5String(config)), path, "model_config"),
    weights,
    format: "Keras .h5",
    kerasVersion: version === undefined ? undefined : printable(h5String(version)).slice(0, 40),
  };
}

/** A Keras 3 `.keras` archive: `config.json`, and `model.weights.h5` whose layers hold `vars/0`, `vars/1`… */
function readKerasArchive(bytes: Uint8Array, path: string): ModelFile {
  const entries = unzipKeras(bytes, path);
  const config = entries["config.json"];
  if (!config) throw new FileError(msg("keras.noConfig", { path }));
  const topology = jsonOf(config, path, "config.json");
  const metadata = entries["metadata.json"] ? jsonOf(entries["metadata.json"], path, "metadata.json") : undefined;
  const version = (metadata as { keras_version?: unknown } | undefined)?.keras_version;
  const h5 = entries["model.weights.h5"];
  if (!h5) throw new FileError(msg("keras.noWeights", { path }));
  const file = openH5(h5, `${path} (model.weights.h5)`);
  const legacy = file.keys.includes("_layer_checkpoint_dependencies");
  const named = legacy ? undefined : keras3Weights(file, path, h5.length, topology);
  const weights =
    named && named.size > 0
      ? named
      : legacy
        ? byLayerName(archiveWeights(file, path, h5.length), topology)
        : archiveWeights(file, path, h5.length);
  return {
    ...(legacy
      ? {
          warnings: [sayFile(version ? msg("keras.byClassVersion", { version: printable(String(version)) }) : msg("keras.byClass"))],
        }
      : {}),
    topology,
    weights,
    format: "Keras .keras",
    kerasVersion: typeof version === "string" ? printable(version).slice(0, 40) : undefined,
  };
}

/**
 * tf.keras 2.13's archives name each layer's weights after its class with a counter in creation order (`conv2d_10`,
 * `depthwise_conv2d_3`…), not after the layer: each class's names, in counter order, go to the model's layers of
 * that class in their order.
 */
function byLayerName(weights: Map<string, FileWeight[]>, topology: unknown): Map<string, FileWeight[]> {
  const config = (topology as { config?: { layers?: unknown } } | undefined)?.config;
  const layers = Array.isArray(config?.layers) ? (config.layers as { class_name?: unknown; config?: { name?: unknown } }[]) : [];
  const counter = (key: string) => Number(/_(\d+)$/.exec(key)?.[1] ?? 0);
  const byClass = new Map<string, string[]>();
  for (const key of weights.keys()) {
    const generic = key.replace(/_\d+$/, "");
    byClass.set(generic, [...(byClass.get(generic) ?? []), key]);
  }
  for (const keys of byClass.values()) keys.sort((x, y) => counter(x) - counter(y));
  const renamed = new Map<string, FileWeight[]>();
  for (const l of layers) {
    const keys = byClass.get(layerNamePrefix(String(l.class_name)));
    const key = keys?.shift();
    if (key && typeof l.config?.name === "string") renamed.set(l.config.name, weights.get(key)!);
  }
  return renamed.size > 0 ? renamed : weights;
}

/** A layer group's `vars/0`, `vars/1`… in order (none when it has no `vars`). */
function varsOf(layer: Group, at: string, path: string, fileBytes: number): FileWeight[] {
  const vars = layer.keys.includes("vars") ? member(layer, "vars", path) : undefined;
  if (!(vars instanceof Group)) return [];
  const order = vars.keys.filter((k) => /^\d+$/.test(k)).sort((a, b) => Number(a) - Number(b));
  return order.map((k) => readDataset(member(vars, k, path), `${at}vars/${k}`, path, fileBytes));
}

/** An archive's weights (`layers/<layer>/vars/<i>`; a model used as a layer nests `layers/<model>/layers/<layer>/…`). */
function archiveWeights(file: H5File, path: string, fileBytes: number): Map<string, FileWeight[]> {
  const weights = new Map<string, FileWeight[]>();
  const walk = (group: Group, at: string, prefix: string, depth: number): void => {
    // Keras 3 keeps a model's layers under `layers`; tf.keras 2.13's .keras under `_layer_checkpoint_dependencies`.
    const key = ["layers", "_layer_checkpoint_dependencies"].find((k) => group.keys.includes(k));
    const layers = key ? member(group, key, path) : undefined;
    if (!(layers instanceof Group) || depth > 32) return;
    for (const layer of layers.keys) {
      const inner = member(layers, layer, path);
      if (!(inner instanceof Group)) continue;
      const read = varsOf(inner, `${at}${key}/${layer}/`, path, fileBytes);
      if (read.length > 0) weights.set(`${prefix}${layer}`, read);
      walk(inner, `${at}${key}/${layer}/`, `${prefix}${layer}.`, depth + 1);
    }
  };
  walk(file, "", "", 0);
  return weights;
}

/**
 * Keras 3 keys a layer's weights by its class in snake case, numbered in the model's layer order (a Sequential
 * leaves out its InputLayer) — `layers/conv2d_1` may hold the layer named `features` — so the configuration beside
 * the weights names them; a model used as a layer is walked with its own configuration.
 */
function keras3Weights(file: H5File, path: string, fileBytes: number, topology: unknown): Map<string, FileWeight[]> {
  const weights = new Map<string, FileWeight[]>();
  type Entry = { class_name?: unknown; config?: { name?: unknown; layers?: unknown } } | null;
  const walk = (group: Group, model: Entry, at: string, prefix: string, depth: number): void => {
    const layers = group.keys.includes("layers") ? member(group, "layers", path) : undefined;
    const entries = model?.config?.layers;
    if (!(layers instanceof Group) || !Array.isArray(entries) || depth > 32) return;
    const used = new Map<string, number>();
    for (const e of entries as Entry[]) {
      if (model?.class_name === "Sequential" && e?.class_name === "InputLayer") continue;
      const base = kerasSnakeCase(String(e?.class_name));
      const count = used.get(base);
      used.set(base, (count ?? -1) + 1);
      const key = count === undefined ? base : `${base}_${count + 1}`;
      const name = e?.config?.name;
      if (typeof name !== "string" || !layers.keys.includes(key)) continue;
      const inner = member(layers, key, path);
      if (!(inner instanceof Group)) continue;
      const read = varsOf(inner, `${at}layers/${key}/`, path, fileBytes);
      if (read.length > 0) weights.set(`${prefix}${name}`, read);
      walk(inner, e, `${at}layers/${key}/`, `${prefix}${name}.`, depth + 1);
    }
  };
  walk(file, topology as Entry, "", "", 0);
  return weights;
}

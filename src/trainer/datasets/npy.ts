/**
 * NPY files (NumPy's `np.save` format, versions 1–3): little- or big-endian integers, floats and booleans
 * in C order. Corrupt, truncated or unsupported files give a clear message, never an exception.
 */
import type { TextResult } from "../../core";
import { readDeclared } from "./readBytes";
import { msg, type Message } from "../../core";
import { sayFile } from "../../node/say";

/** An NPY array as numbers, with its shape and NumPy dtype. */
export interface NpyArray {
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly data: Float32Array;
  /** True when the values are integers or booleans (labels, uint8 pixels). */
  readonly integer: boolean;
}

/** The outcome of reading an NPY file. */
export type NpyResult = TextResult<NpyArray>;

const readers: Record<string, { size: number; integer: boolean; get(v: DataView, at: number, little: boolean): number }> = {
  b1: { size: 1, integer: true, get: (v, at) => v.getUint8(at) },
  u1: { size: 1, integer: true, get: (v, at) => v.getUint8(at) },
  i1: { size: 1, integer: true, get: (v, at) => v.getInt8(at) },
  u2: { size: 2, integer: true, get: (v, at, le) => v.getUint16(at, le) },
  i2: { size: 2, integer: true, get: (v, at, le) => v.getInt16(at, le) },
  u4: { size: 4, integer: true, get: (v, at, le) => v.getUint32(at, le) },
  i4: { size: 4, integer: true, get: (v, at, le) => v.getInt32(at, le) },
  i8: { size: 8, integer: true, get: (v, at, le) => Number(v.getBigInt64(at, le)) },
  u8: { size: 8, integer: true, get: (v, at, le) => Number(v.getBigUint64(at, le)) },
  f4: { size: 4, integer: false, get: (v, at, le) => v.getFloat32(at, le) },
  f8: { size: 8, integer: false, get: (v, at, le) => v.getFloat64(at, le) },
};

/** An NPY header: dtype, shape, and where the values start and end. */
interface NpyHeader {
  readonly descr: string;
  readonly reader: (typeof readers)[string];
  readonly shape: readonly number[];
  readonly start: number;
  readonly count: number;
  /** The whole file's size: header and values. */
  readonly needed: number;
}

/** Reads an NPY header from the first bytes of a file: the header, why it is not one, or how many bytes it needs. */
function npyHeader(bytes: Uint8Array): NpyHeader | { readonly problem: Message } | { readonly needMore: number } {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) return { problem: msg("npy.notNpy") };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  if (major < 1 || major > 3) return { problem: msg("npy.version", { version: major }) };
  if (major > 1 && bytes.length < 12) return { needMore: 12 };
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = (major === 1 ? 10 : 12) + headerLength;
  if (bytes.length < start) return headerLength > 65536 ? { problem: msg("npy.headerSize", { bytes: headerLength }) } : { needMore: start };
  const header = new TextDecoder().decode(bytes.subarray(major === 1 ? 10 : 12, start));
  const dict = headerDict(header);
  if ("id" in dict) return { problem: msg("npy.unreadable", { header: JSON.stringify(header.trim().slice(0, 200)), why: dict }) };
  const descr = /^'([<>|=])([a-z]\d+)'$/.exec(dict.descr);
  if (!descr) return { problem: msg("npy.dtype", { dtype: dict.descr }) };
  if (dict.fortran_order === "True") return { problem: msg("npy.fortran") };
  if (dict.fortran_order !== "False") return { problem: msg("npy.fortranValue", { value: dict.fortran_order }) };
  const reader = Object.hasOwn(readers, descr[2]) ? readers[descr[2]] : undefined;
  if (!reader) return { problem: msg("npy.dtype", { dtype: `'${descr[1]}${descr[2]}'` }) };
  const dims = /^\(\s*((?:\d+\s*,\s*)*(?:\d+\s*,?)?)\s*\)$/.exec(dict.shape);
  if (!dims) return { problem: msg("npy.shapeTuple", { shape: dict.shape }) };
  const shape = dims[1]
    .split(",")
    .map((d) => d.trim())
    .filter((d) => d !== "")
    .map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d))) return { problem: msg("npy.shape", { shape: dict.shape }) };
  const count = shape.reduce((a, b) => a * b, 1);
  return { descr: `${descr[1]}${descr[2]}`, reader, shape, start, count, needed: start + count * reader.size };
}

/**
 * Reads an NPY header's Python dict as NumPy writes it: exactly the keys 'descr', 'fortran_order' and 'shape', each
 * once, with a quoted string, True or False, and a tuple; anything else (another key, a duplicate, a NUL, an
 * expression) is why it is refused.
 */
function headerDict(header: string): { descr: string; fortran_order: string; shape: string } | Message {
  const text = header.replace(/[ \n]+$/, "");
  if (text.includes("\0")) return msg("npy.nul");
  if (!text.startsWith("{") || !text.endsWith("}")) return msg("npy.notDict");
  const found = new Map<string, string>();
  const entry = /\s*'(\w+)'\s*:\s*('[^'\\]*'|True|False|\([^()]*\))\s*(,|(?=\}$))/y;
  entry.lastIndex = 1;
  while (entry.lastIndex < text.length - 1) {
    const at = entry.lastIndex;
    const m = entry.exec(text);
    if (!m)
      return text.slice(at).trim() === "}"
        ? msg("npy.emptyEntry")
        : msg("npy.unexpected", { text: JSON.stringify(text.slice(at, at + 30).trim()) });
    if (!["descr", "fortran_order", "shape"].includes(m[1])) return msg("npy.unknownKey", { key: m[1] });
    if (found.has(m[1])) return msg("npy.twice", { key: m[1] });
    found.set(m[1], m[2]);
    if (/^\s*\}$/.test(text.slice(entry.lastIndex))) break;
  }
  const [descr, fortran, shape] = ["descr", "fortran_order", "shape"].map((k) => found.get(k));
  if (descr === undefined || fortran === undefined || shape === undefined) return msg("npy.keysNeeded");
  return { descr, fortran_order: fortran, shape };
}

/** Decodes the bytes of an NPY file; `what` names it in messages. */
export function parseNpy(bytes: Uint8Array, what: string | Message = msg("dataset.theFile")): NpyResult {
  const fail = (problem: Message): NpyResult => ({ ok: false, message: sayFile(msg("dataset.in", { path: what, problem })) });
  const header = npyHeader(bytes);
  if ("problem" in header) return fail(header.problem);
  if ("needMore" in header) return fail(msg("npy.headerTruncated"));
  const { reader, shape, start, count, needed } = header;
  if (bytes.length < needed) return fail(msg("npy.truncated", { count, size: reader.size, needed, bytes: bytes.length }));
  if (bytes.length > needed) return fail(msg("npy.larger", { bytes: bytes.length, needed }));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind = header.descr.slice(1);
  const little = header.descr[0] !== ">";
  const data = new Float32Array(count);
  if (kind === "u1" || kind === "b1") data.set(bytes.subarray(start, start + count));
  else if (kind === "f4" && little && (bytes.byteOffset + start) % 4 === 0)
    data.set(new Float32Array(bytes.buffer, bytes.byteOffset + start, count));
  else for (let i = 0; i < count; i++) data[i] = reader.get(view, start + i * reader.size, little);
  return { ok: true, value: { shape, dtype: header.descr, data, integer: reader.integer } };
}

/** Reads an NPY file; a missing, unreadable or oversized file is a message. Its body is read only up to the size its header declares. */
export function readNpyFile(path: string): NpyResult {
  const read = readDeclared(path, (head) => {
    const header = npyHeader(head);
    return "needed" in header ? { bytes: header.needed } : header;
  });
  return read.ok ? parseNpy(read.value, path) : read;
}

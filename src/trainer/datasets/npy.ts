/**
 * NPY files (NumPy's `np.save` format, versions 1–3): little- or big-endian integers, floats and booleans
 * in C order. Corrupt, truncated or unsupported files give a clear message, never an exception.
 */
import type { TextResult } from "../../core";
import { readDeclared } from "./readBytes";

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
function npyHeader(bytes: Uint8Array): NpyHeader | { readonly problem: string } | { readonly needMore: number } {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) return { problem: "not an NPY file (no \\x93NUMPY magic)" };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  if (major < 1 || major > 3) return { problem: `unsupported NPY version ${major}` };
  if (major > 1 && bytes.length < 12) return { needMore: 12 };
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = (major === 1 ? 10 : 12) + headerLength;
  if (bytes.length < start) return headerLength > 65536 ? { problem: `an NPY header of ${headerLength} bytes` } : { needMore: start };
  const header = new TextDecoder().decode(bytes.subarray(major === 1 ? 10 : 12, start));
  const dict = headerDict(header);
  if (typeof dict === "string") return { problem: `unreadable header ${JSON.stringify(header.trim().slice(0, 200))}: ${dict}` };
  const descr = /^'([<>|=])([a-z]\d+)'$/.exec(dict.descr);
  if (!descr) return { problem: `unsupported dtype ${dict.descr} (use uint8, int, float32 or float64)` };
  if (dict.fortran_order === "True") return { problem: "Fortran-ordered arrays are not supported; save with np.ascontiguousarray" };
  if (dict.fortran_order !== "False") return { problem: `'fortran_order' is ${dict.fortran_order}, not True or False` };
  const reader = Object.hasOwn(readers, descr[2]) ? readers[descr[2]] : undefined;
  if (!reader) return { problem: `unsupported dtype '${descr[1]}${descr[2]}' (use uint8, int, float32 or float64)` };
  const dims = /^\(\s*((?:\d+\s*,\s*)*(?:\d+\s*,?)?)\s*\)$/.exec(dict.shape);
  if (!dims) return { problem: `bad shape ${dict.shape}: a tuple of whole numbers` };
  const shape = dims[1]
    .split(",")
    .map((d) => d.trim())
    .filter((d) => d !== "")
    .map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d))) return { problem: `bad shape ${dict.shape}` };
  const count = shape.reduce((a, b) => a * b, 1);
  return { descr: `${descr[1]}${descr[2]}`, reader, shape, start, count, needed: start + count * reader.size };
}

/**
 * Reads an NPY header's Python dict as NumPy writes it: exactly the keys 'descr', 'fortran_order' and 'shape', each
 * once, with a quoted string, True or False, and a tuple; anything else (another key, a duplicate, a NUL, an
 * expression) is why it is refused.
 */
function headerDict(header: string): { descr: string; fortran_order: string; shape: string } | string {
  const text = header.replace(/[ \n]+$/, "");
  if (text.includes("\0")) return "a NUL character";
  if (!text.startsWith("{") || !text.endsWith("}")) return "not a dict";
  const found = new Map<string, string>();
  const entry = /\s*'(\w+)'\s*:\s*('[^'\\]*'|True|False|\([^()]*\))\s*(,|(?=\}$))/y;
  entry.lastIndex = 1;
  while (entry.lastIndex < text.length - 1) {
    const at = entry.lastIndex;
    const m = entry.exec(text);
    if (!m) return text.slice(at).trim() === "}" ? "an empty entry" : `unexpected ${JSON.stringify(text.slice(at, at + 30).trim())}`;
    if (!["descr", "fortran_order", "shape"].includes(m[1])) return `the key '${m[1]}', which NumPy does not write`;
    if (found.has(m[1])) return `'${m[1]}' twice`;
    found.set(m[1], m[2]);
    if (/^\s*\}$/.test(text.slice(entry.lastIndex))) break;
  }
  const [descr, fortran, shape] = ["descr", "fortran_order", "shape"].map((k) => found.get(k));
  if (descr === undefined || fortran === undefined || shape === undefined) return "'descr', 'fortran_order' and 'shape' are needed";
  return { descr, fortran_order: fortran, shape };
}

/** Decodes the bytes of an NPY file; `what` names it in messages. */
export function parseNpy(bytes: Uint8Array, what = "the file"): NpyResult {
  const fail = (message: string): NpyResult => ({ ok: false, message: `${what}: ${message}` });
  const header = npyHeader(bytes);
  if ("problem" in header) return fail(header.problem);
  if ("needMore" in header) return fail("truncated header");
  const { reader, shape, start, count, needed } = header;
  if (bytes.length < needed)
    return fail(`truncated: ${count} values of ${reader.size} bytes need ${needed} bytes, the file has ${bytes.length}`);
  if (bytes.length > needed) return fail(`is larger than its header says: ${bytes.length} bytes, the header declares ${needed}`);
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
    return "needed" in header ? { bytes: header.needed } : "problem" in header ? { problem: `${path}: ${header.problem}` } : header;
  });
  return read.ok ? parseNpy(read.value, path) : read;
}

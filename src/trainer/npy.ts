/**
 * NPY files (NumPy's `np.save` format, versions 1–3): little- or big-endian integers, floats and booleans
 * in C order. Corrupt, truncated or unsupported files give a clear message, never an exception.
 */
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
export type NpyResult = { readonly ok: true; readonly array: NpyArray } | { readonly ok: false; readonly message: string };

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
  const descr = /'descr':\s*'([<>|=])([a-z]\d+)'/.exec(header);
  const fortran = /'fortran_order':\s*(True|False)/.exec(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shapeText) return { problem: `unreadable header ${JSON.stringify(header.trim())}` };
  if (fortran[1] === "True") return { problem: "Fortran-ordered arrays are not supported; save with np.ascontiguousarray" };
  const reader = Object.hasOwn(readers, descr[2]) ? readers[descr[2]] : undefined;
  if (!reader) return { problem: `unsupported dtype '${descr[1]}${descr[2]}' (use uint8, int, float32 or float64)` };
  const shape = shapeText[1]
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) return { problem: `bad shape (${shapeText[1]})` };
  const count = shape.reduce((a, b) => a * b, 1);
  return { descr: `${descr[1]}${descr[2]}`, reader, shape, start, count, needed: start + count * reader.size };
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
  return { ok: true, array: { shape, dtype: header.descr, data, integer: reader.integer } };
}

/** Reads an NPY file; a missing, unreadable or oversized file is a message. Its body is read only up to the size its header declares. */
export function readNpyFile(path: string): NpyResult {
  const read = readDeclared(path, (head) => {
    const header = npyHeader(head);
    return "needed" in header ? { bytes: header.needed } : "problem" in header ? { problem: `${path}: ${header.problem}` } : header;
  });
  return read.ok ? parseNpy(read.bytes, path) : read;
}

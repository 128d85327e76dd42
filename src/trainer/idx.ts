/**
 * IDX files — the format of MNIST and Fashion-MNIST (and of the built-in MNIST sample) — gzipped or not.
 * Missing, truncated or corrupt files give a clear message, never an exception or a hang.
 */
import { gunzipSync } from "node:zlib";
import { readBytes } from "./readBytes";

/** An IDX array: its dimensions and its values, row-major. */
export interface IdxArray {
  readonly shape: readonly number[];
  readonly data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/** The outcome of reading an IDX file. */
export type IdxResult = { readonly ok: true; readonly array: IdxArray } | { readonly ok: false; readonly message: string };

const types: Readonly<Record<number, { readonly name: string; readonly size: number }>> = {
  0x08: { name: "uint8", size: 1 },
  0x09: { name: "int8", size: 1 },
  0x0b: { name: "int16", size: 2 },
  0x0c: { name: "int32", size: 4 },
  0x0d: { name: "float32", size: 4 },
  0x0e: { name: "float64", size: 8 },
};

/** Decodes the bytes of an IDX file (already gunzipped). `what` names the file in messages. */
export function parseIdx(bytes: Uint8Array, what = "the file"): IdxResult {
  const fail = (message: string): IdxResult => ({ ok: false, message: `${what}: ${message}` });
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) return fail("not an IDX file (it does not start with two zero bytes)");
  const type = types[bytes[2]];
  const rank = bytes[3];
  if (!type) return fail(`unknown IDX value type 0x${bytes[2].toString(16)}`);
  if (rank === 0) return fail("an IDX file needs at least one dimension");
  const headerSize = 4 + 4 * rank;
  if (bytes.length < headerSize) return fail(`truncated: the header needs ${headerSize} bytes, the file has ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerSize + count * type.size;
  if (bytes.length < expected)
    return fail(`truncated: ${shape.join("×")} ${type.name} values need ${expected} bytes, the file has ${bytes.length}`);
  if (bytes.length > expected) return fail(`corrupt: ${bytes.length - expected} bytes after the ${shape.join("×")} ${type.name} values`);
  const body = bytes.subarray(headerSize, expected);
  if (type.size === 1)
    return { ok: true, array: { shape, data: bytes[2] === 0x08 ? Uint8Array.from(body) : Int8Array.from(body, (b) => (b << 24) >> 24) } };
  // Multi-byte values are big-endian.
  const read = (i: number) => {
    const o = headerSize + i * type.size;
    return type.name === "int16"
      ? view.getInt16(o)
      : type.name === "int32"
        ? view.getInt32(o)
        : type.name === "float32"
          ? view.getFloat32(o)
          : view.getFloat64(o);
  };
  const Target =
    type.name === "int16" ? Int16Array : type.name === "int32" ? Int32Array : type.name === "float32" ? Float32Array : Float64Array;
  const data = new Target(count);
  for (let i = 0; i < count; i++) data[i] = read(i);
  return { ok: true, array: { shape, data } };
}

/** Reads an IDX file from disk, gunzipping it when it is gzipped (whatever its name). */
export function readIdxFile(path: string): IdxResult {
  const read = readBytes(path);
  if (!read.ok) return read;
  let bytes = read.bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      return { ok: false, message: `${path}: a damaged gzip file` };
    }
  }
  return parseIdx(bytes, path);
}

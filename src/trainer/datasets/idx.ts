/**
 * IDX files — the format of MNIST and Fashion-MNIST (and of the built-in MNIST sample) — gzipped or not.
 * Missing, truncated or corrupt files give a clear message, never an exception or a hang.
 */
import type { TextResult } from "../../core";
import { readDeclared } from "./readBytes";
import { msg, type Message } from "../../core";
import { sayFile } from "../../node/say";

/** An IDX array: its dimensions and its values, row-major. */
export interface IdxArray {
  readonly shape: readonly number[];
  readonly data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/** The outcome of reading an IDX file. */
export type IdxResult = TextResult<IdxArray>;

const types: Readonly<Record<number, { readonly name: string; readonly size: number }>> = {
  0x08: { name: "uint8", size: 1 },
  0x09: { name: "int8", size: 1 },
  0x0b: { name: "int16", size: 2 },
  0x0c: { name: "int32", size: 4 },
  0x0d: { name: "float32", size: 4 },
  0x0e: { name: "float64", size: 8 },
};

/** An IDX header: value type, shape, and the sizes it declares. */
interface IdxHeader {
  readonly type: { readonly name: string; readonly size: number };
  readonly code: number;
  readonly shape: readonly number[];
  readonly headerSize: number;
  /** The whole file's size: header and values. */
  readonly expected: number;
}

/** Reads an IDX header from the first bytes of a file: the header, why it is not one, or how many bytes it needs. */
function idxHeader(bytes: Uint8Array): IdxHeader | { readonly problem: Message } | { readonly needMore: number } {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) return { problem: msg("idx.notIdx") };
  const type = types[bytes[2]];
  const rank = bytes[3];
  if (!type) return { problem: msg("idx.valueType", { code: bytes[2].toString(16) }) };
  if (rank === 0) return { problem: msg("idx.noDimension") };
  const headerSize = 4 + 4 * rank;
  if (bytes.length < headerSize) return { needMore: headerSize };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = headerSize + shape.reduce((a, b) => a * b, 1) * type.size;
  return { type, code: bytes[2], shape, headerSize, expected };
}

/** Decodes the bytes of an IDX file (already gunzipped). `what` names the file in messages. */
export function parseIdx(bytes: Uint8Array, what: string | Message = msg("dataset.theFile")): IdxResult {
  const fail = (problem: Message): IdxResult => ({ ok: false, message: sayFile(msg("dataset.in", { path: what, problem })) });
  const header = idxHeader(bytes);
  if ("problem" in header) return fail(header.problem);
  if ("needMore" in header) return fail(msg("idx.headerNeeds", { needed: header.needMore, bytes: bytes.length }));
  const { type, shape, headerSize, expected } = header;
  const count = (expected - headerSize) / type.size;
  if (bytes.length < expected)
    return fail(msg("idx.truncated", { shape: shape.join("×"), type: type.name, expected, bytes: bytes.length }));
  if (bytes.length > expected)
    return fail(msg("idx.trailing", { extra: bytes.length - expected, shape: shape.join("×"), type: type.name }));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const body = bytes.subarray(headerSize, expected);
  if (type.size === 1)
    return {
      ok: true,
      value: { shape, data: header.code === 0x08 ? Uint8Array.from(body) : Int8Array.from(body, (b) => (b << 24) >> 24) },
    };
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
  return { ok: true, value: { shape, data } };
}

/**
 * Reads an IDX file from disk, gunzipping it when it is gzipped (whatever its name): its body is read, or inflated,
 * only up to the size its header declares.
 */
export function readIdxFile(path: string): IdxResult {
  const read = readDeclared(path, (head) => {
    const header = idxHeader(head);
    return "expected" in header ? { bytes: header.expected } : header;
  });
  return read.ok ? parseIdx(read.value, path) : read;
}

/**
 * The parts of a decoded ONNX model (`onnx.ModelProto.toObject`, longs as numbers) the import reads, and its
 * constant tensors as numbers: initializers, Constant nodes, and what folds from them (a Reshape of a weight).
 */

/** An ONNX attribute as protobufjs decodes it. */
export interface OnnxAttribute {
  readonly name: string;
  readonly i?: number;
  readonly f?: number;
  readonly s?: Uint8Array;
  readonly ints?: readonly number[];
  readonly floats?: readonly number[];
  readonly t?: OnnxTensor;
}

/** An ONNX tensor (an initializer or a Constant's value). */
export interface OnnxTensor {
  readonly name?: string;
  readonly dims?: readonly number[];
  readonly dataType?: number;
  readonly rawData?: Uint8Array;
  readonly floatData?: readonly number[];
  readonly int64Data?: readonly number[];
  readonly int32Data?: readonly number[];
  readonly doubleData?: readonly number[];
}

/** An ONNX node. */
export interface OnnxNode {
  readonly name?: string;
  readonly opType: string;
  /** The op's domain: "" (or "ai.onnx") for ONNX's own ops. */
  readonly domain?: string;
  readonly input?: readonly string[];
  readonly output?: readonly string[];
  readonly attribute?: readonly OnnxAttribute[];
}

/** A graph input or output. */
export interface OnnxValueInfo {
  readonly name: string;
  readonly type?: { readonly tensorType?: { readonly shape?: { readonly dim?: readonly { dimValue?: number; dimParam?: string }[] } } };
}

/** A decoded ONNX model. */
export interface OnnxModelObject {
  readonly graph?: {
    readonly name?: string;
    readonly node?: readonly OnnxNode[];
    readonly initializer?: readonly OnnxTensor[];
    readonly input?: readonly OnnxValueInfo[];
    readonly output?: readonly OnnxValueInfo[];
  };
}

/** A constant tensor's dims and values (int64 values as numbers). */
export interface Constant {
  readonly dims: readonly number[];
  readonly values: Float32Array | readonly number[];
}

/** Whether this machine stores numbers as ONNX's raw data does (little-endian). */
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A tensor's values, or undefined for a data type the import does not read (float32, float64, int32, int64). */
export function tensorValues(t: OnnxTensor): Constant | undefined {
  const dims = (t.dims ?? []).map(Number);
  const size = dims.reduce((a, d) => a * d, 1);
  const raw = t.rawData && t.rawData.length > 0 ? new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength) : undefined;
  const read = (width: number, get: (at: number) => number) => {
    if (!raw) return undefined;
    if (raw.byteLength !== size * width) return undefined;
    return Array.from({ length: size }, (_, i) => get(i * width));
  };
  // An empty tensor (an unused `roi` or `scales` input) holds no values in any type.
  if (size === 0 && [1, 6, 7, 11].includes(t.dataType ?? 0))
    return { dims, values: t.dataType === 1 || t.dataType === 11 ? new Float32Array(0) : [] };
  switch (t.dataType) {
    case 1: {
      // Raw float32 data on a little-endian machine is copied as bytes: a VGG's 100-million-value kernel in a blink.
      if (raw && littleEndian && raw.byteLength === size * 4) {
        const bytes = new Uint8Array(size * 4);
        bytes.set(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
        return { dims, values: new Float32Array(bytes.buffer) };
      }
      const values = raw ? read(4, (at) => raw.getFloat32(at, true)) : t.floatData;
      return values && values.length === size ? { dims, values: Float32Array.from(values) } : undefined;
    }
    case 11: {
      const values = raw ? read(8, (at) => raw.getFloat64(at, true)) : t.doubleData;
      return values && values.length === size ? { dims, values: Float32Array.from(values) } : undefined;
    }
    case 7: {
      const values = raw ? read(8, (at) => Number(raw.getBigInt64(at, true))) : t.int64Data?.map(Number);
      return values && values.length === size ? { dims, values } : undefined;
    }
    case 6: {
      const values = raw ? read(4, (at) => raw.getInt32(at, true)) : t.int32Data;
      return values && values.length === size ? { dims, values } : undefined;
    }
    default:
      return undefined;
  }
}

/** A node's attribute by name. */
export const attr = (n: OnnxNode, name: string): OnnxAttribute | undefined => n.attribute?.find((a) => a.name === name);
/** An integer attribute, or `fallback`. */
export const intAttr = (n: OnnxNode, name: string, fallback: number): number => Number(attr(n, name)?.i ?? fallback);
/** A float attribute (in its shortest decimal form, as a model file holds it), or `fallback`. */
export const floatAttr = (n: OnnxNode, name: string, fallback: number): number => shortFloat(Number(attr(n, name)?.f ?? fallback));

/** The shortest decimal with the same float32 value: ONNX's 0.2 is read as 0.20000000298023224, and written 0.2. */
export function shortFloat(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.fround(x);
  for (let digits = 1; digits <= 9; digits++) {
    const v = Number(x.toPrecision(digits));
    if (Math.fround(v) === f) return v;
  }
  return x;
}

/** ONNX's name of a tensor data type (TensorProto.DataType), for messages. */
export function dataTypeName(type: number | undefined): string {
  const names: Record<number, string> = {
    1: "float32",
    2: "uint8",
    3: "int8",
    4: "uint16",
    5: "int16",
    6: "int32",
    7: "int64",
    8: "string",
    9: "bool",
    10: "float16",
    11: "float64",
    12: "uint32",
    13: "uint64",
    16: "bfloat16",
  };
  return names[type ?? 0] ?? `data type ${type ?? "?"}`;
}
/** A list-of-integers attribute, or `fallback`. */
export const intsAttr = (n: OnnxNode, name: string, fallback: readonly number[]): number[] => (attr(n, name)?.ints ?? fallback).map(Number);
/** A string attribute, or `fallback`. */
export const stringAttr = (n: OnnxNode, name: string, fallback: string): string => {
  const s = attr(n, name)?.s;
  return s ? String.fromCharCode(...s) : fallback;
};

/** `values` of `dims` with its axes permuted. */
export function permute(values: Float32Array, dims: readonly number[], perm: readonly number[]): Float32Array {
  const rank = dims.length;
  if (rank <= 1) return Float32Array.from(values);
  if (rank === 2 && perm[0] === 1) return transposed(values, dims[0], dims[1]);
  const out = new Float32Array(values.length);
  const to = perm.map((p) => dims[p]);
  const strides = dims.map((_, i) => dims.slice(i + 1).reduce((a, b) => a * b, 1));
  // Where a step along each output axis moves in the input; the innermost axis is copied in one tight loop.
  const step = perm.map((p) => strides[p]);
  const [inner, innerStep] = [to[rank - 1], step[rank - 1]];
  const index = new Array<number>(rank - 1).fill(0);
  let base = 0;
  for (let start = 0; start < out.length; start += inner) {
    for (let j = 0; j < inner; j++) out[start + j] = values[base + j * innerStep];
    for (let k = rank - 2; k >= 0; k--) {
      base += step[k];
      if (++index[k] < to[k]) break;
      base -= step[k] * to[k];
      index[k] = 0;
    }
  }
  return out;
}

/** A rows × cols matrix transposed in tiles that stay in cache (a Linear's 4,096 × 25,088 weight takes 0.3 s, not 5). */
function transposed(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  const tile = 64;
  for (let r0 = 0; r0 < rows; r0 += tile)
    for (let c0 = 0; c0 < cols; c0 += tile) {
      const [r1, c1] = [Math.min(r0 + tile, rows), Math.min(c0 + tile, cols)];
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) out[c * rows + r] = values[r * cols + c];
    }
  return out;
}

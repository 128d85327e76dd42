/**
 * Builds an ONNX graph as the plain object `onnx.ModelProto.fromObject` takes (field names as onnx-proto's
 * protobufjs code spells them): nodes, initializers and constants, with unique tensor names.
 */

/** A float attribute (plain numbers are integer attributes). */
export interface FloatAttr {
  readonly float: number;
}
/** An attribute value: an int, a float, ints, floats or a string. */
export type AttrValue = number | FloatAttr | readonly number[] | { readonly floats: readonly number[] } | string;

/** An ONNX tensor (initializer) as a plain object. */
export interface TensorObject {
  readonly name: string;
  readonly dims: readonly number[];
  readonly dataType: number;
  readonly rawData: Uint8Array;
}

/** A node as a plain object. */
export interface NodeObject {
  readonly name: string;
  readonly opType: string;
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly attribute: readonly Record<string, unknown>[];
}

const FLOAT = 1;
const INT64 = 7;

function attribute(name: string, value: AttrValue): Record<string, unknown> {
  // (Attribute strings here are ASCII: mode names.)
  if (typeof value === "string") return { name, type: 3, s: Uint8Array.from(value, (ch) => ch.charCodeAt(0)) };
  if (typeof value === "number") return { name, type: 2, i: value };
  if ("float" in value) return { name, type: 1, f: value.float };
  if ("floats" in value) return { name, type: 6, floats: [...value.floats] };
  return { name, type: 7, ints: [...value] };
}

/** Collects a graph's nodes and tensors. */
export class OnnxBuilder {
  readonly nodes: NodeObject[] = [];
  readonly initializers: TensorObject[] = [];
  private readonly used = new Set<string>();

  /** A tensor name not used yet, from `base`. */
  fresh(base: string): string {
    let name = base;
    for (let k = 1; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }

  /** Adds a node; returns its output's name (`output`, when given, names it). */
  op(
    opType: string,
    inputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
    name = opType,
    output = this.fresh(`${name}/${opType}`),
  ): string {
    this.nodes.push({
      name: output,
      opType,
      input: [...inputs],
      output: [output],
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return output;
  }

  /** Adds a float32 initializer. */
  floats(name: string, dims: readonly number[], values: Float32Array): string {
    const tensor = this.fresh(name);
    this.initializers.push({
      name: tensor,
      dims: [...dims],
      dataType: FLOAT,
      rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
    });
    return tensor;
  }

  /** A float constant (an initializer), a scalar when `dims` is empty. */
  scalar(name: string, value: number): string {
    return this.floats(name, [], Float32Array.of(value));
  }

  /** An int64 constant vector (shapes, pads, slice bounds). */
  ints(name: string, values: readonly number[]): string {
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    const tensor = this.fresh(name);
    this.initializers.push({ name: tensor, dims: [values.length], dataType: INT64, rawData: new Uint8Array(data.buffer) });
    return tensor;
  }
}

/** Shorthand for a float attribute. */
export const f = (x: number): FloatAttr => ({ float: x });

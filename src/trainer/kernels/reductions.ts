/**
 * Faster wasm versions of kernels that training runs at every step:
 * - Sum over every axis but the last (a bias gradient, e.g. 64×26×26×32 → 32): wasm's own kernel first
 *   transposes the reduced axes innermost; this sums the rows in place (loops.wat), in double precision, four
 *   columns at a time.
 * - Identity: wasm's own copies the tensor; this shares its data, as the cpu backend does.
 * - Add of a bias along the last axis (64×26×26×32 + 32): wasm's own broadcasts through a slower path; this is
 *   one SIMD pass (loops.wat).
 * Checked against the cpu backend in test/trainer/wasmKernels.test.ts.
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelArgs, WasmBackend } from "./heap";
import { wasmLoops } from "./loops";

/** A Sum kernel that reduces every axis but the last itself and leaves other sums to `stock`. */
export function rowSum(stock: tf.KernelFunc): (args: KernelArgs) => tf.TensorInfo {
  return (args) => {
    const { x } = args.inputs;
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(args.attrs.axis as number[], x.shape);
    const leading = rank >= 2 && axes.length === rank - 1 && axes.every((a) => a < rank - 1);
    if (!leading || x.dtype !== "float32") return stock(args as never) as tf.TensorInfo;
    const c = x.shape[rank - 1];
    const shape = args.attrs.keepDims ? [...Array<number>(rank - 1).fill(1), c] : [c];
    const { loops, address, output, withScratch } = wasmLoops(args.backend);
    const out = output(shape);
    const rows = c === 0 ? 0 : tf.util.sizeFromShape(x.shape) / c;
    withScratch(Math.max(16, c * 8), (scratch) => loops.rowSum(address(x), address(out), rows, c, scratch));
    return out;
  };
}

/** An Identity kernel that shares its input's data instead of copying it (strings go to `stock`). */
export function sharedIdentity(stock: tf.KernelFunc): (args: KernelArgs) => tf.TensorInfo {
  return (args) => {
    const { x } = args.inputs;
    if (x.dtype === "string") return stock(args as never) as tf.TensorInfo;
    (args.backend as WasmBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}

/** An Add kernel that adds a bias along the last axis itself and leaves other sums to `stock`. */
export function biasAdd(stock: tf.KernelFunc): (args: KernelArgs) => tf.TensorInfo {
  return (args) => {
    const { a, b } = args.inputs;
    // The bias: a vector (or [1, …, 1, c]) as long as the other operand's last axis.
    const isBias = (v: tf.TensorInfo, of: tf.TensorInfo) =>
      of.shape.length >= 2 &&
      v.shape.length <= of.shape.length &&
      v.shape.length >= 1 &&
      v.shape.every((d, i) => (i === v.shape.length - 1 ? d === of.shape[of.shape.length - 1] : d === 1));
    const [x, bias] = isBias(b, a) ? [a, b] : isBias(a, b) ? [b, a] : [null, null];
    if (!x || !bias || a.dtype !== "float32" || b.dtype !== "float32") return stock(args as never) as tf.TensorInfo;
    const c = x.shape[x.shape.length - 1];
    const { loops, address, output } = wasmLoops(args.backend);
    const out = output(x.shape);
    loops.addBias(address(x), address(bias), address(out), c === 0 ? 0 : tf.util.sizeFromShape(x.shape) / c, c);
    return out;
  };
}

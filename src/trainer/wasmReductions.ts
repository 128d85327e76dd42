/**
 * Faster wasm versions of two kernels that training runs at every step:
 * - Sum over every axis but the last (a bias gradient, e.g. 64×26×26×32 → 32): wasm's own kernel first
 *   transposes the reduced axes innermost; this sums the rows in place (wasmLoops.wat), in double precision.
 * - Identity: wasm's own copies the tensor; this shares its data, as the cpu backend does.
 * Checked against the cpu backend in test/trainer/wasmKernels.test.ts.
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelArgs, WasmBackend } from "./wasmHeap";
import { wasmLoops } from "./wasmLoops";

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
    const out = (args.backend as WasmBackend).makeOutput(shape, "float32");
    const { loops, address, withScratch } = wasmLoops(args.backend);
    const rows = c === 0 ? 0 : tf.util.sizeFromShape(x.shape) / c;
    withScratch(Math.max(8, c * 8), (scratch) => loops.rowSum(address(x), address(out), rows, c, scratch));
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

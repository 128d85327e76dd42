/**
 * BatchMatMul for wasm with transposed operands. wasm's own kernel multiplies a transposed operand through a
 * slow path (a Dense layer's gradients, 64×1600 by 64×10, took ~1 ms each, a 288×7744 by 7744×64 product
 * ~130 ms against ~12 ms untransposed); this transposes the operand first and hands the product to the stock
 * kernel untransposed. Checked against the cpu backend in test/trainer/wasmKernels.test.ts.
 */
import type * as tf from "@tensorflow/tfjs";
import { type Attrs, type Backend, Ops } from "./ops";

/** A BatchMatMul kernel that gives `stock` its operands untransposed. */
export function untransposedMatMul(stock: tf.KernelFunc) {
  return ({ inputs, backend, attrs }: { inputs: Record<string, tf.TensorInfo>; backend: Backend; attrs: Attrs }): tf.TensorInfo => {
    if (!attrs.transposeA && !attrs.transposeB) return stock({ inputs, backend, attrs } as never) as tf.TensorInfo;
    const ops = new Ops(backend);
    const swapLast = (x: tf.TensorInfo) => {
      const perm = x.shape.map((_, i) => i);
      perm.splice(-2, 2, perm.length - 1, perm.length - 2);
      return ops.transpose(x, perm);
    };
    const a = attrs.transposeA ? swapLast(inputs.a) : inputs.a;
    const b = attrs.transposeB ? swapLast(inputs.b) : inputs.b;
    const out = stock({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } } as never) as tf.TensorInfo;
    return ops.done(out);
  };
}

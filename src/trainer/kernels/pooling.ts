/**
 * MaxPoolGrad for wasm: wasm's stock kernel took ~30 ms of the MNIST convnet's ~90 ms training step
 * (64×26×26×32 input), a loop in JavaScript ~10 ms; this one runs loops.wat's loop, ~1 ms. It routes each
 * window's gradient to the window's first maximum in scan order — as TensorFlow and the cpu backend do — for
 * every pool size, stride and padding. Checked against the cpu backend in test/trainer/wasmKernels.test.ts.
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelArgs } from "./heap";
import { wasmLoops } from "./loops";

/** The MaxPoolGrad kernel. */
export function maxPoolGrad({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { dy, input } = inputs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize as [number, number],
    attrs.strides as [number, number],
    1,
    attrs.pad as "valid",
    attrs.dimRoundingMode as "floor" | undefined,
  );
  const [n, h, w, c] = input.shape;
  const { loops, address, output } = wasmLoops(backend);
  const dx = output(input.shape);
  loops.maxPoolGrad(
    address(input),
    address(dy),
    address(dx),
    n,
    h,
    w,
    c,
    info.outHeight,
    info.outWidth,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.padInfo.top,
    info.padInfo.left,
  );
  return dx;
}

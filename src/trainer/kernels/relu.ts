/**
 * ReLU's gradient in one pass on wasm. tfjs computes it as dy · cast(step(x)): three kernels and two
 * intermediates (~2.5 ms a step for the MNIST convnet's first layer); this runs loops.wat's loop. tfjs has
 * no ReluGrad kernel, so the gradient of Relu is registered anew: on wasm it runs this kernel, on every other
 * backend tfjs' own gradient. Checked against the cpu backend in test/trainer/wasmKernels.test.ts.
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelArgs } from "./heap";
import { wasmLoops } from "./loops";

/** The kernel's name (not one of tfjs'). */
export const reluGradKernel = "CnnDesignerReluGrad";

/** The ReluGrad kernel: dy where x > 0, else 0 (NaN where x is NaN, as dy · step(x)). */
export function reluGrad({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const { dy, x } = inputs;
  const { loops, address, output } = wasmLoops(backend);
  const out = output(x.shape);
  loops.reluGrad(address(dy), address(x), address(out), tf.util.sizeFromShape(x.shape));
  return out;
}

/** Registers Relu's gradient: the kernel above on wasm, tfjs' own gradient elsewhere. */
export function registerReluGradient(): void {
  const own = tf.getGradient("Relu");
  if (!own) throw new Error("tfjs registers no gradient for Relu");
  tf.registerGradient({
    kernelName: "Relu",
    inputsToSave: ["x"],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      if (tf.getBackend() !== "wasm" || x.dtype !== "float32") return own.gradFunc(dy, saved, attrs);
      return { x: () => tf.engine().runKernel(reluGradKernel, { dy: dy as tf.Tensor, x }) as tf.Tensor };
    },
  });
}

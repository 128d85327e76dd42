/** Keras' activations as ONNX operators (opset 13); those ONNX lacks (swish, mish, GELU) composed. */
import type { ActivationName } from "../../layers/common";
import { f, type OnnxBuilder } from "./builder";

/** Each activation as ONNX operators on `x`, channels on `axis`; `at` names the nodes. */
const onnxActivations: Record<ActivationName, (b: OnnxBuilder, x: string, axis: number, at: string) => string> = {
  linear: (_b, x) => x,
  relu: (b, x, _axis, at) => b.op("Relu", [x], {}, at),
  relu6: (b, x, _axis, at) => b.op("Clip", [x, b.scalar(`${at}/zero`, 0), b.scalar(`${at}/six`, 6)], {}, at),
  elu: (b, x, _axis, at) => b.op("Elu", [x], { alpha: f(1) }, at),
  selu: (b, x, _axis, at) => b.op("Selu", [x], {}, at),
  sigmoid: (b, x, _axis, at) => b.op("Sigmoid", [x], {}, at),
  hardSigmoid: (b, x, _axis, at) => b.op("HardSigmoid", [x], { alpha: f(0.2), beta: f(0.5) }, at),
  softmax: (b, x, axis, at) => b.op("Softmax", [x], { axis }, at),
  softplus: (b, x, _axis, at) => b.op("Softplus", [x], {}, at),
  softsign: (b, x, _axis, at) => b.op("Softsign", [x], {}, at),
  tanh: (b, x, _axis, at) => b.op("Tanh", [x], {}, at),
  swish: (b, x, _axis, at) => mul(b, at, x, b.op("Sigmoid", [x], {}, at)),
  mish: (b, x, _axis, at) => mul(b, at, x, b.op("Tanh", [b.op("Softplus", [x], {}, at)], {}, at)),
  gelu: (b, x, _axis, at) => {
    const erf = b.op("Erf", [b.op("Div", [x, b.scalar(`${at}/sqrt2`, Math.SQRT2)], {}, at)], {}, at);
    return mul(b, at, mul(b, at, x, b.scalar(`${at}/half`, 0.5)), b.op("Add", [erf, b.scalar(`${at}/one`, 1)], {}, at));
  },
  gelu_new: (b, x, _axis, at) => {
    const cube = mul(b, at, mul(b, at, x, x), x);
    const inner = mul(
      b,
      at,
      b.op("Add", [x, mul(b, at, cube, b.scalar(`${at}/c`, 0.044715))], {}, at),
      b.scalar(`${at}/k`, Math.sqrt(2 / Math.PI)),
    );
    return mul(
      b,
      at,
      mul(b, at, x, b.scalar(`${at}/half`, 0.5)),
      b.op("Add", [b.op("Tanh", [inner], {}, at), b.scalar(`${at}/one`, 1)], {}, at),
    );
  },
};

/** `a × c`. */
function mul(b: OnnxBuilder, at: string, a: string, c: string): string {
  return b.op("Mul", [a, c], {}, at);
}

/** Adds `x` with the activation `name` (checked by the analysis; none is linear); channels on `axis`. */
export function activation(b: OnnxBuilder, name: unknown, x: string, axis: number, at: string): string {
  return name === undefined || name === null ? x : onnxActivations[name as ActivationName](b, x, axis, at);
}

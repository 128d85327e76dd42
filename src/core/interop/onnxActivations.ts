/** Keras' activations as ONNX operators (opset 13); those ONNX lacks (swish, mish, GELU) composed. */
import { f, type OnnxBuilder } from "./onnxBuilder";

/** Adds `x` with the activation `name`; channels on `axis`. */
export function activation(b: OnnxBuilder, name: unknown, x: string, axis: number, at: string): string {
  const mul = (a: string, c: string) => b.op("Mul", [a, c], {}, at);
  switch (name) {
    case "linear":
    case undefined:
    case null:
      return x;
    case "relu":
      return b.op("Relu", [x], {}, at);
    case "relu6":
      return b.op("Clip", [x, b.scalar(`${at}/zero`, 0), b.scalar(`${at}/six`, 6)], {}, at);
    case "elu":
      return b.op("Elu", [x], { alpha: f(1) }, at);
    case "selu":
      return b.op("Selu", [x], {}, at);
    case "sigmoid":
      return b.op("Sigmoid", [x], {}, at);
    case "hardSigmoid":
      return b.op("HardSigmoid", [x], { alpha: f(0.2), beta: f(0.5) }, at);
    case "softmax":
      return b.op("Softmax", [x], { axis }, at);
    case "softplus":
      return b.op("Softplus", [x], {}, at);
    case "softsign":
      return b.op("Softsign", [x], {}, at);
    case "tanh":
      return b.op("Tanh", [x], {}, at);
    case "swish":
      return mul(x, b.op("Sigmoid", [x], {}, at));
    case "mish":
      return mul(x, b.op("Tanh", [b.op("Softplus", [x], {}, at)], {}, at));
    case "gelu": {
      const erf = b.op("Erf", [b.op("Div", [x, b.scalar(`${at}/sqrt2`, Math.SQRT2)], {}, at)], {}, at);
      return mul(mul(x, b.scalar(`${at}/half`, 0.5)), b.op("Add", [erf, b.scalar(`${at}/one`, 1)], {}, at));
    }
    case "gelu_new": {
      const cube = mul(mul(x, x), x);
      const inner = mul(b.op("Add", [x, mul(cube, b.scalar(`${at}/c`, 0.044715))], {}, at), b.scalar(`${at}/k`, Math.sqrt(2 / Math.PI)));
      return mul(mul(x, b.scalar(`${at}/half`, 0.5)), b.op("Add", [b.op("Tanh", [inner], {}, at), b.scalar(`${at}/one`, 1)], {}, at));
    }
    default:
      throw new Error(`no ONNX form for the activation ${String(name)}`);
  }
}

/**
 * The kernels CNN Designer registers on tfjs-backend-wasm: the convolution gradients it lacks
 * (Conv2DBackpropFilter, convGradients.ts, and both depthwise gradients, here, re-expressed through wasm's
 * depthwise convolution plus Transpose, Reshape, PadV2, Slice and Sum), and faster replacements for kernels that
 * training runs at every step (Conv2D itself by Winograd's form, where winograd.ts takes it). They cover every
 * stride and padding ('valid', 'same', explicit); tfjs computes conv gradients only for dilation 1 (its gradient
 * functions refuse others), and so do these. Checked against the `cpu` backend in test/trainer/wasmKernels.test.ts.
 */
import * as tf from "@tensorflow/tfjs";
import { conv2DBackpropFilter, conv2DBackpropInput, framedGradient, geometry, type Pad } from "./convGradients";
import { type Attrs, type Backend, Ops } from "./ops";
import { untransposedMatMul } from "./matMul";
import { maxPoolGrad } from "./pooling";
import { registerReluGradient, reluGrad, reluGradKernel } from "./relu";
import { biasAdd, rowSum, sharedIdentity } from "./reductions";
import { nhwcFloats, winogradConv, winogradSuits } from "./winograd";

type Info = tf.TensorInfo;

/** dx of a depthwise conv: a depthwise conv of the spread dy with the flipped filter, summed over the multiplier. */
function depthwiseBackpropInput({ inputs, backend, attrs }: { inputs: Record<string, Info>; backend: Backend; attrs: Attrs }): Info {
  const { dy, filter } = inputs;
  const inputShape = attrs.inputShape as number[];
  const g = geometry(inputShape, filter.shape, attrs.strides, attrs.pad as Pad, attrs.dimRoundingMode, true);
  const ops = new Ops(backend);
  const [kh, kw, c, m] = filter.shape;
  const framed = framedGradient(ops, dy, inputShape, kh, kw, g);
  const flipped = ops.reshape(ops.reverse(filter, [0, 1]), [kh, kw, c * m, 1]);
  const out = ops.run("DepthwiseConv2dNative", { x: framed, filter: flipped }, { strides: [1, 1], pad: "valid", dilations: [1, 1] });
  const [n, h, w] = inputShape;
  return ops.done(m === 1 ? out : ops.sum(ops.reshape(out, [n, h, w, c, m]), 4));
}

/** dW of a depthwise conv: batch folded into channels, dy as a per-channel filter, then summed over the batch. */
function depthwiseBackpropFilter({ inputs, backend, attrs }: { inputs: Record<string, Info>; backend: Backend; attrs: Attrs }): Info {
  const { x, dy } = inputs;
  const filterShape = attrs.filterShape as number[];
  const g = geometry(x.shape, filterShape, attrs.strides, attrs.pad as Pad, attrs.dimRoundingMode, true);
  const ops = new Ops(backend);
  const [kh, kw, c, m] = filterShape;
  const [n, h, w] = x.shape;
  const needH = kh + (g.outHeight - 1) * g.strideHeight;
  const needW = kw + (g.outWidth - 1) * g.strideWidth;
  const folded = ops.reshape(ops.transpose(x, [1, 2, 0, 3]), [1, h, w, n * c]);
  const xF = ops.frame(folded, g.padInfo.top, needH - h - g.padInfo.top, g.padInfo.left, needW - w - g.padInfo.left);
  const dyF = ops.reshape(ops.transpose(ops.reshape(dy, [n, g.outHeight, g.outWidth, c, m]), [1, 2, 0, 3, 4]), [
    g.outHeight,
    g.outWidth,
    n * c,
    m,
  ]);
  const out = ops.run(
    "DepthwiseConv2dNative",
    { x: xF, filter: dyF },
    { strides: [1, 1], pad: "valid", dilations: [g.strideHeight, g.strideWidth] },
  );
  return ops.done(ops.sum(ops.reshape(out, [kh, kw, n, c, m]), 2));
}

/** Conv2D: a 3×3 stride-1 convolution by Winograd's F(2×2, 3×3) (winograd.ts); the others by wasm's own kernel. */
function conv2D(stock: tf.KernelFunc) {
  return (args: { inputs: Record<string, Info>; backend: Backend; attrs: Attrs }): Info => {
    const { inputs, backend, attrs } = args;
    const { x, filter } = inputs;
    if (attrs.dataFormat === "NCHW" || !nhwcFloats(x, filter.shape[2]) || filter.dtype !== "float32") return stock(args as never) as Info;
    const g = geometry(x.shape, filter.shape, attrs.strides, attrs.pad as Pad, attrs.dimRoundingMode, false);
    if (!winogradSuits(filter.shape, attrs.strides, attrs.dilations, g.outHeight, g.outWidth)) return stock(args as never) as Info;
    const plan = { top: g.padInfo.top, left: g.padInfo.left, outHeight: g.outHeight, outWidth: g.outWidth, flipped: false };
    return winogradConv(backend, x, filter, plan);
  };
}

let registered = false;
/**
 * Registers the kernels on the wasm backend (once): the missing convolution gradients, faster replacements for
 * wasm's Conv2D, Conv2DBackpropInput and MaxPoolGrad, the Sum, Identity and bias Add of reductions.ts, the
 * BatchMatMul of matMul.ts and ReLU's gradient (relu.ts).
 */
export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  const stock = (name: string) => {
    const kernel = tf.getKernel(name, "wasm");
    if (!kernel) throw new Error(`wasm kernel ${name} is missing`);
    return kernel.kernelFunc;
  };
  const kernels: [string, unknown][] = [
    ["Conv2D", conv2D(stock("Conv2D"))],
    ["Conv2DBackpropFilter", conv2DBackpropFilter],
    ["Conv2DBackpropInput", conv2DBackpropInput],
    ["DepthwiseConv2dNativeBackpropFilter", depthwiseBackpropFilter],
    ["DepthwiseConv2dNativeBackpropInput", depthwiseBackpropInput],
    ["MaxPoolGrad", maxPoolGrad],
    ["Sum", rowSum(stock("Sum"))],
    ["Identity", sharedIdentity(stock("Identity"))],
    ["BatchMatMul", untransposedMatMul(stock("BatchMatMul"))],
    [reluGradKernel, reluGrad],
    ["Add", biasAdd(stock("Add"))],
  ];
  for (const [kernelName, kernelFunc] of kernels) {
    // A stock kernel's setup binds its wasm function when the backend starts: the replacement keeps it, so
    // that the stock kernel still works where the replacement hands a case back to it.
    const own = tf.getKernel(kernelName, "wasm");
    if (own) tf.unregisterKernel(kernelName, "wasm");
    tf.registerKernel({ kernelName, backendName: "wasm", kernelFunc: kernelFunc as tf.KernelFunc, setupFunc: own?.setupFunc });
  }
  registerReluGradient();
}

/**
 * The convolution gradient kernels that tfjs-backend-wasm lacks (Conv2DBackpropFilter and both depthwise
 * gradients) and a fast Conv2DBackpropInput, each re-expressed through wasm's own fast kernels (XNNPACK
 * Conv2D / DepthwiseConv2dNative plus Transpose, Reshape, PadV2, Slice, Reverse and Sum); Conv2DBackpropFilter
 * is one GEMM of the input's patches (wasmPatches.ts) and dy. They cover every stride and padding ('valid',
 * 'same', explicit); tfjs computes conv gradients only for dilation 1 (its gradient functions refuse others),
 * and so do these. Checked against the `cpu` backend in test/trainer/wasmKernels.test.ts.
 */
import * as tf from "@tensorflow/tfjs";
import { type Attrs, type Backend, Ops } from "./wasmOps";
import { untransposedMatMul } from "./wasmMatMul";
import { addPatches, transposedPatches } from "./wasmPatches";
import { maxPoolGrad } from "./wasmPooling";
import { registerReluGradient, reluGrad, reluGradKernel } from "./wasmRelu";
import { biasAdd, rowSum, sharedIdentity } from "./wasmReductions";

type Info = tf.TensorInfo;
type Pad = "valid" | "same" | number | [[number, number], [number, number], [number, number], [number, number]];

/** The forward geometry: padding before each axis and the output size. */
function geometry(xShape: number[], filterShape: number[], strides: unknown, pad: Pad, rounding: unknown, depthwise: boolean) {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides as [number, number],
    1,
    pad,
    rounding as "floor" | undefined,
    depthwise,
  );
  return info;
}

/**
 * dW of a conv as one GEMM of the input's transposed patches and dy, on wasm's BatchMatMul. The GEMM's right-hand
 * side is packed afresh at each call, so the smaller of the two goes there: dy when there are more taps than
 * output channels, else the patches (computing dWᵀ = dyᵀ · patches, as for a first layer's 9 taps and 32 filters).
 */
function conv2DBackpropFilter({ inputs, backend, attrs }: { inputs: Record<string, Info>; backend: Backend; attrs: Attrs }): Info {
  const { x, dy } = inputs;
  const filterShape = attrs.filterShape as number[];
  const g = geometry(x.shape, filterShape, attrs.strides, attrs.pad as Pad, attrs.dimRoundingMode, false);
  const ops = new Ops(backend);
  const patches = ops.adopt(transposedPatches(backend, ops.transpose(x, [3, 0, 1, 2]), g));
  const [, , taps, positions] = patches.shape;
  const co = filterShape[3];
  const dy2 = ops.reshape(dy, [positions, co]);
  const product = (a: Info, b: Info) => ops.run("BatchMatMul", { a, b }, { transposeA: false, transposeB: false });
  if (taps >= co)
    return ops.done(ops.reshape(product(ops.reshape(patches, [1, taps, positions]), ops.reshape(dy2, [1, positions, co])), filterShape));
  const dyT = ops.reshape(ops.transpose(dy2, [1, 0]), [1, co, positions]);
  const p = ops.reshape(ops.transpose(ops.reshape(patches, [taps, positions]), [1, 0]), [1, positions, taps]);
  return ops.done(ops.reshape(ops.transpose(ops.reshape(product(dyT, p), [co, taps]), [1, 0]), filterShape));
}

/** Pads dy (spread by the stride) so that a stride-1 conv with the flipped filter yields an input-sized result. */
function framedGradient(ops: Ops, dy: Info, inputShape: number[], kh: number, kw: number, g: ReturnType<typeof geometry>): Info {
  const up = ops.spread(dy, g.strideHeight, g.strideWidth);
  const [, uh, uw] = up.shape;
  const [, h, w] = inputShape;
  const top = kh - 1 - g.padInfo.top;
  const left = kw - 1 - g.padInfo.left;
  return ops.frame(up, top, h - uh + g.padInfo.top, left, w - uw + g.padInfo.left);
}

/** dx of a conv as one GEMM and col2im: dy times the transposed filter, each row's taps added back in place. */
function conv2DBackpropInput({ inputs, backend, attrs }: { inputs: Record<string, Info>; backend: Backend; attrs: Attrs }): Info {
  const { dy, filter } = inputs;
  const inputShape = attrs.inputShape as number[];
  const g = geometry(inputShape, filter.shape, attrs.strides, attrs.pad as Pad, attrs.dimRoundingMode, false);
  const ops = new Ops(backend);
  const [kh, kw, ci, co] = filter.shape;
  const taps = kh * kw * ci;
  const positions = dy.shape[0] * g.outHeight * g.outWidth;
  const filterT = ops.reshape(ops.transpose(ops.reshape(filter, [taps, co]), [1, 0]), [1, co, taps]);
  const cols = ops.run("BatchMatMul", { a: ops.reshape(dy, [1, positions, co]), b: filterT }, { transposeA: false, transposeB: false });
  return ops.done(ops.adopt(addPatches(backend, cols, inputShape, g)));
}

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

let registered = false;
/**
 * Registers the kernels on the wasm backend (once): the missing convolution gradients, faster replacements for
 * wasm's Conv2DBackpropInput and MaxPoolGrad, the Sum, Identity and bias Add of wasmReductions.ts, the BatchMatMul of
 * wasmMatMul.ts and ReLU's gradient (wasmRelu.ts).
 */
export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  const stock = (name: string) => {
    const kernel = tf.getKernel(name, "wasm");
    if (!kernel) throw new Error(`wasm kernel ${name} is missing`);
    return kernel.kernelFunc;
  };
  // A stock kernel's setup binds its wasm function when the backend starts: the replacement keeps it, so
  // that the stock kernel still works where the replacement hands a case back to it.
  const setups = new Map(["Sum", "Identity", "BatchMatMul", "Add"].map((name) => [name, tf.getKernel(name, "wasm")?.setupFunc]));
  const kernels: [string, unknown][] = [
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
    if (tf.getKernel(kernelName, "wasm")) tf.unregisterKernel(kernelName, "wasm");
    tf.registerKernel({ kernelName, backendName: "wasm", kernelFunc: kernelFunc as tf.KernelFunc, setupFunc: setups.get(kernelName) });
  }
  registerReluGradient();
}

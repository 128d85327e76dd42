/**
 * The convolution gradient kernels that tfjs-backend-wasm lacks (Conv2DBackpropFilter and both depthwise
 * gradients) and a fast Conv2DBackpropInput, each re-expressed through wasm's own fast kernels (XNNPACK
 * Conv2D / DepthwiseConv2dNative plus Transpose, Reshape, PadV2, Slice, Reverse and Sum). They cover every
 * stride and padding ('valid', 'same', explicit); tfjs computes conv gradients only for dilation 1 (its
 * gradient functions refuse others), and so do these. Checked against the `cpu` backend in
 * test/trainer/wasmKernels.test.ts.
 */
import * as tf from "@tensorflow/tfjs";
import { maxPoolGrad } from "./wasmPooling";

type Info = tf.TensorInfo;
type Backend = tf.KernelBackend & { disposeData(dataId: object, force?: boolean): boolean };
type Attrs = Record<string, unknown>;
type Pad = "valid" | "same" | number | [[number, number], [number, number], [number, number], [number, number]];

/** Runs one of wasm's own kernels on backend-level tensors. */
class Ops {
  private readonly temps: Info[] = [];
  constructor(private readonly backend: Backend) {}

  /** Runs kernel `name`; the result is freed by `done()` unless it is the one returned. */
  run(name: string, inputs: Record<string, Info>, attrs: Attrs): Info {
    const kernel = tf.getKernel(name, "wasm");
    if (!kernel) throw new Error(`wasm kernel ${name} is missing`);
    const out = kernel.kernelFunc({ inputs, backend: this.backend, attrs: attrs as never }) as Info;
    this.temps.push(out);
    return out;
  }
  transpose = (x: Info, perm: number[]) => this.run("Transpose", { x }, { perm });
  reshape = (x: Info, shape: number[]) => this.run("Reshape", { x }, { shape });
  reverse = (x: Info, dims: number[]) => this.run("Reverse", { x }, { dims });
  sum = (x: Info, axis: number) => this.run("Sum", { x }, { axis: [axis], keepDims: false });

  /** Pads (positive) or crops (negative) the two spatial axes (1 and 2) of an NHWC tensor. */
  frame(x: Info, top: number, bottom: number, left: number, right: number): Info {
    const [n, h, w, c] = x.shape;
    let out = x;
    if (top < 0 || bottom < 0 || left < 0 || right < 0) {
      const [t, l] = [Math.max(0, -top), Math.max(0, -left)];
      out = this.run("Slice", { x: out }, { begin: [0, t, l, 0], size: [n, h - t - Math.max(0, -bottom), w - l - Math.max(0, -right), c] });
    }
    if (top > 0 || bottom > 0 || left > 0 || right > 0) {
      const p = (v: number) => Math.max(0, v);
      out = this.run(
        "PadV2",
        { x: out },
        {
          paddings: [
            [0, 0],
            [p(top), p(bottom)],
            [p(left), p(right)],
            [0, 0],
          ],
          constantValue: 0,
        },
      );
    }
    return out;
  }

  /** Spreads the rows and columns of an NHWC tensor `s` apart (zeros between): [n, h·sh, w·sw, c]. */
  spread(x: Info, sh: number, sw: number): Info {
    if (sh === 1 && sw === 1) return x;
    const [n, h, w, c] = x.shape;
    const six = this.reshape(x, [n, h, 1, w, 1, c]);
    const padded = this.run(
      "PadV2",
      { x: six },
      {
        paddings: [
          [0, 0],
          [0, 0],
          [0, sh - 1],
          [0, 0],
          [0, sw - 1],
          [0, 0],
        ],
        constantValue: 0,
      },
    );
    return this.reshape(padded, [n, h * sh, w * sw, c]);
  }

  /** Frees every intermediate but `keep`. */
  done(keep: Info): Info {
    // A reshape shares its source's data and holds one more reference to it: each temp releases its own.
    for (const t of this.temps) if (t !== keep) this.backend.disposeData(t.dataId);
    return keep;
  }
}

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

/** dW of a conv: a conv of the input (channels as batch) with dy as the filter; stride and dilation swap roles. */
function conv2DBackpropFilter({ inputs, backend, attrs }: { inputs: Record<string, Info>; backend: Backend; attrs: Attrs }): Info {
  const { x, dy } = inputs;
  const filterShape = attrs.filterShape as number[];
  const g = geometry(x.shape, filterShape, attrs.strides, attrs.pad as Pad, attrs.dimRoundingMode, false);
  const ops = new Ops(backend);
  const [kh, kw] = filterShape;
  const needH = kh + (g.outHeight - 1) * g.strideHeight;
  const needW = kw + (g.outWidth - 1) * g.strideWidth;
  const [, h, w] = x.shape;
  const xT = ops.frame(
    ops.transpose(x, [3, 1, 2, 0]),
    g.padInfo.top,
    needH - h - g.padInfo.top,
    g.padInfo.left,
    needW - w - g.padInfo.left,
  );
  const dyT = ops.transpose(dy, [1, 2, 0, 3]);
  const out = ops.run(
    "Conv2D",
    { x: xT, filter: dyT },
    { strides: [1, 1], pad: "valid", dataFormat: "NHWC", dilations: [g.strideHeight, g.strideWidth] },
  );
  return ops.done(ops.transpose(out, [1, 2, 0, 3]));
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

/** dx of a conv: the stride-spread dy convolved with the flipped, transposed filter. */
function conv2DBackpropInput({ inputs, backend, attrs }: { inputs: Record<string, Info>; backend: Backend; attrs: Attrs }): Info {
  const { dy, filter } = inputs;
  const inputShape = attrs.inputShape as number[];
  const g = geometry(inputShape, filter.shape, attrs.strides, attrs.pad as Pad, attrs.dimRoundingMode, false);
  const ops = new Ops(backend);
  const [kh, kw] = filter.shape;
  const framed = framedGradient(ops, dy, inputShape, kh, kw, g);
  const flipped = ops.transpose(ops.reverse(filter, [0, 1]), [0, 1, 3, 2]);
  return ops.done(
    ops.run("Conv2D", { x: framed, filter: flipped }, { strides: [1, 1], pad: "valid", dataFormat: "NHWC", dilations: [1, 1] }),
  );
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
/** Registers the kernels on the wasm backend (once; replaces wasm's slow Conv2DBackpropInput and MaxPoolGrad). */
export function registerWasmGradientKernels(): void {
  if (registered) return;
  registered = true;
  const kernels: [string, (a: { inputs: Record<string, Info>; backend: Backend; attrs: Attrs }) => Info][] = [
    ["Conv2DBackpropFilter", conv2DBackpropFilter],
    ["Conv2DBackpropInput", conv2DBackpropInput],
    ["DepthwiseConv2dNativeBackpropFilter", depthwiseBackpropFilter],
    ["DepthwiseConv2dNativeBackpropInput", depthwiseBackpropInput],
  ];
  kernels.push(["MaxPoolGrad", maxPoolGrad as never]);
  for (const [kernelName, kernelFunc] of kernels) {
    if (tf.getKernel(kernelName, "wasm")) tf.unregisterKernel(kernelName, "wasm");
    tf.registerKernel({ kernelName, backendName: "wasm", kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
}

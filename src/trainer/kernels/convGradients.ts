/**
 * A convolution's gradients on wasm, two ways:
 * - as GEMMs (wasm's XNNPACK-backed BatchMatMul) over the input's patches: the filter gradient is patchesᵀ · dy,
 *   the input gradient dy · filterᵀ with each row's taps added back in place (col2im). Fastest, but the patches
 *   hold kh·kw copies of the input. Where there are few taps (kh·kw·ci, a first layer's), the filter gradient's
 *   product is a loop of loops.wat instead: the GEMM would pack dy afresh and transpose its operands;
 * - as convolutions (XNNPACK Conv2D): the filter gradient convolves the input (channels as batch) with dy as
 *   the filter, the input gradient convolves the stride-spread, padded dy with the flipped filter. No large
 *   intermediate.
 * The GEMMs are used while the patches fit in `patchBudget` floats (64 MB), the convolutions beyond (the pooling
 * article's 128-channel convolutions at batch 128 would need 460 MB of patches). A 3×3 stride-1 convolution that
 * winograd.ts takes has its input gradient by Winograd's form, and its filter gradient too beyond the budget.
 */
import * as tf from "@tensorflow/tfjs";
import { wasmPatchBudget } from "../../core";
import { type Attrs, type Backend, Ops } from "./ops";
import { addPatches, filterGradient, transposedPatches } from "./patches";
import { nhwcFloats, winogradConv, winogradFilterGradient, winogradSuits } from "./winograd";

type Info = tf.TensorInfo;
/** A convolution's padding attribute. */
export type Pad = "valid" | "same" | number | [[number, number], [number, number], [number, number], [number, number]];
/** A kernel's arguments. */
type Args = { inputs: Record<string, Info>; backend: Backend; attrs: Attrs };

// The engine's memory estimate sizes the scratch by the same budget (src/core/analysis/tape.ts).
let patchBudget = wasmPatchBudget;
/**
 * Up to how many taps (kh·kw·ci) the filter gradient is loops.wat's loop rather than a GEMM: 2–3× faster at 9,
 * 25 and 27 taps (first layers), 1.4× at 36, slower from 72 (`npm run bench:kernels`).
 */
let smallTaps = 36;
/** Sets up to how many taps the filter gradient is the loop; tests and the bench set 0 or Infinity to pick a form. */
export function setSmallTaps(taps: number): void {
  smallTaps = taps;
}
/** Sets the largest patch matrix (in floats) the GEMM forms may build; tests set 0 or Infinity to pick a form. */
export function setPatchBudget(floats: number): void {
  patchBudget = floats;
}

/** The forward geometry: padding before each axis and the output size. */
export function geometry(xShape: number[], filterShape: number[], strides: unknown, pad: Pad, rounding: unknown, depthwise: boolean) {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides as [number, number],
    1,
    pad,
    rounding as "floor" | undefined,
    depthwise,
  );
}

/** Whether the patches of this convolution fit in the budget. */
function patchesFit(n: number, g: ReturnType<typeof geometry>, inChannels: number): boolean {
  return n * g.outHeight * g.outWidth * g.filterHeight * g.filterWidth * inChannels <= patchBudget;
}

/**
 * dW of a conv. As a GEMM: the GEMM's right-hand side is packed afresh at each call, so the smaller operand goes
 * there — dy when there are more taps than output channels, else the patches (dWᵀ = dyᵀ · patches, as for a first
 * layer's 9 taps and 32 filters).
 */
export function conv2DBackpropFilter({ inputs, backend, attrs }: Args): Info {
  const { x, dy } = inputs;
  const filterShape = attrs.filterShape as number[];
  const g = geometry(x.shape, filterShape, attrs.strides, attrs.pad as Pad, attrs.dimRoundingMode, false);
  const ops = new Ops(backend);
  if (!patchesFit(x.shape[0], g, x.shape[3])) {
    // Winograd's form where it suits: 2× the convolution's speed for the pooling article's layers (where the
    // patches fit, the GEMM is as fast or faster: 1.05–1.4×, `npm run bench:kernels` line 3).
    if (
      winogradSuits(filterShape, attrs.strides, attrs.dilations, g.outHeight, g.outWidth) &&
      nhwcFloats(x, filterShape[2]) &&
      nhwcFloats(dy, filterShape[3])
    )
      return winogradFilterGradient(backend, x, dy, g.padInfo.top, g.padInfo.left);
    return ops.done(filterByConvolution(ops, x, dy, filterShape, g));
  }
  const patches = ops.adopt(transposedPatches(backend, ops.transpose(x, [3, 0, 1, 2]), g));
  const [, , taps, positions] = patches.shape;
  const co = filterShape[3];
  if (taps <= smallTaps && co % 4 === 0) return ops.done(ops.reshape(ops.adopt(filterGradient(backend, patches, dy)), filterShape));
  const dy2 = ops.reshape(dy, [positions, co]);
  const product = (a: Info, b: Info) => ops.run("BatchMatMul", { a, b }, { transposeA: false, transposeB: false });
  if (taps >= co)
    return ops.done(ops.reshape(product(ops.reshape(patches, [1, taps, positions]), ops.reshape(dy2, [1, positions, co])), filterShape));
  const dyT = ops.reshape(ops.transpose(dy2, [1, 0]), [1, co, positions]);
  const p = ops.reshape(ops.transpose(ops.reshape(patches, [taps, positions]), [1, 0]), [1, positions, taps]);
  return ops.done(ops.reshape(ops.transpose(ops.reshape(product(dyT, p), [co, taps]), [1, 0]), filterShape));
}

/** dW as a conv of the input (channels as batch) with dy as the filter; stride and dilation swap roles. */
function filterByConvolution(ops: Ops, x: Info, dy: Info, filterShape: number[], g: ReturnType<typeof geometry>): Info {
  const [kh, kw] = filterShape;
  const needH = kh + (g.outHeight - 1) * g.strideHeight;
  const needW = kw + (g.outWidth - 1) * g.strideWidth;
  const [, h, w] = x.shape;
  const { top, left } = g.padInfo;
  const xT = ops.frame(ops.transpose(x, [3, 1, 2, 0]), top, needH - h - top, left, needW - w - left);
  const dyT = ops.transpose(dy, [1, 2, 0, 3]);
  const out = ops.run(
    "Conv2D",
    { x: xT, filter: dyT },
    { strides: [1, 1], pad: "valid", dataFormat: "NHWC", dilations: [g.strideHeight, g.strideWidth] },
  );
  return ops.transpose(out, [1, 2, 0, 3]);
}

/** Pads dy (spread by the stride) so that a stride-1 conv with the flipped filter yields an input-sized result. */
export function framedGradient(ops: Ops, dy: Info, inputShape: number[], kh: number, kw: number, g: ReturnType<typeof geometry>): Info {
  const up = ops.spread(dy, g.strideHeight, g.strideWidth);
  const [, uh, uw] = up.shape;
  const [, h, w] = inputShape;
  const top = kh - 1 - g.padInfo.top;
  const left = kw - 1 - g.padInfo.left;
  return ops.frame(up, top, h - uh + g.padInfo.top, left, w - uw + g.padInfo.left);
}

/** dx of a conv: a GEMM and col2im, or the stride-spread dy convolved with the flipped, transposed filter. */
export function conv2DBackpropInput({ inputs, backend, attrs }: Args): Info {
  const { dy, filter } = inputs;
  const inputShape = attrs.inputShape as number[];
  const g = geometry(inputShape, filter.shape, attrs.strides, attrs.pad as Pad, attrs.dimRoundingMode, false);
  const ops = new Ops(backend);
  const [kh, kw, ci, co] = filter.shape;
  // A 3×3 stride-1 convolution's input gradient is one too: dy over the flipped filter, by Winograd's form.
  // (Its output is the input: the size that decides is the input's.)
  if (
    winogradSuits(filter.shape, attrs.strides, attrs.dilations, inputShape[1], inputShape[2]) &&
    nhwcFloats(dy, co) &&
    filter.dtype === "float32"
  ) {
    const plan = { top: 2 - g.padInfo.top, left: 2 - g.padInfo.left, outHeight: inputShape[1], outWidth: inputShape[2], flipped: true };
    return winogradConv(backend, dy, filter, plan);
  }
  if (!patchesFit(inputShape[0], g, ci)) {
    const flipped = ops.transpose(ops.reverse(filter, [0, 1]), [0, 1, 3, 2]);
    const framed = framedGradient(ops, dy, inputShape, kh, kw, g);
    const attributes = { strides: [1, 1], pad: "valid", dataFormat: "NHWC", dilations: [1, 1] };
    return ops.done(ops.run("Conv2D", { x: framed, filter: flipped }, attributes));
  }
  const taps = kh * kw * ci;
  const positions = dy.shape[0] * g.outHeight * g.outWidth;
  const filterT = ops.reshape(ops.transpose(ops.reshape(filter, [taps, co]), [1, 0]), [1, co, taps]);
  const cols = ops.run("BatchMatMul", { a: ops.reshape(dy, [1, positions, co]), b: filterT }, { transposeA: false, transposeB: false });
  return ops.done(ops.adopt(addPatches(backend, cols, inputShape, g)));
}

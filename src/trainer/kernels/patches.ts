/**
 * The input's patches of a convolution, laid out for the filter gradient as one GEMM (im2col, transposed):
 * dW[tap, co] = Σ patches[tap, position] · dy[position, co], where tap = (a, b, ch) runs over the filter's taps
 * and input channels and position = (n, i, j) over the output; and their way back for the input gradient
 * (col2im). Loops of loops.wat.
 */
import type * as tf from "@tensorflow/tfjs";
import { wasmLoops } from "./loops";

/** The forward geometry of a convolution, as `backend_util.computeConv2DInfo` gives it. */
type Geometry = Pick<
  tf.backend_util.Conv2DInfo,
  "filterHeight" | "filterWidth" | "outHeight" | "outWidth" | "strideHeight" | "strideWidth" | "padInfo"
>;

/**
 * The patches of an input as a [1, 1, kh·kw·c, n·oh·ow] tensor: row (a, b, ch) holds, for every output position
 * (n, i, j), x[n, i·sh − top + a, j·sw − left + b, ch], or 0 where that falls in the padding. `xChannelsFirst` is
 * the input transposed to [c, n, h, w].
 */
export function transposedPatches(backend: unknown, xChannelsFirst: tf.TensorInfo, g: Geometry): tf.TensorInfo {
  const [c, n, h, w] = xChannelsFirst.shape;
  const x = xChannelsFirst;
  const { filterHeight: kh, filterWidth: kw, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = g;
  const { top, left } = g.padInfo;
  const { loops, address, output, withScratch } = wasmLoops(backend);
  const out = output([1, 1, kh * kw * c, n * oh * ow]);
  withScratch(kw * 8, (columns, memory) => {
    // For each tap b, the output columns j whose input column j·sw − left + b lies inside: j0 ≤ j < j1.
    const table = new Int32Array(memory.buffer, columns, 2 * kw);
    for (let b = 0; b < kw; b++) {
      const j0 = Math.min(ow, Math.max(0, Math.ceil((left - b) / sw)));
      table[2 * b] = j0;
      table[2 * b + 1] = Math.max(j0, Math.min(ow, Math.floor((w - 1 + left - b) / sw) + 1));
    }
    loops.transposedPatches(address(x), address(out), n, h, w, c, oh, ow, kh, kw, sh, sw, top, left, columns);
  });
  return out;
}

/**
 * The filter gradient of a convolution, [taps, co], from its transposed patches ([1, 1, taps, positions]) and dy
 * ([positions, co], co a multiple of 4) by loops.wat's loop, for layers with few taps.
 */
export function filterGradient(backend: unknown, patches: tf.TensorInfo, dy: tf.TensorInfo): tf.TensorInfo {
  const [, , taps, positions] = patches.shape;
  const co = dy.shape[dy.shape.length - 1];
  const { loops, address, output } = wasmLoops(backend);
  const out = output([taps, co]);
  loops.filterGradient(address(patches), address(dy), address(out), taps, positions, co);
  return out;
}

/**
 * The input gradient of a convolution from `cols` ([n·oh·ow, kh·kw·c]: dy times the transposed filter): each
 * row's taps added back at the input pixels they read (col2im), as an NHWC tensor of `inputShape`.
 */
export function addPatches(backend: unknown, cols: tf.TensorInfo, inputShape: number[], g: Geometry): tf.TensorInfo {
  const [n, h, w, c] = inputShape;
  const { loops, address, output } = wasmLoops(backend);
  const out = output(inputShape);
  const { filterHeight: kh, filterWidth: kw, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = g;
  loops.col2im(address(cols), address(out), n, h, w, c, oh, ow, kh, kw, sh, sw, g.padInfo.top, g.padInfo.left);
  return out;
}

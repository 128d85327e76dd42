/**
 * 3×3 stride-1 convolutions on wasm by Winograd's F(2×2, 3×3) (Lavin and Gray, 2015): each 4×4 input tile and
 * the filter are transformed (V = Bᵀ·d·B, U = G·g·Gᵀ), the 16 transformed values multiply as 16 products
 * [tiles, ci] · [ci, co] (XNNPACK's BatchMatMul, on every thread), and each tile's 2×2 outputs come back as
 * Aᵀ·m·A. 16 products of tiles·ci·co multiply-adds against 36 for the direct convolution: 2.25× fewer, less the
 * tiles' rounding. The transforms are loops of winograd.wat. The same routine serves the input gradient of such a
 * convolution (the flipped, transposed filter over dy). Checked against the `cpu` backend in
 * test/trainer/wasmKernels.test.ts.
 */
import type * as tf from "@tensorflow/tfjs";
import { wasmWinogradBudget } from "../../core";
import { wasmLoops } from "./loops";
import { type Backend, Ops } from "./ops";

type Info = tf.TensorInfo;

/** G of F(2×2, 3×3): U = G·g·Gᵀ. */
const G = [
  [1, 0, 0],
  [0.5, 0.5, 0.5],
  [0.5, -0.5, 0.5],
  [0, 0, 1],
];

/**
 * The smallest channel count (in and out) and output size (pixels) for which the Winograd form is used: below,
 * the other forms are as fast or faster (`npm run bench:kernels` line 3; the MNIST convnet's 11×11 second layer
 * gains 1.3× on one thread and nothing on two).
 */
let smallest = { channels: 32, pixels: 256 };
/** Sets the smallest channel count and output size the Winograd form takes (0, 0: always; Infinity: never). */
export function setWinogradThreshold(channels: number, pixels = channels): void {
  smallest = { channels, pixels };
}
/** How many floats the transformed input and the products may take at once: the batch goes in parts beyond. */
let budget = wasmWinogradBudget;
/** Sets the floats a part of the batch may take (tests: a small budget, to split a batch into parts). */
export function setWinogradBudget(floats: number): void {
  budget = floats;
}

/**
 * Whether a convolution with this filter ([3, 3, in, out]), stride and dilation, writing `outHeight`×`outWidth`
 * per channel and image, takes the Winograd form.
 */
export function winogradSuits(filterShape: number[], strides: unknown, dilations: unknown, outHeight: number, outWidth: number): boolean {
  const ones = (v: unknown) => v === undefined || v === 1 || (Array.isArray(v) && v.every((d) => d === 1));
  const [kh, kw, ci, co] = filterShape;
  return (
    kh === 3 &&
    kw === 3 &&
    ones(strides) &&
    ones(dilations) &&
    ci % 4 === 0 &&
    co % 4 === 0 &&
    Math.min(ci, co) >= smallest.channels &&
    outHeight > 0 &&
    outWidth > 0 &&
    outHeight * outWidth >= smallest.pixels
  );
}

/** Whether `x` is a float32 NHWC tensor of `channels` channels: what the Winograd routines read. */
export function nhwcFloats(x: Info, channels: number): boolean {
  return x.dtype === "float32" && x.shape.length === 4 && x.shape[3] === channels;
}

/** Where the convolution reads and what it writes. */
export interface WinogradPlan {
  /** Padding before the rows and columns (negative: a crop). */
  readonly top: number;
  readonly left: number;
  readonly outHeight: number;
  readonly outWidth: number;
  /** The filter is used flipped and transposed (g'[a, b, k, c] = g[2 − a, 2 − b, c, k]): an input gradient. */
  readonly flipped: boolean;
}

/** The 16 transformed filters [ci, co], U = G·g·Gᵀ, written into `targets` (16 views of the backend's memory). */
function transformFilter(g: Float32Array, shape: number[], flipped: boolean, targets: Float32Array[]): void {
  const [, , fi, fo] = shape;
  const [ci, co] = flipped ? [fo, fi] : [fi, fo];
  const at = (a: number, b: number, c: number, o: number) =>
    flipped ? g[((2 - a) * 3 + (2 - b)) * fi * fo + o * fo + c] : g[(a * 3 + b) * fi * fo + c * fo + o];
  const t = new Float64Array(12);
  for (let c = 0; c < ci; c++)
    for (let o = 0; o < co; o++) {
      for (let i = 0; i < 4; i++)
        for (let b = 0; b < 3; b++) t[i * 3 + b] = G[i][0] * at(0, b, c, o) + G[i][1] * at(1, b, c, o) + G[i][2] * at(2, b, c, o);
      for (let i = 0; i < 4; i++)
        for (let j = 0; j < 4; j++) targets[i * 4 + j][c * co + o] = t[i * 3] * G[j][0] + t[i * 3 + 1] * G[j][1] + t[i * 3 + 2] * G[j][2];
    }
}

/**
 * Runs `each` on the batch of x in parts, so that the transformed tiles and their products (`co` channels) stay
 * within the budget: for each part, its first image `b0`, its images `part` and the input's transform `v` (16
 * [tiles, ci], tiles from (−top, −left) in steps of 2, `th`×`tw` an image), made with `ops`, freed after it.
 */
function inParts(
  backend: Backend,
  x: Info,
  tiles: { th: number; tw: number; top: number; left: number },
  co: number,
  each: (ops: Ops, v: Info[], b0: number, part: number) => void,
): void {
  const { loops, address, output, withScratch } = wasmLoops(backend);
  const [n, h, w, ci] = x.shape;
  const { th, tw, top, left } = tiles;
  const images = Math.max(1, Math.floor(budget / (16 * th * tw * (ci + co))));
  for (let b0 = 0; b0 < n; b0 += images) {
    const part = Math.min(images, n - b0);
    const ops = new Ops(backend);
    try {
      const v = Array.from({ length: 16 }, () => ops.adopt(output([1, part * th * tw, ci])));
      withScratch(64 + ci * 4, (table, memory) => {
        new Int32Array(memory.buffer, table, 16).set(v.map(address));
        loops.winogradInput(address(x) + b0 * h * w * ci * 4, table, table + 64, part, h, w, ci, th, tw, top, left);
      });
      each(ops, v, b0, part);
    } finally {
      ops.dispose();
    }
  }
}

/**
 * out[n, i, j, o] = Σ x[n, i − top + a, j − left + b, c] · g[a, b, c, o] (zeros outside x), for the plan's output
 * size, with `filter` g or, flipped, its flipped transpose. x [n, h, w, ci] and the filter's channels multiples of 4.
 */
export function winogradConv(backend: Backend, x: Info, filter: Info, plan: WinogradPlan): Info {
  const { loops, address, output, floats, withScratch } = wasmLoops(backend);
  const [n, , , ci] = x.shape;
  const co = plan.flipped ? filter.shape[2] : filter.shape[3];
  const { outHeight: oh, outWidth: ow } = plan;
  const tiles = { th: Math.ceil(oh / 2), tw: Math.ceil(ow / 2), top: plan.top, left: plan.left };
  const filters = new Ops(backend);
  const out = filters.adopt(output([n, oh, ow, co]));
  try {
    const u = Array.from({ length: 16 }, () => filters.adopt(output([1, ci, co])));
    transformFilter(
      floats(filter),
      filter.shape,
      plan.flipped,
      u.map((t) => floats(t)),
    );
    inParts(backend, x, tiles, co, (ops, v, b0, part) => {
      const m = v.map((a, k) => ops.run("BatchMatMul", { a, b: u[k] }, { transposeA: false, transposeB: false }));
      withScratch(64, (table, memory) => {
        new Int32Array(memory.buffer, table, 16).set(m.map(address));
        loops.winogradOutput(table, address(out) + b0 * oh * ow * co * 4, part, oh, ow, co, tiles.th, tiles.tw);
      });
    });
    return filters.done(out);
  } catch (e) {
    filters.dispose();
    throw e;
  }
}

/**
 * The filter gradient of a 3×3 stride-1 convolution ([3, 3, ci, co]) by the same form: per tile, the input's
 * transform V and dy's W = A·dy·Aᵀ; 16 products Vᵀ·W [ci, co] summed over the tiles; then Gᵀ·(…)·G. x and dy
 * are the convolution's input and output gradient, `top` and `left` its padding.
 */
export function winogradFilterGradient(backend: Backend, x: Info, dy: Info, top: number, left: number): Info {
  const { loops, address, output, floats, withScratch } = wasmLoops(backend);
  const ci = x.shape[3];
  const [, oh, ow, co] = dy.shape;
  const tiles = { th: Math.ceil(oh / 2), tw: Math.ceil(ow / 2), top, left };
  const sums = new Float64Array(16 * ci * co);
  inParts(backend, x, tiles, co, (ops, v, b0, part) => {
    const g = Array.from({ length: 16 }, () => ops.adopt(output([1, part * tiles.th * tiles.tw, co])));
    withScratch(64, (table, memory) => {
      new Int32Array(memory.buffer, table, 16).set(g.map(address));
      loops.winogradGradient(address(dy) + b0 * oh * ow * co * 4, table, part, oh, ow, co, tiles.th, tiles.tw);
    });
    const products = v.map((a, k) => ops.run("BatchMatMul", { a, b: g[k] }, { transposeA: true, transposeB: false }));
    products.forEach((p, k) => {
      const values = floats(p);
      for (let i = 0; i < ci * co; i++) sums[k * ci * co + i] += values[i];
    });
  });
  // dg[a, b] = Σ_ij G[i][a] · dU[i, j] · G[j][b].
  const out = output([3, 3, ci, co]);
  const dg = floats(out);
  const size = ci * co;
  for (let a = 0; a < 3; a++)
    for (let b = 0; b < 3; b++)
      for (let e = 0; e < size; e++) {
        let s = 0;
        for (let i = 0; i < 4; i++) {
          if (G[i][a] === 0) continue;
          let row = 0;
          for (let j = 0; j < 4; j++) if (G[j][b] !== 0) row += sums[(i * 4 + j) * size + e] * G[j][b];
          s += G[i][a] * row;
        }
        dg[(a * 3 + b) * size + e] = s;
      }
  return out;
}

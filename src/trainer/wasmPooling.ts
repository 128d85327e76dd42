/**
 * MaxPoolGrad for wasm, written as a loop over the backend's own memory. wasm's stock kernel took ~30 ms of
 * the MNIST convnet's ~100 ms training step (64×26×26×32 input); this one routes each window's gradient to the
 * window's first maximum in scan order — as TensorFlow and the cpu backend do — for every pool size, stride
 * and padding. Checked against the cpu backend in test/trainer/wasmKernels.test.ts.
 */
import * as tf from "@tensorflow/tfjs";

type Info = tf.TensorInfo;
/** The parts of the wasm backend this kernel uses. */
interface WasmBackend {
  makeOutput(shape: number[], dtype: "float32"): Info;
  typedArrayFromHeap(info: Info): Float32Array;
}

/** The MaxPoolGrad kernel. */
export function maxPoolGrad({
  inputs,
  backend,
  attrs,
}: {
  inputs: Record<string, Info>;
  backend: unknown;
  attrs: Record<string, unknown>;
}): Info {
  const { dy, input } = inputs;
  const b = backend as WasmBackend;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize as [number, number],
    attrs.strides as [number, number],
    1,
    attrs.pad as "valid",
    attrs.dimRoundingMode as "floor" | undefined,
  );
  const [n, h, w, c] = input.shape;
  const { outHeight: ho, outWidth: wo, filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const dx = b.makeOutput(input.shape, "float32");
  // Views of the heap, taken after the allocation (which may grow it).
  const out = b.typedArrayFromHeap(dx);
  const x = b.typedArrayFromHeap(input);
  const g = b.typedArrayFromHeap(dy);
  out.fill(0);
  // Channels innermost: contiguous memory, one running maximum per channel.
  const best = new Float32Array(c);
  const at = new Int32Array(c);
  for (let batch = 0; batch < n; batch++)
    for (let i = 0; i < ho; i++) {
      const y0 = i * sh - top;
      for (let j = 0; j < wo; j++) {
        const x0 = j * sw - left;
        best.fill(-Infinity);
        at.fill(-1);
        for (let a = 0; a < kh; a++) {
          const yy = y0 + a;
          if (yy < 0 || yy >= h) continue;
          for (let q = 0; q < kw; q++) {
            const xx = x0 + q;
            if (xx < 0 || xx >= w) continue;
            const base = ((batch * h + yy) * w + xx) * c;
            // Strictly greater: ties keep the first maximum in scan order, as in the cpu backend.
            for (let ch = 0; ch < c; ch++)
              if (x[base + ch] > best[ch]) {
                best[ch] = x[base + ch];
                at[ch] = base + ch;
              }
          }
        }
        const o = ((batch * ho + i) * wo + j) * c;
        for (let ch = 0; ch < c; ch++) if (at[ch] >= 0) out[at[ch]] += g[o + ch];
      }
    }
  return dx;
}

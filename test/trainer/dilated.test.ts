import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import * as fc from "fast-check";
import { registerDilatedGradients, spreadFilter } from "../../src/trainer/kernels/dilatedGradients";
import { registerWasmKernels } from "../../src/trainer/kernels/register";
import { lehmer, relativeError, uniform } from "./numeric";

describe("gradients of dilated convolutions", () => {
  before(() => {
    registerWasmKernels();
    registerDilatedGradients(tf);
  });
  after(() => tf.setBackend("cpu"));

  it("equal autodiff through the spread filter, on cpu and wasm, for random shapes, dilations and paddings", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          n: fc.integer({ min: 1, max: 3 }),
          h: fc.integer({ min: 1, max: 12 }),
          w: fc.integer({ min: 1, max: 12 }),
          c: fc.integer({ min: 1, max: 3 }),
          out: fc.integer({ min: 1, max: 3 }),
          k: fc.integer({ min: 1, max: 3 }),
          dh: fc.integer({ min: 1, max: 3 }),
          dw: fc.integer({ min: 1, max: 3 }),
          pad: fc.constantFrom<"valid" | "same">("valid", "same"),
          depthwise: fc.boolean(),
          backend: fc.constantFrom("cpu", "wasm"),
        }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        async (p, seed) => {
          const span = (p.k - 1) * Math.max(p.dh, p.dw) + 1;
          if (p.pad === "valid" && (span > p.h || span > p.w)) return;
          const next = lehmer(seed);
          const random = (size: number) => uniform(next, size);
          const x = random(p.n * p.h * p.w * p.c);
          const f = random(p.k * p.k * p.c * p.out);
          const r = random(p.n * p.h * p.w * p.c * p.out);
          const conv = (a: tf.Tensor, b: tf.Tensor, d: [number, number]) =>
            p.depthwise
              ? tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, p.pad, "NHWC", d)
              : tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, p.pad, "NHWC", d);
          const grads = async (backend: string, dilated: boolean) => {
            assert.ok(await tf.setBackend(backend));
            const xt = tf.tensor4d(x, [p.n, p.h, p.w, p.c]);
            const ft = tf.tensor4d(f, [p.k, p.k, p.c, p.out]);
            const forward = (a: tf.Tensor, b: tf.Tensor) =>
              dilated ? conv(a, b, [p.dh, p.dw]) : conv(a, spreadFilter(tf, b as tf.Tensor4D, p.dh, p.dw), [1, 1]);
            const y = forward(xt, ft);
            const rt = tf.tensor(r.subarray(0, y.size), y.shape);
            const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => forward(a, b).mul(rt).sum())([xt, ft]);
            const out = [(await y.data()) as Float32Array, (await dx.data()) as Float32Array, (await df.data()) as Float32Array];
            tf.dispose([xt, ft, y, rt, dx, df]);
            return out;
          };
          const reference = await grads("cpu", false);
          const ours = await grads(p.backend, true);
          ["output", "dx", "dfilter"].forEach((what, i) =>
            assert.ok(
              relativeError(ours[i], reference[i]) < 1e-4,
              `${what} of ${JSON.stringify(p)}: ${relativeError(ours[i], reference[i])}`,
            ),
          );
        },
      ),
      { numRuns: Number(process.env.KERNEL_RUNS ?? 150) },
    );
  });
});

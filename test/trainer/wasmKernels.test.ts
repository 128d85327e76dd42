import * as assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import * as fc from "fast-check";
import { setPatchBudget, setSmallTaps } from "../../src/trainer/kernels/convGradients";
import { registerWasmKernels } from "../../src/trainer/kernels/register";
import { setWinogradBudget, setWinogradThreshold } from "../../src/trainer/kernels/winograd";
import { lehmer, relativeError, uniform } from "./numeric";

interface Case {
  n: number;
  h: number;
  w: number;
  c: number;
  out: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  pad: Padding;
  depthwise: boolean;
}

type Explicit = [[number, number], [number, number], [number, number], [number, number]];
type Padding = "valid" | "same" | Explicit;

/** The gradients of sum(conv(x, filter) · r) with respect to x and the filter, on `backend`. */
async function gradients(backend: string, k: Case, x: Float32Array, f: Float32Array, r: Float32Array): Promise<Float32Array[]> {
  assert.ok(await tf.setBackend(backend), `backend ${backend} initialises`);
  assert.equal(tf.getBackend(), backend);
  const fShape: [number, number, number, number] = [k.kh, k.kw, k.c, k.out];
  const xt = tf.tensor4d(x, [k.n, k.h, k.w, k.c]);
  const ft = tf.tensor4d(f, fShape);
  const conv = (a: tf.Tensor4D, b: tf.Tensor4D) =>
    k.depthwise ? tf.depthwiseConv2d(a, b, [k.sh, k.sw], k.pad) : tf.conv2d(a, b, [k.sh, k.sw], k.pad);
  const y = conv(xt, ft);
  const rt = tf.tensor(r.subarray(0, y.size), y.shape);
  const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
    conv(a as tf.Tensor4D, b as tf.Tensor4D)
      .mul(rt)
      .sum(),
  )([xt, ft]);
  const out = [(await dx.data()) as Float32Array, (await df.data()) as Float32Array];
  tf.dispose([xt, ft, y, rt, dx, df]);
  return out;
}

const cases = fc
  .record({
    n: fc.integer({ min: 1, max: 4 }),
    h: fc.integer({ min: 1, max: 12 }),
    w: fc.integer({ min: 1, max: 12 }),
    c: fc.integer({ min: 1, max: 5 }),
    // Often a multiple of 4, which the filter gradient's loop takes.
    out: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.constantFrom(4, 8, 12)),
    kh: fc.integer({ min: 1, max: 5 }),
    kw: fc.integer({ min: 1, max: 5 }),
    sh: fc.integer({ min: 1, max: 3 }),
    sw: fc.integer({ min: 1, max: 3 }),
    pad: fc.oneof(
      fc.constantFrom<Padding>("valid", "same"),
      fc.tuple(fc.nat(2), fc.nat(2), fc.nat(2), fc.nat(2)).map(([t, b, l, r]): Padding => [
        [0, 0],
        [t, b],
        [l, r],
        [0, 0],
      ]),
    ),
    depthwise: fc.boolean(),
  })
  .filter((k) => {
    if (k.pad === "same") return true;
    const [, [t, b], [l, r]] = k.pad === "valid" ? [0, [0, 0], [0, 0]] : k.pad;
    return k.kh <= k.h + t + b && k.kw <= k.w + l + r;
  });

describe("wasm gradient kernels (checked against the cpu backend)", () => {
  before(async () => {
    registerWasmKernels();
    await tf.setBackend("wasm");
  });
  after(() => {
    setPatchBudget(2 ** 24);
    setSmallTaps(36);
    setWinogradThreshold(32, 256);
    setWinogradBudget(2 ** 22);
    return tf.setBackend("cpu");
  });

  it("conv and depthwise conv gradients equal the cpu backend's for random shapes, strides and paddings (rel. error < 1e-4)", async () => {
    let depthwise = 0;
    let explicit = 0;
    let loops = 0;
    const form = fc.constantFrom("loop", "gemm", "convolution");
    await fc.assert(
      fc.asyncProperty(cases, fc.integer({ min: 1, max: 2 ** 31 - 1 }), form, async (k, seed, how) => {
        // Every form of the conv gradients: GEMMs over the patches (the filter gradient's product as a GEMM, or
        // as loops.wat's loop, which takes filters of 4n channels), and convolutions (past the patch budget).
        setPatchBudget(how === "convolution" ? 0 : Infinity);
        setSmallTaps(how === "loop" ? Infinity : 0);
        if (how === "loop" && !k.depthwise && k.out % 4 === 0) loops++;
        if (k.depthwise) depthwise++;
        if (Array.isArray(k.pad)) explicit++;
        const next = lehmer(seed);
        const random = (size: number) => uniform(next, size);
        const x = random(k.n * k.h * k.w * k.c);
        const f = random(k.kh * k.kw * k.c * k.out);
        // Enough for the largest output (explicit padding adds up to 4 rows and columns).
        const r = random(k.n * (k.h + 4) * (k.w + 4) * k.c * k.out);
        const [cpuDx, cpuDf] = await gradients("cpu", k, x, f, r);
        const [wasmDx, wasmDf] = await gradients("wasm", k, x, f, r);
        assert.ok(relativeError(wasmDx, cpuDx) < 1e-4, `dx of ${JSON.stringify(k)}: ${relativeError(wasmDx, cpuDx)}`);
        assert.ok(relativeError(wasmDf, cpuDf) < 1e-4, `dfilter of ${JSON.stringify(k)}: ${relativeError(wasmDf, cpuDf)}`);
      }),
      { numRuns: Number(process.env.KERNEL_RUNS ?? 150) },
    );
    assert.ok(depthwise > 10, "depthwise cases were drawn");
    assert.ok(loops > 5, `filter gradients by the loop were drawn (${loops})`);
    assert.ok(explicit > 10, "explicit paddings were drawn");
  });

  it("3×3 stride-1 convolutions by Winograd's F(2×2, 3×3): output, dx and dfilter equal the cpu backend's (rel. error < 1e-4)", async () => {
    let parts = 0;
    const winogradCases = fc.record({
      n: fc.integer({ min: 1, max: 3 }),
      h: fc.integer({ min: 1, max: 11 }),
      w: fc.integer({ min: 1, max: 11 }),
      c: fc.constantFrom(4, 8, 12),
      out: fc.constantFrom(4, 8, 12),
      pad: fc.oneof(
        fc.constantFrom<Padding>("valid", "same"),
        fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.nat(3)).map(([t, b, l, r]): Padding => [
          [0, 0],
          [t, b],
          [l, r],
          [0, 0],
        ]),
      ),
    });
    const valid = (k: { h: number; w: number; pad: Padding }) => {
      if (k.pad === "same") return true;
      const [, [t, b], [l, r]] = k.pad === "valid" ? [0, [0, 0], [0, 0]] : k.pad;
      return 3 <= k.h + t + b && 3 <= k.w + l + r;
    };
    try {
      await fc.assert(
        fc.asyncProperty(winogradCases.filter(valid), fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.boolean(), async (w, seed, split) => {
          // Taken for every channel count here; a small budget cuts the batch into parts of one image.
          // (The filter gradient takes it where the patches do not fit: a patch budget of 0.)
          setWinogradThreshold(0);
          setPatchBudget(0);
          setWinogradBudget(split ? 1 : 2 ** 22);
          if (split && w.n > 1) parts++;
          const k: Case = { ...w, kh: 3, kw: 3, sh: 1, sw: 1, depthwise: false };
          const next = lehmer(seed);
          const x = uniform(next, k.n * k.h * k.w * k.c);
          const f = uniform(next, 9 * k.c * k.out);
          const r = uniform(next, k.n * (k.h + 6) * (k.w + 6) * k.out);
          const forward = async (backend: string) => {
            await tf.setBackend(backend);
            const inputs = [tf.tensor4d(x, [k.n, k.h, k.w, k.c]), tf.tensor4d(f, [3, 3, k.c, k.out])];
            const y = tf.conv2d(inputs[0], inputs[1], 1, k.pad);
            const values = (await y.data()) as Float32Array;
            tf.dispose([y, ...inputs]);
            return values;
          };
          const [cpuY, cpuDx, cpuDf] = [await forward("cpu"), ...(await gradients("cpu", k, x, f, r))];
          // Nothing left behind on wasm: the transforms' tensors and the products are freed with every part.
          await tf.setBackend("wasm");
          const held = tf.engine().backend.numDataIds();
          const [wasmY, wasmDx, wasmDf] = [await forward("wasm"), ...(await gradients("wasm", k, x, f, r))];
          assert.equal(tf.engine().backend.numDataIds(), held, "no wasm tensor is left behind");
          assert.ok(relativeError(wasmY, cpuY) < 1e-4, `y of ${JSON.stringify(k)}: ${relativeError(wasmY, cpuY)}`);
          assert.ok(relativeError(wasmDx, cpuDx) < 1e-4, `dx of ${JSON.stringify(k)}: ${relativeError(wasmDx, cpuDx)}`);
          assert.ok(relativeError(wasmDf, cpuDf) < 1e-4, `dfilter of ${JSON.stringify(k)}: ${relativeError(wasmDf, cpuDf)}`);
        }),
        { numRuns: Number(process.env.KERNEL_RUNS ?? 100) },
      );
    } finally {
      setWinogradThreshold(32, 256);
      setWinogradBudget(2 ** 22);
      setPatchBudget(2 ** 24);
    }
    assert.ok(parts > 5, `batches in parts were drawn (${parts})`);
  });

  it("max-pooling gradients equal the cpu backend's, ties (ReLU zeros, repeated values) going to the first maximum", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          n: fc.integer({ min: 1, max: 3 }),
          h: fc.integer({ min: 1, max: 11 }),
          w: fc.integer({ min: 1, max: 11 }),
          // Up to 9 channels: four at a time, then the rest one at a time.
          c: fc.integer({ min: 1, max: 9 }),
          p: fc.integer({ min: 1, max: 3 }),
          s: fc.integer({ min: 1, max: 3 }),
          pad: fc.constantFrom<"valid" | "same">("valid", "same"),
        }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        async (k, seed) => {
          if (k.pad === "valid" && (k.p > k.h || k.p > k.w)) return;
          const next = lehmer(seed);
          // Coarse values, half of them zero (as after a ReLU): plenty of ties.
          const x = Float32Array.from({ length: k.n * k.h * k.w * k.c }, () => Math.max(0, Math.round(next() * 8 - 4)));
          const r = Float32Array.from({ length: k.n * k.h * k.w * k.c }, () => next() * 2 - 1);
          const grad = async (backend: string) => {
            assert.ok(await tf.setBackend(backend));
            const xt = tf.tensor4d(x, [k.n, k.h, k.w, k.c]);
            const pool = (a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, k.p, k.s, k.pad);
            const y = pool(xt);
            const rt = tf.tensor(r.subarray(0, y.size), y.shape);
            const dx = tf.grad((a: tf.Tensor) => pool(a).mul(rt).sum())(xt);
            const out = (await dx.data()) as Float32Array;
            tf.dispose([xt, y, rt, dx]);
            return out;
          };
          const cpu = await grad("cpu");
          const wasm = await grad("wasm");
          assert.ok(relativeError(wasm, cpu) < 1e-4, `${JSON.stringify(k)}: ${relativeError(wasm, cpu)}`);
        },
      ),
      { numRuns: Number(process.env.KERNEL_RUNS ?? 150) },
    );
  });

  it("Sum, BatchMatMul with transposed operands, Identity, bias Add and ReLU's gradient equal the cpu backend's", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 15 }),
        fc.boolean(),
        fc.record({ batch: fc.integer({ min: 1, max: 2 }), m: fc.nat({ max: 6 }), k: fc.nat({ max: 6 }), n: fc.nat({ max: 6 }) }),
        fc.tuple(fc.boolean(), fc.boolean()),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        async (shape, axisBits, keepDims, mm, [ta, tb], seed) => {
          const next = lehmer(seed);
          const x = uniform(
            next,
            shape.reduce((p, d) => p * d, 1),
          );
          const w = uniform(next, x.length);
          // Every axis but the last (the kernel's own path), or any other set (handed to wasm's stock kernel).
          const allButLast = shape.map((_, i) => i).slice(0, -1);
          const axes = axisBits % 3 === 0 && allButLast.length ? allButLast : shape.map((_, i) => i).filter((i) => axisBits & (1 << i));
          const a = uniform(next, mm.batch * (mm.m + 1) * (mm.k + 1));
          const b = uniform(next, mm.batch * (mm.k + 1) * (mm.n + 1));
          const aShape = ta ? [mm.batch, mm.k + 1, mm.m + 1] : [mm.batch, mm.m + 1, mm.k + 1];
          const bShape = tb ? [mm.batch, mm.n + 1, mm.k + 1] : [mm.batch, mm.k + 1, mm.n + 1];
          const run = async (backend: string) => {
            assert.ok(await tf.setBackend(backend));
            const xt = tf.tensor(x, shape);
            const sum = xt.sum(axes, keepDims);
            const product = tf.matMul(tf.tensor3d(a, aShape as never), tf.tensor3d(b, bShape as never), ta, tb);
            // ReLU's gradient, with zeros in x (step(0) = 0) and a weight per element.
            const coarse = tf.tensor(
              x.map((v) => Math.round(v * 4) / 4),
              shape,
            );
            const weights = tf.tensor(w, shape);
            const reluGrad = tf.grad((v: tf.Tensor) => tf.relu(v).mul(weights).sum())(coarse);
            // A bias along the last axis, on either side, and (to the stock kernel) along the first.
            const last = shape[shape.length - 1];
            const biased = [tf.add(xt, tf.tensor(w.subarray(0, last))), tf.add(tf.tensor(w.subarray(0, last), [1, last]), xt)];
            biased.push(tf.add(xt, tf.tensor(w.subarray(0, shape[0]), [shape[0], ...shape.slice(1).map(() => 1)])));
            const copy = tf.clone(xt);
            xt.dispose();
            const out = {
              sum: (await sum.data()) as Float32Array,
              sumShape: sum.shape,
              product: (await product.data()) as Float32Array,
              reluGrad: (await reluGrad.data()) as Float32Array,
              biased: await Promise.all(biased.map(async (t) => ({ shape: t.shape, values: Array.from(await t.data()) }))),
            };
            // The copy outlives its source: Identity shares the data but holds its own reference.
            assert.deepEqual(Array.from(await copy.data()), Array.from(x));
            tf.dispose([sum, product, copy, coarse, weights, reluGrad, ...biased]);
            return out;
          };
          const cpu = await run("cpu");
          const wasm = await run("wasm");
          assert.deepEqual(wasm.sumShape, cpu.sumShape);
          assert.ok(relativeError(wasm.sum, cpu.sum) < 1e-5, `sum over ${axes} of ${shape}`);
          assert.ok(relativeError(wasm.product, cpu.product) < 1e-5, `matMul ${aShape} ${bShape} ${ta} ${tb}`);
          assert.deepEqual(wasm.biased, cpu.biased, `bias added to ${shape}`);
          // Equal up to the sign of zero (dy · 0 is −0 for a negative dy).
          assert.deepEqual(Array.from(wasm.reluGrad, Math.abs), Array.from(cpu.reluGrad, Math.abs), `ReLU's gradient on ${shape}`);
        },
      ),
      { numRuns: Number(process.env.KERNEL_RUNS ?? 150) },
    );
  });

  it("trains a small convnet on wasm, where the stock backend cannot, without leaking tensors", async () => {
    await tf.setBackend("wasm");
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [12, 12, 2], filters: 4, kernelSize: 3, strides: 2, padding: "same", activation: "relu" }),
        tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: "valid" }),
        tf.layers.conv2dTranspose({ filters: 3, kernelSize: 2, strides: 2 }),
        tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: "same" }),
        tf.layers.globalAveragePooling2d({}),
        tf.layers.dense({ units: 2, activation: "softmax" }),
      ],
    });
    model.compile({ optimizer: "adam", loss: "categoricalCrossentropy" });
    const x = tf.randomUniform([16, 12, 12, 2]);
    const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1], "int32"), 2);
    await model.fit(x, y, { epochs: 1, batchSize: 8 });
    const before = tf.memory().numTensors;
    const buffers = tf.backend().numDataIds();
    const history = await model.fit(x, y, { epochs: 2, batchSize: 8 });
    assert.equal(tf.memory().numTensors, before, "no tensors left behind by a training epoch");
    assert.equal(tf.backend().numDataIds(), buffers, "no wasm buffers left behind by the kernels");
    assert.ok(Number.isFinite(history.history.loss[1] as number));
    tf.dispose([x, y]);
    model.dispose();
  });
});

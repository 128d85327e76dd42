/**
 * `npm run bench:kernels`: the trainer's wasm kernels, as ratios in one script on this machine.
 *   1. A convolution's filter gradient with few taps (kh·kw·ci, a first layer's): loops.wat's loop against the
 *      GEMM form (XNNPACK's BatchMatMul, with its packing of dy and the transposes), per shape, one thread. This
 *      is what sets `smallTaps` in src/trainer/kernels/convGradients.ts.
 *   2. Where a training step of the Keras MNIST convnet (batch 64) spends its time, per kernel, on one thread and
 *      on every core: XNNPACK's convolutions and products use every thread, the trainer's own loops one.
 *   3. A 3×3 stride-1 convolution and its input gradient by Winograd's F(2×2, 3×3) against the other forms
 *      (XNNPACK's direct convolution; the GEMM over the patches and col2im), per shape, one thread; the filter
 *      gradient's three forms (the GEMM over the patches, and where they do not fit, the convolution or
 *      Winograd's). This is what sets `smallest` in src/trainer/kernels/winograd.ts.
 * Each thread count runs in a process of its own (the wasm backend starts once per process).
 */
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../src/trainer/backends";
import { setPatchBudget, setSmallTaps } from "../src/trainer/kernels/convGradients";
import { setWinogradThreshold } from "../src/trainer/kernels/winograd";
import { bareConvnet } from "./convnet";
import { median } from "./timing";

const root = join(__dirname, "..", "..");
const wasmDir = join(root, "node_modules", "@tensorflow", "tfjs-backend-wasm", "dist");

/** Input and filter shapes of first layers, and two with more taps. */
const shapes: [number[], number[]][] = [
  [
    [64, 28, 28, 1],
    [3, 3, 1, 32],
  ],
  [
    [64, 28, 28, 1],
    [5, 5, 1, 32],
  ],
  [
    [64, 32, 32, 3],
    [3, 3, 3, 32],
  ],
  [
    [64, 32, 32, 3],
    [3, 3, 3, 64],
  ],
  [
    [64, 13, 13, 4],
    [3, 3, 4, 64],
  ],
  [
    [64, 13, 13, 8],
    [3, 3, 8, 64],
  ],
  [
    [64, 14, 14, 16],
    [3, 3, 16, 32],
  ],
];

/** Milliseconds of `f`, the median of `runs` timings of 5 calls each, after 2 calls to warm up. */
function time(f: () => tf.Tensor, runs = 5): number {
  for (let i = 0; i < 2; i++) f().dispose();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    for (let i = 0; i < 5; i++) f().dispose();
    samples.push((performance.now() - t) / 5);
  }
  return median(samples);
}

/** Line 1: the filter gradient's two forms per shape. */
function filterGradients(): void {
  for (const [xs, fs] of shapes) {
    const x = tf.randomUniform(xs);
    const dy = tf.randomUniform([xs[0], xs[1] - fs[0] + 1, xs[2] - fs[1] + 1, fs[3]]);
    const attrs = { strides: [1, 1], pad: "valid", dataFormat: "NHWC", filterShape: fs };
    const f = () => tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, attrs as never) as tf.Tensor;
    setSmallTaps(Infinity);
    const loop = time(f);
    setSmallTaps(0);
    const gemm = time(f);
    setSmallTaps(36);
    const taps = fs[0] * fs[1] * fs[2];
    console.log(
      `1. filter gradient, x ${xs.join("×")}, filter ${fs.join("×")} (${taps} taps): loop ${loop.toFixed(2)} ms vs GEMM ${gemm.toFixed(2)} ms: ${(gemm / loop).toFixed(2)}×`,
    );
    tf.dispose([x, dy]);
  }
}

/** Shapes for line 3: [input, output channels]: the MNIST convnet's second layer, the pooling article's, narrower ones. */
const winogradShapes: [number[], number][] = [
  [[64, 13, 13, 32], 64],
  [[128, 30, 30, 128], 128],
  [[64, 26, 26, 32], 32],
  [[64, 16, 16, 16], 16],
  [[64, 32, 32, 8], 8],
];

/** Line 3: a convolution's output and input gradient, Winograd's form against the other; its filter gradient's three forms. */
function winogradForms(): void {
  for (const [xs, co] of winogradShapes) {
    const x = tf.randomUniform(xs);
    const f = tf.randomUniform([3, 3, xs[3], co]);
    const dy = tf.randomUniform([xs[0], xs[1] - 2, xs[2] - 2, co]);
    const attrs = { strides: [1, 1], pad: "valid", dataFormat: "NHWC" };
    const output = () => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, "valid");
    const input = () => tf.engine().runKernel("Conv2DBackpropInput", { dy, filter: f }, { ...attrs, inputShape: xs } as never) as tf.Tensor;
    const filter = () => tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, { ...attrs, filterShape: f.shape } as never) as tf.Tensor;
    const runs = xs[0] * xs[1] * xs[2] * xs[3] > 2 ** 24 ? 1 : 5;
    /** Milliseconds of `run` with the Winograd form taken (or not) and the patches' budget (Infinity or 0). */
    const timed = (run: () => tf.Tensor, winograd: boolean, patches = Infinity) => {
      setWinogradThreshold(winograd ? 0 : Infinity);
      setPatchBudget(patches);
      return time(run, runs);
    };
    const ratio = (other: number, winograd: number) =>
      `${other.toFixed(2)} → ${winograd.toFixed(2)} ms (${(other / winograd).toFixed(2)}×)`;
    const [out0, out1, in0, in1] = [timed(output, false), timed(output, true), timed(input, false), timed(input, true)];
    const [gemm, convolution, winograd] = [timed(filter, false), timed(filter, false, 0), timed(filter, true, 0)];
    setWinogradThreshold(32, 256);
    setPatchBudget(2 ** 24);
    console.log(
      `3. Winograd F(2×2, 3×3), x ${xs.join("×")}, ${co} filters: output ${ratio(out0, out1)}, input gradient ${ratio(in0, in1)}, ` +
        `filter gradient: GEMM ${gemm.toFixed(2)}, convolution ${ratio(convolution, winograd)}`,
    );
    tf.dispose([x, f, dy]);
  }
}

/** Line 2, in a child process: the step's time per kernel, as JSON on stdout. */
async function profileStep(): Promise<void> {
  const m = bareConvnet();
  m.compile({ optimizer: "adam", loss: "categoricalCrossentropy" });
  const x = tf.randomUniform([64, 28, 28, 1]);
  const y = tf.oneHot(tf.randomUniform([64], 0, 10, "int32"), 10).toFloat();
  for (let i = 0; i < 10; i++) await m.trainOnBatch(x, y);
  // Each kernel's own time (nested kernels count in the outer one).
  const spent = new Map<string, number>();
  let depth = 0;
  for (const k of tf.getKernelsForBackend("wasm")) {
    const own = k.kernelFunc;
    (k as { kernelFunc: tf.KernelFunc }).kernelFunc = (args) => {
      if (depth > 0) return own(args);
      depth++;
      const t = performance.now();
      try {
        return own(args);
      } finally {
        depth--;
        spent.set(k.kernelName, (spent.get(k.kernelName) ?? 0) + performance.now() - t);
      }
    };
  }
  const steps = 40;
  const t = performance.now();
  for (let i = 0; i < steps; i++) await m.trainOnBatch(x, y);
  const step = (performance.now() - t) / steps;
  const report = JSON.stringify({ step, kernels: Object.fromEntries([...spent].map(([k, v]) => [k, v / steps])) });
  // The threaded backend's workers would keep the process alive.
  process.stdout.write(report, () => process.exit(0));
}

/** The kernels whose products run on XNNPACK's threads (the convolution gradients' patches and loops on one). */
const threaded = new Set(["Conv2D", "Conv2DBackpropFilter", "Conv2DBackpropInput", "BatchMatMul", "_FusedMatMul", "Relu"]);

async function main(): Promise<void> {
  const threads = Number(process.argv[3] ?? 1);
  await selectBackend({ forced: "wasm", wasmDir, wasmThreads: threads });
  if (process.argv[2] === "--profile") return profileStep();
  console.log(`bench:kernels — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores`);
  filterGradients();
  winogradForms();
  for (const n of [...new Set([1, Math.min(8, cpus().length)])]) {
    const r = spawnSync(process.execPath, [__filename, "--profile", String(n)], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
    const { step, kernels } = JSON.parse(r.stdout) as { step: number; kernels: Record<string, number> };
    const sum = (names: string[]) => names.reduce((s, k) => s + kernels[k], 0);
    const many = Object.keys(kernels).filter((k) => threaded.has(k));
    const one = Object.keys(kernels).filter((k) => !threaded.has(k));
    const top = one.sort((a, b) => kernels[b] - kernels[a]).slice(0, 5);
    console.log(
      `2. MNIST convnet step, ${n} thread${n > 1 ? "s" : ""}: ${step.toFixed(1)} ms; convolutions, products and ReLU ${sum(many).toFixed(1)} ms, ` +
        `the other kernels (one thread) ${sum(one).toFixed(1)} ms (${top.map((k) => `${k} ${kernels[k].toFixed(2)}`).join(", ")}), outside kernels ${(step - sum(many) - sum(one)).toFixed(1)} ms`,
    );
  }
}

void main();

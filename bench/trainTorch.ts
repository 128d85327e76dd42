/**
 * The pytorch backend's part of `npm run bench:train`, as ratios against peers run by this same script, on this
 * machine's CPU with every core (Debian's python3-torch; a GPU run is bench/deviceCheck.sh's):
 *   5. the trainer on the pytorch backend vs a bare PyTorch script — the same model, data, batch, optimizer and
 *      threads, both timed over the epochs after the first (goal ≥ 0.9);
 *   6. the pooling article's model (3 × Conv2D(128) → GAP → Dense) on the pytorch backend vs the wasm backend;
 *   7. the MNIST template (batch 16, 5 epochs) with torch.distributed on 2 processes vs 1 process: time per epoch
 *      and test accuracy;
 *   8. the wasm path's ceiling on the pooling article's model (bench/ceiling.ts), on one thread;
 *   9. the pooling article's model on wasm with every core (tfjs' threaded build) vs one, and vs PyTorch there.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import type { BackendName, EndEvent, TrainerEvent } from "../src/protocol/trainer";
import { startTrainer } from "../src/runner/trainerClient";
import { loadDataset, split } from "../src/trainer/datasets/datasets";
import { python } from "../test/interop/tools";
import { gemm, torchCeiling, wasmGemm } from "./ceiling";
import { convnetModel } from "./convnet";

const root = join(__dirname, "..", "..");
const samples = Number(process.env.BENCH_SAMPLES ?? 4096);
const threads = cpus().length;

const convnet = convnetModel(64, 3);

/** Trains `model` with our trainer on `backend`; samples/s over the epochs after the first. */
async function ours(model: object, backend: BackendName, n: number, wasmThreads = threads): Promise<number> {
  process.env.CNN_DESIGNER_WASM_THREADS = String(wasmThreads);
  const r = await trained(model, backend, n);
  const later = r.seconds.slice(1);
  return (n * later.length) / later.reduce((a, b) => a + b, 0);
}

/** Trains `model` with our trainer on `backend` (`distribute`: processes): each epoch's seconds, and the end. */
async function trained(model: object, backend: BackendName, n: number | undefined, distribute?: number) {
  const dir = mkdtempSync(join(tmpdir(), "cnn-bench-torch-"));
  const path = join(dir, "bench.cnn.json");
  const modelText = JSON.stringify(model);
  writeFileSync(path, modelText);
  const seconds: number[] = [];
  let end: EndEvent | undefined;
  let failure = "";
  const run = startTrainer(
    join(root, "dist", "trainer.js"),
    { modelPath: path, modelText, samples: n, backend, python, runsDir: join(dir, "runs"), distribute },
    {
      event: (e: TrainerEvent) => {
        if (e.type === "epochEnd") seconds.push(e.seconds);
        if (e.type === "end") end = e;
        if (e.type === "error") failure = e.message;
      },
      exit: () => undefined,
    },
  );
  await run.exited;
  if (!end) throw new Error(`the trainer failed on ${backend}: ${failure}`);
  return { seconds, end };
}

/** The bare PyTorch script: the same convnet, the MNIST sample's first `n` digits, Adam, batch 64, every core. */
function bare(n: number, epochs: number): number {
  const data = loadDataset(
    { type: "mnist-sample" },
    { modelDir: root, builtinDir: join(root, "dist", "datasets"), inputShape: [28, 28, 1] },
  );
  const part = split(data, { validationSplit: 0, testSplit: 0, seed: 1, limit: n }).train;
  const dir = mkdtempSync(join(tmpdir(), "cnn-bench-bare-"));
  writeFileSync(join(dir, "x.f32"), part.x as Float32Array);
  writeFileSync(join(dir, "y.i32"), part.y as Int32Array);
  const script = `
import time, numpy as np, torch, torch.nn as nn
torch.set_num_threads(${threads}); torch.set_flush_denormal(True); torch.manual_seed(0)
x = torch.from_numpy(np.fromfile("${join(dir, "x.f32")}", dtype="<f4").reshape(-1, 28, 28, 1)).permute(0, 3, 1, 2).contiguous()
y = torch.from_numpy(np.fromfile("${join(dir, "y.i32")}", dtype="<i4").astype(np.int64))
m = nn.Sequential(nn.Conv2d(1,32,3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32,64,3), nn.ReLU(), nn.MaxPool2d(2),
                  nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600,10))
opt = torch.optim.Adam(m.parameters(), lr=0.001, eps=1e-7)
loss = nn.CrossEntropyLoss()
def epoch():
    perm = torch.randperm(len(y))
    for i in range(0, len(y), 64):
        idx = perm[i:i+64]
        opt.zero_grad(); l = loss(m(x[idx]), y[idx]); l.backward(); opt.step()
epoch()
t = time.time()
for _ in range(${epochs - 1}): epoch()
print(len(y) * ${epochs - 1} / (time.time() - t))`;
  const r = spawnSync(python, ["-c", script], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bare PyTorch failed: ${r.stderr}`);
  return Number(r.stdout.trim());
}

async function main(): Promise<void> {
  const torchVersion = spawnSync(python, ["-c", "import torch; print(torch.__version__)"], { encoding: "utf8" }).stdout.trim();
  console.log(
    `bench:train (pytorch backend) — PyTorch ${torchVersion} on ${threads} CPU threads, ${new Date().toISOString().slice(0, 10)}`,
  );
  const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
  const mine: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    mine.push(await ours(convnet, "pytorch", samples));
    theirs.push(bare(samples, convnet.training.epochs));
  }
  const o = Math.max(...mine);
  const b = Math.max(...theirs);
  console.log(
    `5. the MNIST convnet on the pytorch backend ${o.toFixed(0)} samples/s vs a bare PyTorch script ${b.toFixed(0)} samples/s (best of ${rounds}): ratio ${(o / b).toFixed(3)} (goal ≥ 0.9)`,
  );
  const seed = JSON.parse(readFileSync(join(root, "examples", "pooling-gap.cnn.json"), "utf8"));
  const small = Number(process.env.BENCH_SEED_SAMPLES ?? 768);
  const seedModel = { ...seed, training: { ...seed.training, epochs: 2, validationSplit: 0, testSplit: 0 } };
  const torch = await ours(seedModel, "pytorch", small);
  const wasm = await ours(seedModel, "wasm", small);
  console.log(
    `6. the pooling article's model (batch 128, ${small} samples): pytorch backend ${torch.toFixed(1)} samples/s vs wasm ${wasm.toFixed(1)} samples/s: ${(torch / wasm).toFixed(1)}×`,
  );
  const template = JSON.parse(readFileSync(join(root, "examples", "mnist-convnet.cnn.json"), "utf8"));
  const alone = await trained(template, "pytorch", undefined);
  const group = await trained(template, "pytorch", undefined, 2);
  const perEpoch = (r: typeof alone) => r.seconds.reduce((a, b) => a + b, 0) / r.seconds.length;
  const accuracy = (r: typeof alone) => `${((r.end.test?.accuracy ?? NaN) * 100).toFixed(1)} %`;
  console.log(
    `7. the MNIST template (batch 16, ${alone.seconds.length} epochs) with torch.distributed: 2 processes ${perEpoch(group).toFixed(1)} s/epoch, test accuracy ${accuracy(group)}, vs 1 process ${perEpoch(alone).toFixed(1)} s/epoch, ${accuracy(alone)}`,
  );
  // The ceiling is taken on one thread: the wasm product here is tfjs' one-thread build.
  const wasmProduct = await wasmGemm();
  const one = torchCeiling(1);
  const wasmOne = await ours(seedModel, "wasm", small, 1);
  const peer = Math.max(one.mm, one.conv);
  const ceiling = wasmProduct / peer;
  const reached = wasmOne / one.seedModel;
  console.log(
    `8. the ceiling, one thread: a ${gemm.m}×${gemm.k}·${gemm.k}×${gemm.n} product on wasm ${wasmProduct.toFixed(1)} GFLOP/s vs PyTorch ${peer.toFixed(1)} ` +
      `(torch.mm ${one.mm.toFixed(1)}, as a convolution ${one.conv.toFixed(1)}): ${ceiling.toFixed(3)}; the pooling article's model on wasm ` +
      `${wasmOne.toFixed(1)} vs a bare PyTorch script ${one.seedModel.toFixed(1)} samples/s: ${reached.toFixed(3)}, ${(reached / ceiling).toFixed(2)} of the ceiling (goal ≥ 0.6)`,
  );
  const every = torchCeiling(threads);
  console.log(
    `9. ${threads} threads: the pooling article's model on wasm (${threads} threads) ${wasm.toFixed(1)} vs one thread ${wasmOne.toFixed(1)} samples/s (${(wasm / wasmOne).toFixed(2)}×); ` +
      `vs a bare PyTorch script on ${threads} threads ${every.seedModel.toFixed(1)} samples/s: ${(wasm / every.seedModel).toFixed(3)}`,
  );
}

void main();

/**
 * `npm run bench:train`: training throughput of the Keras MNIST convnet (34,826 params, batch 64) on the
 * built-in MNIST sample, as ratios against peers run by this same script on this machine:
 *   1. our trainer (the whole run: events, logs) vs a bare tfjs `model.fit` script, same backend and model;
 *   2. wasm with our gradient kernels vs tfjs' pure-JS `cpu` backend;
 *   3. vs PyTorch on the CPU (Debian's python3-torch), same model, optimizer and batch size, at the same thread
 *      count: one thread (our trainer with CNN_DESIGNER_WASM_THREADS=1), and every core;
 *   4. the event-loop lag of a client process (as the extension host is) while a run streams every batch.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import * as tf from "@tensorflow/tfjs";
import type { EndEvent, TrainerEvent } from "../src/protocol/trainer";
import { selectBackend } from "../src/trainer/backends";
import { startTrainer } from "../src/runner/trainerClient";
import { loadDataset, split } from "../src/trainer/datasets/datasets";
import { python } from "../test/interop/tools";
import { bareConvnet, convnetModel } from "./convnet";
import { median } from "./timing";

const root = join(__dirname, "..", "..");
const samples = Number(process.env.BENCH_SAMPLES ?? 4096);
const batchSize = 64;
const epochs = 2;

const modelText = JSON.stringify(convnetModel(batchSize, epochs));

/** The same model, written directly against tfjs-layers. */
function bareModel() {
  const m = bareConvnet();
  m.compile({ optimizer: "adam", loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return m;
}

/** Samples/s of a bare `model.fit` over `n` MNIST samples on the current backend (after one warm-up batch). */
async function bare(n: number, runEpochs = epochs): Promise<number> {
  const data = loadDataset(
    { type: "mnist-sample" },
    { modelDir: root, builtinDir: join(root, "dist", "datasets"), inputShape: [28, 28, 1] },
  );
  const part = split(data, { validationSplit: 0, testSplit: 0, seed: 1, limit: n }).train;
  const x = tf.tensor4d(part.x, [part.count, 28, 28, 1]);
  const y = tf.oneHot(tf.tensor1d(part.y as Int32Array, "int32"), 10).toFloat();
  const model = bareModel();
  await model.fit(x.slice(0, batchSize), y.slice(0, batchSize), { batchSize, epochs: 1, verbose: 0 });
  const t = performance.now();
  await model.fit(x, y, { batchSize, epochs: runEpochs, shuffle: true, verbose: 0 });
  const seconds = (performance.now() - t) / 1000;
  tf.dispose([x, y]);
  model.dispose();
  return (part.count * runEpochs) / seconds;
}

/**
 * Runs our trainer process on the model; returns its throughput — over the whole run, and over the epochs after
 * the first (as PyTorch's is timed, after a warm-up epoch) — and the client's event-loop lag.
 */
async function ours(
  threads: number,
): Promise<{ samplesPerSecond: number; steady: number; lagP99: number; lagMax: number; events: number }> {
  // The trainer's wasm threads (tfjs' threaded build; the bare model.fit here has one).
  process.env.CNN_DESIGNER_WASM_THREADS = String(threads);
  const dir = mkdtempSync(join(tmpdir(), "cnn-bench-"));
  const path = join(dir, "bench.cnn.json");
  writeFileSync(path, modelText);
  const lag = monitorEventLoopDelay({ resolution: 1 });
  let end: EndEvent | undefined;
  const epochSeconds: number[] = [];
  let events = 0;
  let status = "";
  lag.enable();
  const run = startTrainer(
    join(root, "dist", "trainer.js"),
    { modelPath: path, modelText, samples, backend: "wasm", runsDir: join(dir, "runs") },
    {
      event: (e: TrainerEvent) => {
        events++;
        // What the extension host does per event: format the status text and keep the rows for the charts.
        if (e.type === "batchEnd") status = `Epoch ${e.epoch} · batch ${e.batch}/${e.batches} · loss ${e.logs.loss?.toFixed(4)}`;
        if (e.type === "epochEnd") epochSeconds.push(e.seconds);
        if (e.type === "end") end = e;
      },
      exit: () => undefined,
    },
  );
  await run.exited;
  lag.disable();
  if (!end || !status) throw new Error("the trainer did not finish");
  const later = epochSeconds.slice(1);
  const steady = (samples * later.length) / later.reduce((a, b) => a + b, 0);
  return { samplesPerSecond: end.samplesPerSecond, steady, lagP99: lag.percentile(99) / 1e6, lagMax: lag.max / 1e6, events };
}

/** Samples/s of the same model in PyTorch on the CPU, or why it could not run. */
function pytorch(threads: number): { rate: number; threads: number } | string {
  const script = `
import time, torch, torch.nn as nn
torch.manual_seed(0); torch.set_num_threads(${threads}); torch.set_flush_denormal(True)
m = nn.Sequential(nn.Conv2d(1,32,3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32,64,3), nn.ReLU(), nn.MaxPool2d(2),
                  nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600,10))
opt = torch.optim.Adam(m.parameters(), lr=0.001)
loss = nn.CrossEntropyLoss()
x = torch.rand(${samples},1,28,28); y = torch.randint(0,10,(${samples},))
def epoch():
    perm = torch.randperm(${samples})
    for i in range(0, ${samples}, ${batchSize}):
        idx = perm[i:i+${batchSize}]
        opt.zero_grad(); l = loss(m(x[idx]), y[idx]); l.backward(); opt.step()
epoch()
t = time.time()
for _ in range(${epochs}): epoch()
print(${samples} * ${epochs} / (time.time() - t), torch.get_num_threads())`;
  const r = spawnSync(python, ["-c", script], { encoding: "utf8" });
  if (r.status !== 0) return `not run: ${(r.stderr || r.error?.message || "python3 failed").trim().split("\n").at(-1)}`;
  const [rate, used] = r.stdout.trim().split(" ").map(Number);
  return { rate, threads: used };
}

async function main(): Promise<void> {
  console.log(
    `bench:train — Keras MNIST convnet, batch ${batchSize}, ${samples} samples × ${epochs} epochs, ${new Date().toISOString().slice(0, 10)}`,
  );
  await selectBackend({ forced: "wasm", wasmDir: join(root, "node_modules", "@tensorflow", "tfjs-backend-wasm", "dist") });
  const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
  const oursRuns: Awaited<ReturnType<typeof ours>>[] = [];
  const bareRuns: number[] = [];
  const all = cpus().length;
  const oursAll: Awaited<ReturnType<typeof ours>>[] = [];
  for (let i = 0; i < rounds; i++) {
    oursRuns.push(await ours(1));
    bareRuns.push(await bare(samples));
    if (all > 1) oursAll.push(await ours(all));
  }
  const o = median(oursRuns.map((r) => r.samplesPerSecond));
  const b = median(bareRuns);
  console.log(
    `1. our trainer ${o.toFixed(0)} samples/s vs bare tfjs model.fit ${b.toFixed(0)} samples/s on wasm: ratio ${(o / b).toFixed(3)} (goal ≥ 0.95)`,
  );

  await selectBackend({ forced: "cpu" });
  const cpu = await bare(batchSize * 2, 1);
  console.log(`2. wasm with our kernels ${b.toFixed(0)} samples/s vs tfjs cpu ${cpu.toFixed(1)} samples/s: ${(b / cpu).toFixed(0)}×`);

  const sets: [number, typeof oursRuns][] = [[1, oursRuns], ...(all > 1 ? [[all, oursAll] as [number, typeof oursRuns]] : [])];
  for (const [threads, runs] of sets) {
    const torch = pytorch(threads);
    const steady = median(runs.map((r) => r.steady));
    const whole = median(runs.map((r) => r.samplesPerSecond));
    if (typeof torch === "string") console.log(`3. PyTorch CPU: ${torch}`);
    else
      console.log(
        `3. ${threads} thread${threads > 1 ? "s" : ""}: our trainer after its first epoch ${steady.toFixed(0)} vs PyTorch after a warm-up epoch ${torch.rate.toFixed(0)} samples/s ` +
          `(${torch.threads} threads): ${(steady / torch.rate).toFixed(2)}× (goal ≥ 0.5×); over the whole run, first epoch included, ` +
          `${whole.toFixed(0)} samples/s: ${(whole / torch.rate).toFixed(2)}×`,
      );
  }
  const lag = median(oursRuns.map((r) => r.lagP99));
  console.log(
    `4. client event-loop lag while a run streams ${oursRuns[0].events} events: p99 ${lag.toFixed(2)} ms, max ${Math.max(...oursRuns.map((r) => r.lagMax)).toFixed(1)} ms (goal p99 < 10 ms)`,
  );
}

void main();

/**
 * `npm run bench:accuracy`: the Keras MNIST convnet template's test accuracy after its 5 epochs, from our trainer
 * and from PyTorch (Debian's python3-torch) on the very same train / test split and with the same recipe
 * (Keras' initialisers, Adam and its learning-rate schedule, label smoothing, batch size, per-epoch shuffle, dropout) — an independent
 * oracle for what the recipe reaches on the built-in MNIST sample. One line per seed, then the means.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EndEvent } from "../src/protocol/trainer";
import { startTrainer } from "../src/runner/trainerClient";
import { loadDataset, split, type Dataset } from "../src/trainer/datasets/datasets";
import { python } from "../test/interop/tools";

const root = join(__dirname, "..", "..");
const templatePath = join(root, "examples", "mnist-convnet.cnn.json");
const template = JSON.parse(readFileSync(templatePath, "utf8"));
const t = template.training;
const seeds = (process.env.BENCH_SEEDS ?? `${t.seed},1,2,3`).split(",").map(Number);
const torchSeeds = Number(process.env.BENCH_TORCH_RUNS ?? 3);

/** PyTorch's own scheduler for the template's learning rate (steps: the whole run's, as our trainer's default). */
function torchSchedule(): string {
  const o = t.optimizer;
  const n = (v: number) => JSON.stringify(v);
  if (o.decay) return `torch.optim.lr_scheduler.LambdaLR(opt, lambda step: 1 / (1 + ${n(o.decay)} * step))`;
  const s = typeof o.schedule === "string" ? { type: o.schedule } : o.schedule;
  if (!s) return "torch.optim.lr_scheduler.LambdaLR(opt, lambda step: 1)";
  const steps = s.decaySteps ? n(s.decaySteps) : "steps";
  if (s.type === "polynomialDecay" && s.endLearningRate === 0 && !s.cycle)
    return `torch.optim.lr_scheduler.PolynomialLR(opt, total_iters=${steps}, power=${n(s.power ?? 1)})`;
  if (s.type === "cosineDecay")
    return `torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=${steps}, eta_min=${n((s.alpha ?? 0) * o.learningRate)})`;
  throw new Error(`bench:accuracy has no PyTorch twin for the ${s.type} schedule`);
}

/**
 * The PyTorch twin of the template: Keras' glorot-uniform kernels and zero biases, eps 1e-7, the learning-rate
 * schedule by PyTorch's own scheduler, and label smoothing by PyTorch's cross-entropy.
 */
const script = `
import math, sys, numpy as np, torch, torch.nn as nn
torch.set_num_threads(1)
d, runs = sys.argv[1], int(sys.argv[2])
x = np.fromfile(d + "/train.x", np.float32).reshape(-1, 1, 28, 28); y = np.fromfile(d + "/train.y", np.int32)
tx = np.fromfile(d + "/test.x", np.float32).reshape(-1, 1, 28, 28); ty = np.fromfile(d + "/test.y", np.int32)
x, y, tx, ty = map(torch.tensor, (x, y.astype(np.int64), tx, ty.astype(np.int64)))
steps = ${t.epochs} * math.ceil(len(x) / ${t.batchSize})
for run in range(runs):
    torch.manual_seed(run)
    m = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10))
    for layer in m:
        if isinstance(layer, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(layer.weight); nn.init.zeros_(layer.bias)
    opt = torch.optim.Adam(m.parameters(), lr=${t.optimizer.learningRate}, eps=1e-7)
    schedule = ${torchSchedule()}
    for epoch in range(${t.epochs}):
        m.train(); order = torch.randperm(len(x))
        for i in range(0, len(x), ${t.batchSize}):
            b = order[i:i + ${t.batchSize}]
            opt.zero_grad()
            nn.functional.cross_entropy(m(x[b]), y[b], label_smoothing=${t.labelSmoothing ?? 0}).backward()
            opt.step(); schedule.step()
    m.eval()
    with torch.no_grad(): print((m(tx).argmax(1) == ty).float().mean().item(), flush=True)
`;

/** Our trainer's test accuracy on the template with `seed`. */
async function ours(dir: string, seed: number): Promise<number> {
  const modelText = JSON.stringify({ ...template, training: { ...t, seed } });
  const modelPath = join(dir, `seed-${seed}.cnn.json`);
  writeFileSync(modelPath, modelText);
  let end: EndEvent | undefined;
  const run = startTrainer(
    join(root, "dist", "trainer.js"),
    { modelPath, modelText, backend: "wasm", runsDir: join(dir, "runs") },
    { event: (e) => void (e.type === "end" && (end = e)), exit: () => undefined },
  );
  await run.exited;
  if (end?.test?.accuracy === undefined) throw new Error(`the trainer did not finish seed ${seed}`);
  return end.test.accuracy;
}

/** PyTorch's test accuracies (one per PyTorch seed) on the split of `data` our trainer makes with `seed`. */
function pytorch(dir: string, data: Dataset, seed: number): number[] {
  const parts = split(data, { validationSplit: t.validationSplit, testSplit: t.testSplit, seed });
  if (!parts.test) throw new Error("the template has no test split");
  writeFileSync(join(dir, "train.x"), parts.train.x);
  writeFileSync(join(dir, "train.y"), Int32Array.from(parts.train.y));
  writeFileSync(join(dir, "test.x"), parts.test.x);
  writeFileSync(join(dir, "test.y"), Int32Array.from(parts.test.y));
  const r = spawnSync(python, ["-c", script, dir, String(torchSeeds)], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`PyTorch failed: ${r.stderr.trim().split("\n").at(-1)}`);
  return r.stdout.trim().split("\n").map(Number);
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

async function main(): Promise<void> {
  const o = t.optimizer;
  console.log(
    `bench:accuracy — ${template.name}: ${t.epochs} epochs, batch ${t.batchSize}, Adam ${o.learningRate} ` +
      `(${o.schedule ? `schedule ${JSON.stringify(o.schedule)}` : `decay ${o.decay ?? 0}`}), label smoothing ${t.labelSmoothing ?? 0}, ` +
      `splits ${t.validationSplit} / ${t.testSplit}, ${new Date().toISOString().slice(0, 10)}`,
  );
  const dir = mkdtempSync(join(tmpdir(), "cnn-accuracy-"));
  const data = loadDataset(t.dataset, { modelDir: root, builtinDir: join(root, "dist", "datasets"), inputShape: [28, 28, 1] });
  const all = { ours: [] as number[], torch: [] as number[] };
  for (const seed of seeds) {
    const a = await ours(dir, seed);
    const p = pytorch(dir, data, seed);
    all.ours.push(a);
    all.torch.push(...p);
    console.log(`split seed ${seed}: our trainer ${pct(a)} · PyTorch ${p.map(pct).join(", ")}`);
  }
  console.log(
    `mean test accuracy: our trainer ${pct(mean(all.ours))} (${all.ours.length} runs) · PyTorch ${pct(mean(all.torch))} (${all.torch.length} runs); ` +
      `best ${pct(Math.max(...all.ours))} / ${pct(Math.max(...all.torch))}`,
  );
}

void main();

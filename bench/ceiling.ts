/**
 * The ceiling of the wasm backend against PyTorch on the pooling article's model, whose time is all matrix
 * products (`npm run bench:train`, line 8): a wasm matrix product (tfjs' XNNPACK GEMM: 128-bit SIMD, no fused
 * multiply-add, one thread in Node) against PyTorch's at the same thread count, and the seed model trained by a
 * bare PyTorch script at that thread count. The model's ratio, divided by the product's, is how near the wasm path
 * comes to what its matrix products allow (goal ≥ 0.6). PyTorch's product is timed twice: `torch.mm` (whatever
 * BLAS the build has: Debian's python3-torch says BLAS_INFO=generic, the reference BLAS) and the same product as
 * the 3×3 convolution it is (oneDNN, AVX-512 with fused multiply-add), which is what PyTorch's training runs; the
 * faster of the two is the ceiling.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../src/trainer/backends";
import { python } from "../test/interop/tools";

const root = join(__dirname, "..", "..");

/** The GEMM of the model's last convolution (128 → 128, 3×3, 28×28 in, 26×26 out) for 8 samples: M × K by K × N. */
export const gemm = { m: 8 * 26 * 26, k: 3 * 3 * 128, n: 128 };

/** GFLOP/s of tfjs' matMul on wasm for `gemm`, best of a few. */
export async function wasmGemm(): Promise<number> {
  await selectBackend({ forced: "wasm", wasmDir: join(root, "node_modules", "@tensorflow", "tfjs-backend-wasm", "dist") });
  const a = tf.randomNormal([gemm.m, gemm.k]);
  const b = tf.randomNormal([gemm.k, gemm.n]);
  let best = Infinity;
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    const c = tf.matMul(a, b);
    c.dataSync();
    best = Math.min(best, performance.now() - t);
    c.dispose();
  }
  tf.dispose([a, b]);
  return (2 * gemm.m * gemm.k * gemm.n) / (best / 1000) / 1e9;
}

/**
 * GFLOP/s of `gemm` in PyTorch, as torch.mm and as the convolution (oneDNN), and the seed model's samples/s in a bare
 * PyTorch script, at `threads`.
 */
export function torchCeiling(threads: number): { mm: number; conv: number; seedModel: number } {
  const script = `
import time, torch, torch.nn as nn
torch.set_num_threads(${threads}); torch.set_flush_denormal(True); torch.manual_seed(0)
a, b = torch.randn(${gemm.m}, ${gemm.k}), torch.randn(${gemm.k}, ${gemm.n})
def rate(f):
    best = 1e9
    for _ in range(6):
        t = time.perf_counter(); f(); best = min(best, time.perf_counter() - t)
    return 2 * ${gemm.m} * ${gemm.k} * ${gemm.n} / best / 1e9
x, w = torch.randn(8, 128, 28, 28), torch.randn(128, 128, 3, 3)
mm, conv = rate(lambda: a.mm(b)), rate(lambda: nn.functional.conv2d(x, w))
m = nn.Sequential(nn.Conv2d(3, 128, 3), nn.ReLU(), nn.Conv2d(128, 128, 3), nn.ReLU(), nn.Conv2d(128, 128, 3), nn.ReLU(),
                  nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, 10))
opt = torch.optim.Adam(m.parameters(), lr=0.001, eps=1e-7)
x, y = torch.rand(128, 3, 32, 32), torch.randint(0, 10, (128,))
def step():
    opt.zero_grad(); nn.functional.cross_entropy(m(x), y).backward(); opt.step()
step()
t = time.perf_counter()
for _ in range(3): step()
print(mm, conv, 3 * 128 / (time.perf_counter() - t))`;
  const r = spawnSync(python, ["-c", script], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`PyTorch failed: ${r.stderr}`);
  const [mm, conv, seedModel] = r.stdout.trim().split(" ").map(Number);
  return { mm, conv, seedModel };
}

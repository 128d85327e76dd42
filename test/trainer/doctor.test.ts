import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { formatMessage, msg, spanishCatalogue, type Message } from "../../src/core";
import { checkEnvironment, chosenGpu } from "../../src/trainer/doctor";
import type { TorchProbe } from "../../src/trainer/pytorch/probe";
import { cli, python, root } from "./trainerHelpers";

const wasmDir = join(root, "node_modules", "@tensorflow", "tfjs-backend-wasm", "dist");
const h100 = ["NVIDIA H100 80GB HBM3, 550.54.15, 81559 MiB, 9.0"];
const torch = (cuda: string | null, problem: string | null = null): TorchProbe => ({
  python: "3.12.3",
  executable: "/usr/bin/python3",
  torch: "2.5.1",
  cuda,
  cudnn: null,
  gpus: [],
  mps: false,
  cpus: 16,
  cudaProblem: problem,
});

/** The report as `--json` prints it: each backend's detail and fix in English words. */
interface JsonReport {
  readonly chosen: string | null;
  readonly backends: readonly { backend: string; works: boolean; detail: string; fix: string | null }[];
  readonly nvidiaSmi: readonly string[] | string;
}

/** A message in English. */
const en = (m: Message | null | undefined) => (m ? formatMessage(m) : "");

/** `cnn-designer doctor --json` with these arguments. */
function doctor(...args: string[]): JsonReport {
  const r = spawnSync(process.execPath, [cli, "doctor", "--json", ...args], { encoding: "utf8", timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as JsonReport;
}

describe("the training environment check (cnn-designer doctor)", function () {
  this.timeout(120_000);
  after(() => tf.setBackend("cpu"));

  it("finds Debian's torch and says a run trains on it; without torch or Python, says why and the fix", () => {
    const debian = doctor("--python", python);
    assert.equal(debian.chosen, "pytorch");
    assert.deepEqual(
      debian.backends.map((b) => [b.backend, b.works]),
      [
        ["tensorflow-gpu", false],
        ["pytorch", true],
        ["tensorflow", false],
        ["wasm", true],
        ["cpu", true],
      ],
    );
    assert.match(debian.backends[1].detail, /^CPU: \d+ threads, PyTorch 1\.\d+/);
    assert.match(
      debian.backends[0].fix ?? "",
      /^CNN Designer: Install GPU Backend \(tfjs-node-gpu 4\.22 needs CUDA 11\.2 and cuDNN 8\.1\)/,
    );

    const none = doctor("--python", "/nonexistent/python3");
    assert.equal(none.chosen, "wasm");
    assert.equal(none.backends[0].backend, "pytorch");
    assert.match(none.backends[0].fix ?? "", /^install Python 3 with PyTorch ≥ 1\.13, then set cnnDesigner\.training\.python/);
    // An interpreter that cannot import torch (its site-packages hidden): the pip command for that interpreter.
    const dir = mkdtempSync(join(tmpdir(), "cnn-no-torch-"));
    writeFileSync(join(dir, "python3"), `#!/bin/sh\nexec ${python} -S "$@"\n`, { mode: 0o755 });
    const bare = doctor("--python", join(dir, "python3"));
    assert.match(bare.backends[0].fix ?? "", new RegExp(`^(run )?${join(dir, "python3")} -m pip install (torch|numpy)`));
    // The words for a terminal: a line per backend, the fixes, the backend a run uses.
    const text = spawnSync(process.execPath, [cli, "doctor", "--python", python], { encoding: "utf8" }).stdout;
    assert.match(text, /^Training backends, in the order a run tries them:\n✗ tensorflow-gpu {2}not installed\n {18}fix: /);
    assert.match(text, /\nA run trains on: pytorch \(CPU: /);
    // In the terminal's language: the frame, each backend's detail and its fix in Spanish (versions as they are).
    const env = { ...process.env, LC_ALL: "", LC_MESSAGES: "", LANG: "es_ES.UTF-8" };
    const es = spawnSync(process.execPath, [cli, "doctor", "--python", python], { encoding: "utf8", env }).stdout;
    assert.match(
      es,
      /^Backends de entrenamiento, en el orden en que los prueba una ejecución:\n✗ tensorflow-gpu {2}no está instalado\n {18}solución: CNN Designer: Instalar backend de GPU \(tfjs-node-gpu 4\.22 necesita CUDA 11\.2/,
    );
    assert.match(es, /\nUna ejecución entrena con: pytorch \(CPU: \d+ hilos, PyTorch 1\.\d+/);
    assert.match(es, /\n✓ wasm +CPU: .*WebAssembly \(SIMD.*\) con los kernels de gradiente de convolución de CNN Designer\n/);
    assert.doesNotMatch(es, /not installed|plain JavaScript|threads|fix:/);
  });

  it("on a machine with an NVIDIA GPU, says why torch stays on the CPU: a CPU-only build, or a driver too old", async () => {
    const cpuBuild = await checkEnvironment({ probe: async () => torch(null), wasmDir }, async () => h100);
    const pytorch = cpuBuild.backends.find((b) => b.backend === "pytorch");
    assert.equal(
      en(pytorch?.fix),
      "this torch 2.5.1 is a CPU-only build, but nvidia-smi sees NVIDIA H100 80GB HBM3: install a CUDA build of torch (pytorch.org/get-started/locally)",
    );
    assert.match(
      formatMessage(pytorch?.fix ?? msg("fix.noDevice"), spanishCatalogue),
      /^este torch 2\.5\.1 es una compilación solo para CPU, /,
    );
    const oldDriver = await checkEnvironment(
      { probe: async () => torch("12.4", "CUDA driver version is insufficient for CUDA runtime version"), wasmDir },
      async () => h100,
    );
    assert.match(
      en(oldDriver.backends.find((b) => b.backend === "pytorch")?.fix),
      /^torch 2\.5\.1 was built for CUDA 12\.4 but cannot use NVIDIA H100 80GB HBM3 \(CUDA driver version is insufficient.*\): install an NVIDIA driver that supports CUDA 12\.4$/,
    );
    // Without a GPU there is nothing to fix.
    const plain = await checkEnvironment({ probe: async () => torch(null), wasmDir }, async () => msg("smi.notFound"));
    assert.equal(plain.backends.find((b) => b.backend === "pytorch")?.fix, null);
  });

  it("the GPU a run would use and its memory, for will-it-fit: torch's figure, else nvidia-smi's, else none", async () => {
    const cuda = {
      ...torch("12.4"),
      gpus: [
        { name: "A", memory: 8 * 2 ** 30, capability: "8.6" },
        { name: "B", memory: 24 * 2 ** 30, capability: "8.9" },
      ],
    };
    assert.deepEqual(chosenGpu(cuda, h100, undefined), { name: "A", memoryBytes: 8 * 2 ** 30 });
    assert.deepEqual(chosenGpu(cuda, h100, 1), { name: "B", memoryBytes: 24 * 2 ** 30 });
    // A CPU-only torch on a machine with a GPU: nvidia-smi's memory.total, in MiB.
    assert.deepEqual(chosenGpu(torch(null), h100, undefined), { name: "NVIDIA H100 80GB HBM3", memoryBytes: 81559 * 2 ** 20 });
    assert.equal(chosenGpu(msg("probe.noTorch", { python: "/usr/bin/python3" }), msg("smi.notFound"), undefined), null);
    assert.equal(chosenGpu(torch(null), ["garbled"], undefined), null);
    const report = await checkEnvironment({ probe: async () => torch(null), wasmDir }, async () => h100);
    assert.deepEqual(report.gpu, { name: "NVIDIA H100 80GB HBM3", memoryBytes: 81559 * 2 ** 20 });
  });
});

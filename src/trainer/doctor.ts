/**
 * The training environment check (`cnn-designer doctor`, Check Training Environment), run in the trainer's
 * bundle as a process of its own, never in the extension host: every backend in the order runs try them, whether
 * it loads and on what, and for each that cannot run — or runs below what the machine has — the fix.
 */
import { execFile } from "node:child_process";
import { arch, platform, release } from "node:os";
import type { BackendCheck, BackendName, EnvironmentReport } from "../protocol/trainer";
import { backendOrder, tryBackend, type BackendOptions } from "./backends";
import { probeTorch, pythonCommand, torchDevice, type TorchProbe } from "./pytorch/probe";

/** What nvidia-smi says of each GPU, or why it says nothing (not installed: no NVIDIA driver). */
function nvidiaSmi(): Promise<string[] | string> {
  const query = ["--query-gpu=name,driver_version,memory.total,compute_cap", "--format=csv,noheader"];
  return new Promise((resolve) =>
    execFile("nvidia-smi", query, { timeout: 10_000 }, (error, stdout) => {
      if ((error as NodeJS.ErrnoException | null)?.code === "ENOENT") resolve("not found (no NVIDIA driver installed)");
      else if (error) resolve(`failed: ${String(error.message).split("\n")[0]}`);
      else resolve(stdout.trim().split("\n").filter(Boolean));
    }),
  );
}

/** The fix for the pytorch backend: why it cannot run, or why it runs on the CPU on a machine with a GPU. */
function torchFix(python: string, probe: TorchProbe | string, gpus: string[] | string): string | null {
  const pip = (what: string) => `${python} -m pip install ${what}`;
  if (typeof probe === "string") {
    if (probe.startsWith("no Python"))
      return "install Python 3 with PyTorch ≥ 1.13, then set cnnDesigner.training.python (or --python) to that interpreter";
    if (probe.startsWith("torch is not installed")) return `${pip("torch")} (for a CUDA build, see pytorch.org/get-started/locally)`;
    if (probe.startsWith("numpy is not installed")) return pip("numpy");
    if (probe.includes("is older than")) return pip("--upgrade torch");
    return "check that this interpreter imports torch: python -c 'import torch'";
  }
  const device = torchDevice(probe, undefined);
  const nvidia = Array.isArray(gpus) && gpus.length > 0 ? gpus[0].split(",")[0].trim() : null;
  if (device.accelerated || !nvidia) return null;
  if (!probe.cuda)
    return `this torch ${probe.torch} is a CPU-only build, but nvidia-smi sees ${nvidia}: install a CUDA build of torch (pytorch.org/get-started/locally)`;
  return `torch ${probe.torch} was built for CUDA ${probe.cuda} but cannot use ${nvidia} (${probe.cudaProblem ?? "no device"}): install an NVIDIA driver that supports CUDA ${probe.cuda}`;
}

/** The fix for a tfjs backend that cannot run. */
function tfjsFix(name: BackendName, reason: string): string | null {
  if (name === "tensorflow-gpu") {
    if (reason === "not installed")
      return "CNN Designer: Install GPU Backend (tfjs-node-gpu 4.22 needs CUDA 11.2 and cuDNN 8.1); on a newer CUDA, the pytorch backend trains on the GPU";
    if (/libcudart\.so\.11|libcudnn|\.so\.\d/.test(reason))
      return "tfjs-node-gpu 4.22 needs CUDA 11.2's and cuDNN 8.1's libraries, which CUDA 12 systems lack: install them beside, or train on the GPU with the pytorch backend";
    return "check the NVIDIA driver (nvidia-smi), or train on the GPU with the pytorch backend";
  }
  if (name === "tensorflow" && reason === "not installed")
    return "npm install @tensorflow/tfjs-node in a folder, and name it in cnnDesigner.training.modulePath (or --module-path)";
  return null;
}

/**
 * The GPU a run would use (`gpu`, else the first) and its memory: torch's figure where torch sees it, else
 * nvidia-smi's `memory.total` ("81559 MiB"); null without a GPU.
 */
export function chosenGpu(probe: TorchProbe | string, smi: readonly string[] | string, gpu: number | undefined): EnvironmentReport["gpu"] {
  const index = gpu ?? 0;
  if (typeof probe !== "string" && probe.gpus.length > 0) {
    const g = probe.gpus[index < probe.gpus.length ? index : 0];
    return { name: g.name, memoryBytes: g.memory };
  }
  if (typeof smi === "string" || smi.length === 0) return null;
  const fields = (smi[index < smi.length ? index : 0] ?? "").split(",").map((f) => f.trim());
  const mib = /^(\d+(?:\.\d+)?)\s*MiB$/.exec(fields[2] ?? "");
  return mib ? { name: fields[0], memoryBytes: Math.round(Number(mib[1]) * 2 ** 20) } : null;
}

/** Checks every backend, as a run would try them (`smi` asks nvidia-smi; tests put a fake machine's answer here). */
export async function checkEnvironment(options: BackendOptions, smi = nvidiaSmi): Promise<EnvironmentReport> {
  const python = pythonCommand(options.python);
  const [probe, gpus] = await Promise.all([(options.probe ?? probeTorch)(python), smi()]);
  const onCpu = typeof probe !== "string" && !torchDevice(probe, options.gpu).accelerated;
  const backends: BackendCheck[] = [];
  for (const name of backendOrder(onCpu)) {
    const got = await tryBackend(name, options, python, probe);
    const works = typeof got !== "string";
    const reason = typeof got === "string" ? got : "";
    const fix = name === "pytorch" ? torchFix(python, probe, gpus) : works ? null : tfjsFix(name, reason);
    backends.push({ backend: name, works, detail: works ? got.device : reason, fix });
  }
  return {
    backends,
    chosen: backends.find((b) => b.works)?.backend ?? null,
    python,
    nvidiaSmi: gpus,
    gpu: chosenGpu(probe, gpus, options.gpu),
    node: process.version,
    platform: `${platform()} ${release()} ${arch()}`,
  };
}

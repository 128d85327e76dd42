/**
 * The training environment check (`cnn-designer doctor`, Check Training Environment), run in the trainer's
 * bundle as a process of its own, never in the extension host: every backend in the order runs try them, whether
 * it loads and on what, and for each that cannot run — or runs below what the machine has — the fix.
 */
import { execFile } from "node:child_process";
import { arch, platform, release } from "node:os";
import { isMessage, msg, type Message } from "../core";
import type { BackendCheck, BackendName, EnvironmentReport } from "../protocol/trainer";
import { backendOrder, tryBackend, type BackendOptions } from "./backends";
import { probeTorch, pythonCommand, torchDevice, type TorchProbe } from "./pytorch/probe";

/** What nvidia-smi says of each GPU, or why it says nothing (not installed: no NVIDIA driver). */
function nvidiaSmi(): Promise<string[] | Message> {
  const query = ["--query-gpu=name,driver_version,memory.total,compute_cap", "--format=csv,noheader"];
  return new Promise((resolve) =>
    execFile("nvidia-smi", query, { timeout: 10_000 }, (error, stdout) => {
      if ((error as NodeJS.ErrnoException | null)?.code === "ENOENT") resolve(msg("smi.notFound"));
      else if (error) resolve(msg("smi.failed", { error: String(error.message).split("\n")[0] }));
      else resolve(stdout.trim().split("\n").filter(Boolean));
    }),
  );
}

/** The fix for the pytorch backend: why it cannot run, or why it runs on the CPU on a machine with a GPU. */
function torchFix(python: string, probe: TorchProbe | Message, gpus: readonly string[] | Message): Message | null {
  const pip = (what: string) => `${python} -m pip install ${what}`;
  if (isMessage(probe)) {
    if (probe.id === "probe.noPython") return msg("fix.installPython");
    if (probe.id === "probe.noTorch") return msg("fix.installTorch", { command: pip("torch") });
    if (probe.id === "probe.noNumpy") return msg("fix.run", { command: pip("numpy") });
    if (probe.id === "probe.tooOld") return msg("fix.run", { command: pip("--upgrade torch") });
    return msg("fix.checkImport");
  }
  const device = torchDevice(probe, undefined);
  const nvidia = Array.isArray(gpus) && gpus.length > 0 ? gpus[0].split(",")[0].trim() : null;
  if (device.accelerated || !nvidia) return null;
  if (!probe.cuda) return msg("fix.cpuOnlyTorch", { torch: probe.torch, gpu: nvidia });
  const problem = probe.cudaProblem ?? msg("fix.noDevice");
  return msg("fix.cudaDriver", { torch: probe.torch, cuda: probe.cuda, gpu: nvidia, problem });
}

/** The fix for a tfjs backend that cannot run. */
function tfjsFix(name: BackendName, reason: Message): Message | null {
  if (name === "tensorflow-gpu") {
    if (reason.id === "backend.notInstalled") return msg("fix.installGpuBackend");
    const error = String(reason.args.error ?? "");
    if (/libcudart\.so\.11|libcudnn|\.so\.\d/.test(error)) return msg("fix.cuda11Libraries");
    return msg("fix.checkDriver");
  }
  if (name === "tensorflow" && reason.id === "backend.notInstalled") return msg("fix.installTfjsNode");
  return null;
}

/**
 * The GPU a run would use (`gpu`, else the first) and its memory: torch's figure where torch sees it, else
 * nvidia-smi's `memory.total` ("81559 MiB"); null without a GPU.
 */
export function chosenGpu(
  probe: TorchProbe | Message,
  smi: readonly string[] | Message,
  gpu: number | undefined,
): EnvironmentReport["gpu"] {
  const index = gpu ?? 0;
  if (!isMessage(probe) && probe.gpus.length > 0) {
    const g = probe.gpus[index < probe.gpus.length ? index : 0];
    return { name: g.name, memoryBytes: g.memory };
  }
  if (isMessage(smi) || smi.length === 0) return null;
  const rows: readonly string[] = smi;
  const fields = (rows[index < rows.length ? index : 0] ?? "").split(",").map((f) => f.trim());
  const mib = /^(\d+(?:\.\d+)?)\s*MiB$/.exec(fields[2] ?? "");
  return mib ? { name: fields[0], memoryBytes: Math.round(Number(mib[1]) * 2 ** 20) } : null;
}

/** Checks every backend, as a run would try them (`smi` asks nvidia-smi; tests put a fake machine's answer here). */
export async function checkEnvironment(options: BackendOptions, smi = nvidiaSmi): Promise<EnvironmentReport> {
  const python = pythonCommand(options.python);
  const [probe, gpus] = await Promise.all([(options.probe ?? probeTorch)(python), smi()]);
  const onCpu = !isMessage(probe) && !torchDevice(probe, options.gpu).accelerated;
  const backends: BackendCheck[] = [];
  for (const name of backendOrder(onCpu)) {
    const got = await tryBackend(name, options, python, probe);
    const fix = name === "pytorch" ? torchFix(python, probe, gpus) : isMessage(got) ? tfjsFix(name, got) : null;
    backends.push({ backend: name, works: !isMessage(got), detail: isMessage(got) ? got : got.device, fix });
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

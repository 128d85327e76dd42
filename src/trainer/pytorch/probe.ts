/**
 * Finds PyTorch for the pytorch backend: runs the user's Python (the interpreter the client names, else
 * `CNN_DESIGNER_PYTHON`, else `python3` on PATH) once, in its own process, and reads what it has — Python, torch,
 * CUDA, cuDNN and each GPU, Apple's MPS, the CPU's cores — or why it cannot train, with the fix.
 */
import { spawn } from "node:child_process";
import { msg, type Message } from "../../core";

/** The oldest torch the backend runs on (Debian 12's python3-torch). */
export const minimumTorch = [1, 13] as const;

/** A CUDA device as torch sees it. */
export interface TorchGpu {
  readonly name: string;
  readonly memory: number;
  readonly capability: string;
}

/** What the user's Python has. */
export interface TorchProbe {
  readonly python: string;
  readonly executable: string;
  readonly torch: string;
  readonly cuda: string | null;
  readonly cudnn: number | null;
  readonly gpus: readonly TorchGpu[];
  readonly mps: boolean;
  readonly cpus: number;
  /** Why torch has no usable CUDA device though it was built for CUDA (no driver, a driver too old …); else null. */
  readonly cudaProblem: string | null;
}

/** Probes an interpreter: its findings, or why the backend cannot use it (with the fix) as a message. */
export type TorchProber = (python: string, stopped?: () => boolean) => Promise<TorchProbe | Message>;

/** What a probe that a Stop cut short answers. */
export const probeStopped: Message = msg("probe.stopped");

// (A watcher thread ends the probe when its parent goes: the probe runs in a group of its own, which a trainer
// killed meanwhile would leave behind.)
const script = `
import json, os, sys, threading, time, warnings
def _watch(parent=os.getppid()):
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
threading.Thread(target=_watch, daemon=True).start()
out = {"python": sys.version.split()[0], "executable": sys.executable, "cpus": os.cpu_count() or 1}
try:
    import numpy
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        import torch
        cuda = torch.cuda.is_available()
except Exception as e:
    out["error"] = f"{type(e).__name__}: {e}"
else:
    out.update(torch=torch.__version__, cuda=torch.version.cuda, cudnn=None, gpus=[], cudaProblem=None)
    if cuda:
        out["cudnn"] = torch.backends.cudnn.version()
        for i in range(torch.cuda.device_count()):
            p = torch.cuda.get_device_properties(i)
            out["gpus"].append({"name": p.name, "memory": p.total_memory, "capability": f"{p.major}.{p.minor}"})
    elif torch.version.cuda:
        said = [str(w.message).split(". ")[0] for w in caught]
        out["cudaProblem"] = said[0] if said else "torch.cuda.is_available() is False"
    mps = getattr(torch.backends, "mps", None)
    out["mps"] = bool(mps and mps.is_available())
print(json.dumps(out))
`;

/** The interpreter to run: the client's choice, then CNN_DESIGNER_PYTHON, then python3 on PATH. */
export function pythonCommand(chosen: string | undefined): string {
  return chosen || process.env.CNN_DESIGNER_PYTHON || "python3";
}

const older = (v: string) => {
  const [major, minor] = v.split(/[.+a-z]/i).map(Number);
  return major < minimumTorch[0] || (major === minimumTorch[0] && minor < minimumTorch[1]);
};

/** The probe's Python (a test runs it under a parent it kills). */
export const probeScript = script;

/** Runs `python -c script` in a process group of its own; its output, or null when it did not end within `ms`. */
function runGroup(
  python: string,
  ms: number,
  stopped: () => boolean,
): Promise<{ stdout: string; stderr: string; code: number | null; error?: NodeJS.ErrnoException } | null> {
  return new Promise((resolve) => {
    const child = spawn(python, ["-c", script], {
      stdio: ["ignore", "pipe", "pipe"],
      detached: process.platform !== "win32",
      windowsHide: true,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout = (stdout + c.toString()).slice(-(1 << 20))));
    child.stderr.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-(1 << 16))));
    // A Python that hangs (or a Stop meanwhile) ends it, and whatever it started, with its group.
    const end = () => {
      clearTimeout(timer);
      clearInterval(poll);
      try {
        if (child.pid && process.platform !== "win32") process.kill(-child.pid, "SIGKILL");
        else child.kill("SIGKILL");
      } catch {
        // gone meanwhile
      }
      resolve(null);
    };
    const timer = setTimeout(end, ms);
    const poll = setInterval(() => stopped() && end(), 100);
    child.on("error", (error) => {
      clearTimeout(timer);
      clearInterval(poll);
      resolve({ stdout, stderr, code: null, error });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      clearInterval(poll);
      resolve({ stdout, stderr, code });
    });
  });
}

const isProbe = (v: unknown): v is Partial<TorchProbe> & { error?: string } =>
  typeof v === "object" &&
  v !== null &&
  typeof (v as { python?: unknown }).python === "string" &&
  typeof (v as { executable?: unknown }).executable === "string";

/** Runs the probe with `python` (60 s at most: a first torch import on a cold disk is slow). */
export const probeTorch: TorchProber = async (python, stopped = () => false) => {
  const r = await runGroup(python, 60_000, stopped);
  if (r === null) return stopped() ? probeStopped : msg("probe.noAnswer", { python });
  if (r.error?.code === "ENOENT" || r.error?.code === "EACCES" || r.error?.code === "EISDIR") return msg("probe.noPython", { python });
  let found: unknown;
  try {
    found = JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "");
  } catch {
    found = undefined;
  }
  if (!isProbe(found)) {
    const said = r.stderr.trim().split("\n").at(-1)?.slice(0, 200);
    return said ? msg("probe.notPython", { python, said }) : msg("probe.exited", { python, code: String(r.code) });
  }
  const executable = found.executable ?? python;
  if (found.error?.includes("No module named 'torch'")) return msg("probe.noTorch", { python: executable });
  if (found.error?.includes("No module named 'numpy'")) return msg("probe.noNumpy", { python: executable });
  if (found.error) return msg("probe.torchFails", { python: executable, error: found.error.slice(0, 200) });
  if (typeof found.torch !== "string" || !Array.isArray(found.gpus)) return msg("probe.noVersion", { python });
  if (older(found.torch)) return msg("probe.tooOld", { torch: found.torch, python: executable, minimum: minimumTorch.join(".") });
  return found as TorchProbe;
};

/** The device a run uses: the chosen CUDA device, else the first; else MPS; else the CPU. */
export function torchDevice(
  p: TorchProbe,
  gpu: number | undefined,
): { device: string; accelerated: boolean; words: Message; memory?: number } {
  const library = `PyTorch ${p.torch}, Python ${p.python}`;
  if (p.gpus.length > 0) {
    const index = gpu !== undefined && gpu < p.gpus.length ? gpu : 0;
    const g = p.gpus[index];
    const gib = (g.memory / 2 ** 30).toFixed(0);
    return {
      device: `cuda:${index}`,
      accelerated: true,
      memory: g.memory,
      words: msg("device.cuda", {
        index,
        name: g.name,
        gib,
        capability: g.capability,
        cuda: String(p.cuda),
        cudnn: String(p.cudnn),
        library,
      }),
    };
  }
  if (p.mps) return { device: "mps", accelerated: true, words: msg("device.mps", { library }) };
  return { device: "cpu", accelerated: false, words: msg("device.torchCpu", { threads: p.cpus, library }) };
}

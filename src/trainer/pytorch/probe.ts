/**
 * Finds PyTorch for the pytorch backend: runs the user's Python (the interpreter the client names, else
 * `CNN_DESIGNER_PYTHON`, else `python3` on PATH) once, in its own process, and reads what it has — Python, torch,
 * CUDA, cuDNN and each GPU, Apple's MPS, the CPU's cores — or why it cannot train, with the fix.
 */
import { execFile } from "node:child_process";

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

/** Probes an interpreter: its findings, or why the backend cannot use it (with the fix) as a string. */
export type TorchProber = (python: string) => Promise<TorchProbe | string>;

const script = `
import json, os, sys, warnings
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

/** Runs the probe with `python` (60 s at most: a first torch import on a cold disk is slow). */
export const probeTorch: TorchProber = (python) =>
  new Promise((resolve) => {
    execFile(python, ["-c", script], { timeout: 60_000, maxBuffer: 1 << 20, windowsHide: true }, (error, stdout, stderr) => {
      const err = error as (NodeJS.ErrnoException & { killed?: boolean }) | null;
      if (err?.code === "ENOENT")
        return resolve(`no Python at '${python}' (set cnnDesigner.training.python, or --python, to an interpreter with torch)`);
      if (err?.killed) return resolve(`'${python}' did not answer within 60 s`);
      let found: Partial<TorchProbe> & { error?: string };
      try {
        found = JSON.parse(stdout.trim().split("\n").at(-1) ?? "");
      } catch {
        const said = (stderr || String(err?.message ?? "")).trim().split("\n").at(-1);
        return resolve(`'${python}' failed: ${said?.slice(0, 200) ?? "no output"}`);
      }
      if (found.error?.includes("No module named 'torch'"))
        return resolve(`torch is not installed for ${found.executable} (pip install torch, or choose another interpreter)`);
      if (found.error?.includes("No module named 'numpy'"))
        return resolve(`numpy is not installed for ${found.executable} (pip install numpy)`);
      if (found.error) return resolve(`torch does not load in ${found.executable}: ${found.error.slice(0, 200)}`);
      if (older(found.torch ?? "0"))
        return resolve(`torch ${found.torch} in ${found.executable} is older than ${minimumTorch.join(".")} (pip install --upgrade torch)`);
      resolve(found as TorchProbe);
    });
  });

/** The device a run uses: the chosen CUDA device, else the first; else MPS; else the CPU. */
export function torchDevice(p: TorchProbe, gpu: number | undefined): { device: string; accelerated: boolean; words: string } {
  const lib = `PyTorch ${p.torch}, Python ${p.python}`;
  if (p.gpus.length > 0) {
    const index = gpu !== undefined && gpu < p.gpus.length ? gpu : 0;
    const g = p.gpus[index];
    const gib = (g.memory / 2 ** 30).toFixed(0);
    return {
      device: `cuda:${index}`,
      accelerated: true,
      words: `GPU ${index}: ${g.name} (${gib} GiB, compute capability ${g.capability}), CUDA ${p.cuda}, cuDNN ${p.cudnn}, ${lib}`,
    };
  }
  if (p.mps) return { device: "mps", accelerated: true, words: `Apple GPU (MPS), ${lib}` };
  return { device: "cpu", accelerated: false, words: `CPU: ${p.cpus} threads, ${lib}` };
}

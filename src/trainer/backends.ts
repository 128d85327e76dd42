/**
 * Picks the fastest backend that works, in order: PyTorch on a CUDA or Apple GPU (the user's Python, see
 * pytorch/probe.ts) → `@tensorflow/tfjs-node-gpu` (libtensorflow with CUDA) → PyTorch on the CPU →
 * `@tensorflow/tfjs-node` (libtensorflow on the CPU) → `@tensorflow/tfjs-backend-wasm` (with our gradient kernels)
 * → the pure-JS `cpu` backend, and says why each faster one was passed over. The native packages are never
 * bundled: they are resolved at run time from the given folders (the extension's storage, a setting) and then from
 * the trainer's own location. On the pytorch backend, tfjs (wasm, else cpu) still builds the model's initial
 * weights, adapts Normalization layers and writes the run's files.
 */
import { createRequire } from "node:module";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import * as bundled from "@tensorflow/tfjs";
import { getThreadsCount, setThreadsCount, setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { englishCatalogue, formatMessage, isMessage, joined, type Message } from "../core";
import { backendNames, type BackendName, type SkippedBackend } from "../protocol/trainer";
import { registerWasmKernels } from "./kernels/register";
import { startThreaded } from "./wasmThreads";
import { probeStopped, probeTorch, pythonCommand, torchDevice, type TorchProbe, type TorchProber } from "./pytorch/probe";
import { msg, say } from "./say";

/** A Stop came while the interpreter was probed: no backend was chosen. */
export class ProbeStopped extends Error {}

/** The tfjs namespace training uses: the bundled one, or the one a native package brings. */
export type Tf = typeof bundled;

/** Loads module `id` the way `require` does, looking in `paths` first; throws as `require` throws. */
export type ModuleLoader = (id: string, paths: readonly string[]) => unknown;

/** The backend chosen. */
export interface SelectedBackend {
  readonly tf: Tf;
  readonly backend: BackendName;
  /** What it runs on, in words. */
  readonly device: Message;
  readonly skipped: readonly Skipped[];
  /**
   * On the pytorch backend: the interpreter, the device (`cuda:0`, `mps`, `cpu`), the threads to use, and the
   * device's memory in bytes (a GPU's own; the machine's for the CPU and Apple's unified memory).
   */
  readonly torch?: { readonly python: string; readonly device: string; readonly threads: number; readonly memory: number };
}

/** A faster backend passed over, and why. */
export interface Skipped {
  readonly backend: BackendName;
  readonly reason: Message;
}

/** The skipped backends as the start event and the run's record keep them: in English, as `--json` is. */
export const skippedInEnglish = (skipped: readonly Skipped[]): SkippedBackend[] =>
  skipped.map((s) => ({ backend: s.backend, reason: formatMessage(s.reason, englishCatalogue) }));

/** Options for `selectBackend`. */
export interface BackendOptions {
  /** Use this backend or fail (no fallback). */
  readonly forced?: BackendName;
  /** Folders that may hold node_modules/@tensorflow/tfjs-node(-gpu). */
  readonly modulePaths?: readonly string[];
  /** Where the wasm binaries are (default: beside the running bundle). */
  readonly wasmDir?: string;
  /** The module loader (tests put a fake tfjs-node-gpu here). */
  readonly load?: ModuleLoader;
  /** The Python interpreter for the pytorch backend (default: `pythonCommand`). */
  readonly python?: string;
  /** The CUDA device to train on (an index among those CUDA_VISIBLE_DEVICES leaves); default the first. */
  readonly gpu?: number;
  /** How the interpreter is probed (tests put a fake here). */
  readonly probe?: TorchProber;
  /** Threads for the wasm backend's matrix products and convolutions (tfjs' threaded build); 1 when absent. */
  readonly wasmThreads?: number;
  /** Whether a Stop came meanwhile: it cuts the probe short. */
  readonly stopped?: () => boolean;
}

/** `require` from each of `paths` in turn, then from the trainer itself. */
export const requireFrom: ModuleLoader = (id, paths) => {
  for (const p of paths) {
    try {
      return createRequire(join(p, "package.json"))(id);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND" || !String((e as Error).message).includes(id)) throw e;
    }
  }
  return createRequire(__filename)(id);
};

const cpuName = (): Message | string => {
  const list = cpus();
  const model = list[0]?.model.trim();
  return model ? `${list.length} × ${model}` : msg("device.unknownCpu");
};

/** Why loading a native package failed, in one line. */
function reason(e: unknown, id: string): Message {
  const err = e as NodeJS.ErrnoException;
  if (err.code === "MODULE_NOT_FOUND" && String(err.message).includes(id)) return msg("backend.notInstalled");
  const line = String(err.message ?? e).split("\n")[0];
  return msg("backend.failedToLoad", { error: line.length > 200 ? `${line.slice(0, 200)}…` : line });
}

const native: Record<"tensorflow-gpu" | "tensorflow", string> = {
  "tensorflow-gpu": "@tensorflow/tfjs-node-gpu",
  tensorflow: "@tensorflow/tfjs-node",
};

/** Tries one native package; returns the tf it brings or why not. */
async function tryNative(name: "tensorflow-gpu" | "tensorflow", options: BackendOptions): Promise<SelectedBackend | Message> {
  const id = native[name];
  let tf: Tf;
  try {
    tf = (options.load ?? requireFrom)(id, options.modulePaths ?? []) as Tf;
    await tf.ready();
  } catch (e) {
    return reason(e, id);
  }
  if (tf.getBackend() !== "tensorflow") return msg("backend.notTensorflow", { backend: tf.getBackend() });
  const onGpu = (tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true;
  if (name === "tensorflow-gpu" && !onGpu) return msg("backend.noCuda");
  const device = onGpu ? msg("device.libtensorflowGpu") : msg("device.libtensorflowCpu", { cpu: cpuName() });
  return { tf, backend: name, device, skipped: [] };
}

/** Tries the bundled tfjs with `backend` ("wasm" or "cpu"). */
async function tryBundled(name: "wasm" | "cpu", options: BackendOptions): Promise<SelectedBackend | Message> {
  try {
    if (name === "wasm") {
      setWasmPaths(`${options.wasmDir ?? __dirname}/`);
      registerWasmKernels();
    }
    // The plain-JavaScript backend's first tensor prints tfjs' advice to install tfjs-node into the log: the
    // backend line says what runs, and Install GPU Backend is the way to a faster one.
    if (name === "cpu") bundled.env().set("PROD", true);
    const threads = name === "wasm" ? (options.wasmThreads ?? 1) : 1;
    const allow = () => bundled.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
    const started =
      threads > 1
        ? await startThreaded(threads, { setThreads: setThreadsCount, allow }, () => bundled.setBackend(name))
        : await bundled.setBackend(name);
    if (!started) return msg("backend.failedToInit");
  } catch (e) {
    return msg("backend.failedToInitWith", { error: String((e as Error).message ?? e).split("\n")[0] });
  }
  const threads = name === "wasm" ? getThreadsCount() : 1;
  const cpu = cpuName();
  const device =
    name === "cpu"
      ? msg("device.javascript", { cpu })
      : threads > 1
        ? msg("device.wasmThreads", { cpu, threads })
        : msg("device.wasm", { cpu });
  return { tf: bundled, backend: name, device, skipped: [] };
}

/** The order backends are tried in: PyTorch on a GPU first; PyTorch on the CPU after tensorflow-gpu. */
export function backendOrder(torchOnCpu: boolean): readonly BackendName[] {
  return torchOnCpu ? ["tensorflow-gpu", "pytorch", "tensorflow", "wasm", "cpu"] : backendNames;
}

/** The pytorch backend on `probe`'s device, with tfjs (wasm, else cpu) on the side for the run's files. */
async function usePytorch(python: string, probe: TorchProbe, options: BackendOptions): Promise<SelectedBackend | Message> {
  const side = await tryBundled("wasm", options);
  const host = isMessage(side) ? await tryBundled("cpu", options) : side;
  if (isMessage(host)) return msg("backend.sideFailed", { reason: host });
  const d = torchDevice(probe, options.gpu);
  return {
    tf: host.tf,
    backend: "pytorch",
    device: d.words,
    skipped: [],
    torch: { python, device: d.device, threads: probe.cpus, memory: d.memory ?? totalmem() },
  };
}

/**
 * Whether `name` can run here: the backend as it would be selected, or why not. `probe` is the pytorch backend's
 * probe of `python` (made once by the caller).
 */
export async function tryBackend(
  name: BackendName,
  options: BackendOptions,
  python: string,
  probe: TorchProbe | Message | null,
): Promise<SelectedBackend | Message> {
  if (name === "pytorch") return probe === null ? msg("backend.notProbed") : isMessage(probe) ? probe : usePytorch(python, probe, options);
  return name === "wasm" || name === "cpu" ? tryBundled(name, options) : tryNative(name, options);
}

/**
 * Selects the backend: the forced one (an Error says why it cannot be used), or the first that works, with the
 * reasons the faster ones were skipped.
 */
export async function selectBackend(options: BackendOptions = {}): Promise<SelectedBackend> {
  const skipped: Skipped[] = [];
  const python = pythonCommand(options.python);
  const wantTorch = options.forced === undefined || options.forced === "pytorch";
  const probe = wantTorch ? await (options.probe ?? probeTorch)(python, options.stopped) : null;
  if (probe === probeStopped) throw new ProbeStopped(say(probeStopped));
  // A GPU asked for by number that is not there is a mistake to fix, not a reason to train on another (GPU 0, the
  // setting's default, on a machine without one is the CPU).
  const gpus = probe && !isMessage(probe) ? probe.gpus : [];
  if (probe && !isMessage(probe) && options.gpu !== undefined && (gpus.length > 0 || options.gpu > 0) && options.gpu >= gpus.length) {
    const seen = gpus.length
      ? msg("backend.cudaDevices", { count: gpus.length, devices: gpus.map((g, i) => `${i}: ${g.name}`).join(", ") })
      : msg("backend.noCudaDevice");
    const visible = process.env.CUDA_VISIBLE_DEVICES;
    const gpu = options.gpu;
    throw new Error(say(visible !== undefined ? msg("backend.noGpuVisible", { gpu, seen, visible }) : msg("backend.noGpu", { gpu, seen })));
  }
  // PyTorch on a GPU goes first; on the CPU, after tensorflow-gpu.
  const onCpu = probe !== null && !isMessage(probe) && !torchDevice(probe, options.gpu).accelerated;
  const order = options.forced ? [options.forced] : backendOrder(onCpu);
  for (const name of order as BackendName[]) {
    const got = await tryBackend(name, options, python, probe);
    if (!isMessage(got)) return { ...got, skipped };
    if (options.forced) throw new Error(say(msg("trainer.backendUnusable", { backend: name, reason: got })));
    skipped.push({ backend: name, reason: got });
  }
  const reasons = skipped.map((s) => msg("backend.skippedOne", { backend: s.backend, reason: s.reason }));
  throw new Error(say(msg("backend.noneWorks", { reasons: joined(reasons, "join.semicolon") })));
}

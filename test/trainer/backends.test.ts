import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { ProbeStopped, requireFrom, selectBackend, type BackendOptions, type ModuleLoader } from "../../src/trainer/backends";
import { formatMessage, isMessage, msg, spanishCatalogue, type Message } from "../../src/core";
import { probeScript, probeTorch, type TorchProbe } from "../../src/trainer/pytorch/probe";
import { python } from "./trainerHelpers";

const root = join(__dirname, "..", "..", "..");
const wasmDir = join(root, "node_modules", "@tensorflow", "tfjs-backend-wasm", "dist");

/** A loader where `modules` are installed (a module value, or an Error its loading throws) and nothing else is. */
function loader(modules: Record<string, unknown>): ModuleLoader {
  return (id) => {
    if (!(id in modules)) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: "MODULE_NOT_FOUND" });
    if (modules[id] instanceof Error) throw modules[id];
    return modules[id];
  };
}

/** A stand-in for a native tfjs package: a tf namespace whose backend is 'tensorflow', on a GPU or not. */
function fakeNative(onGpu: boolean) {
  return {
    ready: async () => undefined,
    getBackend: () => "tensorflow",
    backend: () => ({ isUsingGpuDevice: onGpu }),
  };
}

/** What a Python with torch 2.5 says: with `gpus` CUDA devices, or Apple's MPS. */
const torchWith = (gpus: number, mps = false): TorchProbe => ({
  python: "3.12.3",
  executable: "/usr/bin/python3",
  torch: "2.5.1",
  cuda: gpus ? "12.4" : null,
  cudnn: gpus ? 90100 : null,
  gpus: Array.from({ length: gpus }, (_, i) => ({ name: `NVIDIA H100 #${i}`, memory: 80 * 2 ** 30, capability: "9.0" })),
  mps,
  cpus: 16,
  cudaProblem: null,
});

/** Selection with no Python: the tfjs backends' own tests. */
const select = (o: BackendOptions) => selectBackend({ probe: async () => msg("probe.noPython", { python: "python3" }), ...o });

/** A message in English, as the record and `--json` keep it. */
const en = (m: Message) => formatMessage(m);

/** The skipped backends in English. */
const skippedWords = (s: { skipped: readonly { backend: string; reason: Message }[] }) =>
  s.skipped.map((k) => ({ backend: k.backend, reason: en(k.reason) }));

/** A probe's answer in English (its reason when it found no torch). */
const probeWords = (p: TorchProbe | Message): string => (isMessage(p) ? en(p) : JSON.stringify(p));

describe("backend selection", () => {
  after(() => tf.setBackend("cpu"));

  it("falls back to wasm when neither native package is installed, and says why each was skipped", async () => {
    const s = await select({ load: loader({}), wasmDir });
    assert.equal(s.backend, "wasm");
    assert.equal(tf.getBackend(), "wasm");
    assert.deepEqual(skippedWords(s), [
      {
        backend: "pytorch",
        reason: "no Python at 'python3' (set cnnDesigner.training.python, or --python, to an interpreter with torch)",
      },
      { backend: "tensorflow-gpu", reason: "not installed" },
      { backend: "tensorflow", reason: "not installed" },
    ]);
    // In the log of a Spanish run: the same reasons and device in Spanish.
    assert.equal(formatMessage(s.skipped[1].reason, spanishCatalogue), "no está instalado");
    assert.match(formatMessage(s.device, spanishCatalogue), /^CPU: \d+ × .*WebAssembly \(SIMD\) con los kernels de gradiente/);
    assert.match(en(s.device), /^CPU: \d+ × .*WebAssembly \(SIMD\) with CNN Designer's convolution gradient kernels$/);
  });

  it("uses tfjs-node-gpu on a CUDA device, and passes it over without one or when libtensorflow fails to load", async () => {
    const gpu = await select({ load: loader({ "@tensorflow/tfjs-node-gpu": fakeNative(true) }) });
    assert.equal(gpu.backend, "tensorflow-gpu");
    assert.equal(en(gpu.device), "GPU (CUDA) via libtensorflow");
    assert.deepEqual(
      skippedWords(gpu).map((k) => k.backend),
      ["pytorch"],
    );

    const noCuda = await select({
      load: loader({ "@tensorflow/tfjs-node-gpu": fakeNative(false), "@tensorflow/tfjs-node": fakeNative(false) }),
    });
    assert.equal(noCuda.backend, "tensorflow");
    assert.match(en(noCuda.device), /^CPU: .* via libtensorflow$/);
    assert.match(en(noCuda.skipped[1].reason), /^no CUDA device visible to libtensorflow/);

    const broken = new Error("libcudart.so.11.0: cannot open shared object file: No such file or directory\n    at Module._extensions");
    const failed = await select({ load: loader({ "@tensorflow/tfjs-node-gpu": broken }), wasmDir });
    assert.equal(failed.backend, "wasm");
    assert.equal(
      en(failed.skipped[1].reason),
      "failed to load: libcudart.so.11.0: cannot open shared object file: No such file or directory",
    );
  });

  it("a forced backend is used or refused with the reason, never replaced by another", async () => {
    await assert.rejects(select({ forced: "tensorflow", load: loader({}) }), /^Error: backend 'tensorflow' cannot be used: not installed$/);
    assert.equal((await select({ forced: "cpu", load: loader({}) })).backend, "cpu");
    assert.equal(tf.getBackend(), "cpu");
  });

  it("resolves a native package from the given folders first (the extension's storage), like require", () => {
    const store = (body: string) => {
      const dir = mkdtempSync(join(tmpdir(), "cnn-gpu-store-"));
      const pkg = join(dir, "node_modules", "@tensorflow", "tfjs-node-gpu");
      mkdirSync(pkg, { recursive: true });
      writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "@tensorflow/tfjs-node-gpu", main: "index.js" }));
      writeFileSync(join(pkg, "index.js"), body);
      return dir;
    };
    const empty = mkdtempSync(join(tmpdir(), "cnn-gpu-empty-"));
    assert.deepEqual(requireFrom("@tensorflow/tfjs-node-gpu", [empty, store("module.exports = { fake: 'from the store' };")]), {
      fake: "from the store",
    });
    assert.throws(() => requireFrom("@tensorflow/tfjs-node-gpu", [empty]), { code: "MODULE_NOT_FOUND" });
    // A package that is there but fails to load is not taken for a missing one.
    const broken = store("throw new Error('libtensorflow.so.2: cannot open shared object file');");
    assert.throws(() => requireFrom("@tensorflow/tfjs-node-gpu", [broken]), /libtensorflow\.so\.2/);
  });

  it("PyTorch on a GPU comes first; on the CPU after tensorflow-gpu, before libtensorflow on the CPU and wasm", async () => {
    const gpuNode = { "@tensorflow/tfjs-node-gpu": fakeNative(true) };
    const onGpu = await selectBackend({ probe: async () => torchWith(2), gpu: 1, load: loader(gpuNode), wasmDir });
    assert.equal(onGpu.backend, "pytorch");
    assert.deepEqual(onGpu.torch, { python: "python3", device: "cuda:1", threads: 16, memory: 80 * 2 ** 30 });
    assert.equal(
      en(onGpu.device),
      "GPU 1: NVIDIA H100 #1 (80 GiB, compute capability 9.0), CUDA 12.4, cuDNN 90100, PyTorch 2.5.1, Python 3.12.3",
    );
    // On a Mac: Apple's GPU through MPS.
    const mps = await selectBackend({ probe: async () => torchWith(0, true), load: loader({}), wasmDir });
    assert.equal(mps.torch?.device, "mps");
    // Without a GPU for torch, libtensorflow on a GPU is faster; without that, torch on every core.
    const tfGpu = await selectBackend({ probe: async () => torchWith(0), load: loader(gpuNode), wasmDir });
    assert.equal(tfGpu.backend, "tensorflow-gpu");
    const cpu = await selectBackend({ probe: async () => torchWith(0), load: loader({}), wasmDir });
    assert.equal(cpu.backend, "pytorch");
    assert.equal(cpu.torch?.device, "cpu");
    assert.deepEqual(skippedWords(cpu), [{ backend: "tensorflow-gpu", reason: "not installed" }]);
    // tfjs prepares the model beside PyTorch: on wasm here.
    assert.equal(cpu.tf.getBackend(), "wasm");
    // A GPU that is not there, asked for by number: said, never another device instead.
    await assert.rejects(
      selectBackend({ gpu: 2, probe: async () => torchWith(2), load: loader({}), wasmDir }),
      /^Error: there is no GPU 2: PyTorch sees 2 CUDA devices \(0: NVIDIA H100 #0, 1: NVIDIA H100 #1\)/,
    );
    // Without any GPU: GPU 0 (the setting's default) is the CPU, another number a mistake.
    assert.equal((await selectBackend({ gpu: 0, probe: async () => torchWith(0), load: loader({}), wasmDir })).torch?.device, "cpu");
    await assert.rejects(
      selectBackend({ gpu: 3, probe: async () => torchWith(0), load: loader({}), wasmDir }),
      /^Error: there is no GPU 3: PyTorch sees no CUDA device$/,
    );
    // Forced but unusable: the reason, no fallback.
    await assert.rejects(
      selectBackend({
        forced: "pytorch",
        probe: async () => msg("probe.tooOld", { torch: "1.12.1", python: "/usr/bin/python3", minimum: "1.13" }),
      }),
      /^Error: backend 'pytorch' cannot be used: torch 1\.12\.1 in \/usr\/bin\/python3 is older than 1\.13/,
    );
  });

  it("probes a real Python: Debian's torch on the CPU, a Python without torch, and no Python at all", async () => {
    const debian = await probeTorch(python);
    assert.ok(!isMessage(debian), probeWords(debian));
    assert.match(debian.torch, /^\d+\.\d+/);
    assert.equal(debian.mps, false);
    assert.ok(debian.cpus >= 1);
    assert.match(
      probeWords(await probeTorch("/nonexistent/python3")),
      /^no Python at '\/nonexistent\/python3' \(set cnnDesigner\.training\.python/,
    );
    // A Python without torch: the interpreter itself, with torch hidden from its import path.
    const dir = mkdtempSync(join(tmpdir(), "cnn-no-torch-"));
    writeFileSync(join(dir, "python3"), `#!/bin/sh\nexec ${python} -S "$@"\n`, { mode: 0o755 });
    assert.match(probeWords(await probeTorch(join(dir, "python3"))), /^(torch|numpy) is not installed for .*\(pip install (torch|numpy)/);
    // Not a Python at all, or one that answers something else: said so, with what it said.
    writeFileSync(join(dir, "liar"), "#!/bin/sh\necho null\n", { mode: 0o755 });
    assert.match(
      probeWords(await probeTorch(join(dir, "liar"))),
      /^'.*liar' is not a Python that answered the probe \(it exited with status 0 and no answer\)$/,
    );
    assert.match(
      probeWords(await probeTorch("/bin/false")),
      /^'\/bin\/false' is not a Python that answered the probe \(it exited with status 1 and no answer\)$/,
    );
  });

  it("a Stop cuts a hung probe short; a probe whose parent goes ends too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-hung-"));
    // An interpreter that hangs on the way (a cold network disk, a broken CUDA driver): Python, asleep first.
    writeFileSync(join(dir, "python3"), `#!/bin/sh\nexec ${python} -c "import time; time.sleep(120)" "$@"\n`, { mode: 0o755 });
    const started = Date.now();
    let asked = false;
    setTimeout(() => (asked = true), 500);
    await assert.rejects(
      selectBackend({ forced: "pytorch", python: join(dir, "python3"), stopped: () => asked }),
      (e: Error) => e instanceof ProbeStopped,
    );
    assert.ok(Date.now() - started < 5000, `stopped after ${Date.now() - started} ms`);
    // The probe's own watcher: its parent (here a shell that is killed) gone, the probe ends within a second.
    // (The probe, then a long sleep: without the watcher it would outlive its parent by a minute.)
    const shell = spawn("/bin/sh", ["-c", `${python} -c "$0"; true`, `${probeScript}\ntime.sleep(60)\n`], { stdio: "ignore" });
    const probes = (parent?: number) =>
      readdirSync("/proc").filter((p) => {
        try {
          const stat = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ");
          const ours = parent === undefined || Number(stat[1]) === parent;
          return /^\d+$/.test(p) && ours && stat[0] !== "Z" && readFileSync(`/proc/${p}/cmdline`, "utf8").includes("_watch(parent");
        } catch {
          return false; // gone meanwhile
        }
      });
    // The probe (the shell's child) is running, its watcher with it, before its parent goes.
    for (let i = 0; i < 100 && probes(shell.pid).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const [probe] = probes(shell.pid);
    assert.ok(probe, "the probe started");
    await new Promise((r) => setTimeout(r, 500));
    shell.kill("SIGKILL");
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(!probes().includes(probe), "the probe ended with its parent");
    // (Nor is the hung probe the Stop cut short still there.)
    assert.deepEqual(probes(), []);
  });
});

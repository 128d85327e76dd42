import * as assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { requireFrom, selectBackend, type ModuleLoader } from "../../src/trainer/backends";

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

describe("backend selection", () => {
  after(() => tf.setBackend("cpu"));

  it("falls back to wasm when neither native package is installed, and says why each was skipped", async () => {
    const s = await selectBackend({ load: loader({}), wasmDir });
    assert.equal(s.backend, "wasm");
    assert.equal(tf.getBackend(), "wasm");
    assert.deepEqual(s.skipped, [
      { backend: "tensorflow-gpu", reason: "not installed" },
      { backend: "tensorflow", reason: "not installed" },
    ]);
    assert.match(s.device, /^CPU: \d+ × .*WebAssembly \(SIMD\) with CNN Designer's convolution gradient kernels$/);
  });

  it("uses tfjs-node-gpu on a CUDA device, and passes it over without one or when libtensorflow fails to load", async () => {
    const gpu = await selectBackend({ load: loader({ "@tensorflow/tfjs-node-gpu": fakeNative(true) }) });
    assert.equal(gpu.backend, "tensorflow-gpu");
    assert.equal(gpu.device, "GPU (CUDA) via libtensorflow");
    assert.deepEqual(gpu.skipped, []);

    const noCuda = await selectBackend({
      load: loader({ "@tensorflow/tfjs-node-gpu": fakeNative(false), "@tensorflow/tfjs-node": fakeNative(false) }),
    });
    assert.equal(noCuda.backend, "tensorflow");
    assert.match(noCuda.device, /^CPU: .* via libtensorflow$/);
    assert.match(noCuda.skipped[0].reason, /^no CUDA device visible to libtensorflow/);

    const broken = new Error("libcudart.so.11.0: cannot open shared object file: No such file or directory\n    at Module._extensions");
    const failed = await selectBackend({ load: loader({ "@tensorflow/tfjs-node-gpu": broken }), wasmDir });
    assert.equal(failed.backend, "wasm");
    assert.equal(failed.skipped[0].reason, "failed to load: libcudart.so.11.0: cannot open shared object file: No such file or directory");
  });

  it("a forced backend is used or refused with the reason, never replaced by another", async () => {
    await assert.rejects(
      selectBackend({ forced: "tensorflow", load: loader({}) }),
      /^Error: backend 'tensorflow' cannot be used: not installed$/,
    );
    assert.equal((await selectBackend({ forced: "cpu", load: loader({}) })).backend, "cpu");
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
});

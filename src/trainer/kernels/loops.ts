/**
 * The loops of loops.wat, instantiated on the wasm backend's own memory: kernels tfjs-backend-wasm lacks
 * a fast version of, run in place on its tensors. (The same loops in JavaScript ran 5–10× slower.) build.mjs
 * assembles loops.wat into `trainer-loops.wasm` beside the trainer bundle (and beside this module in out/).
 */
import type * as tf from "@tensorflow/tfjs";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Memory, WasmBackend } from "./heap";

/** WebAssembly's JS API, as far as used here (the trainer's libraries declare no DOM). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};

/** The module's exports: pointers are byte offsets in the backend's memory. */
interface Exports {
  maxPoolGrad(...args: number[]): void;
  transposedPatches(...args: number[]): void;
  col2im(...args: number[]): void;
  reluGrad(dy: number, x: number, out: number, count: number): void;
  addBias(x: number, bias: number, out: number, rows: number, c: number): void;
  rowSum(x: number, out: number, rows: number, c: number, scratch: number): void;
  filterGradient(patches: number, dy: number, out: number, taps: number, positions: number, co: number): void;
  winogradInput(...args: number[]): void;
  winogradOutput(...args: number[]): void;
  winogradGradient(...args: number[]): void;
}

const instances = new WeakMap<Memory, Exports>();
const compiled = new Map<string, object>();

/** The loops bound to `backend`'s memory, with its outputs, tensor addresses and allocator. */
export function wasmLoops(backend: unknown) {
  const b = backend as WasmBackend;
  // (The threaded build creates its memory in JavaScript and imports it: the module has it, not its exports.)
  const memory = b.wasm.asm.memory ?? b.wasm.wasmMemory;
  if (!memory) throw new Error("the wasm backend's memory was not found (tfjs-backend-wasm changed its module)");
  let loops = instances.get(memory);
  if (!loops) {
    // The threaded backend's memory is shared: the loops' build that imports a shared memory.
    const file = memory.buffer instanceof SharedArrayBuffer ? "trainer-loops-shared.wasm" : "trainer-loops.wasm";
    if (!compiled.has(file)) compiled.set(file, new WebAssembly.Module(readFileSync(join(__dirname, file))));
    loops = new WebAssembly.Instance(compiled.get(file) as object, { env: { memory } }).exports as unknown as Exports;
    instances.set(memory, loops);
  }
  return {
    loops,
    /** A new float32 tensor of `shape` (its contents undefined until a loop writes it). */
    output: (shape: number[]) => b.makeOutput(shape, "float32"),
    /** The address of a tensor's data. */
    address: (info: tf.TensorInfo) => b.dataIdMap.get(info.dataId).memoryOffset,
    /** A tensor's floats, in place (a view made now: the memory may have grown since an older one was made). */
    floats: (info: tf.TensorInfo) =>
      new Float32Array(
        memory.buffer,
        b.dataIdMap.get(info.dataId).memoryOffset,
        info.shape.reduce((s, d) => s * d, 1),
      ),
    /** Runs `f` with `bytes` of scratch memory, freed afterwards. */
    withScratch<T>(bytes: number, f: (pointer: number, memory: Memory) => T): T {
      const pointer = b.wasm._malloc(bytes);
      try {
        return f(pointer, memory);
      } finally {
        b.wasm._free(pointer);
      }
    },
  };
}

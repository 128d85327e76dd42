/**
 * The types of the wasm backend's internals that the hand-written kernels use (loops.ts, which runs
 * loops.wat on the backend's memory, and the kernels built on it).
 */
import type * as tf from "@tensorflow/tfjs";

/** WebAssembly's memory, as far as used here (the trainer's libraries declare no DOM). */
export interface Memory {
  /** A SharedArrayBuffer on the threaded backend. */
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

/** The parts of tfjs-backend-wasm's backend that the hand-written kernels use. */
export interface WasmBackend {
  makeOutput(shape: number[], dtype: "float32"): tf.TensorInfo;
  incRef(dataId: object): void;
  /** The Emscripten module: its memory and allocator. */
  wasm: { asm: { memory?: Memory }; wasmMemory?: Memory; _malloc(bytes: number): number; _free(pointer: number): void };
  /** Where each tensor's data lies in the memory. */
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
}

/** A kernel's arguments, as tfjs passes them. */
export interface KernelArgs {
  inputs: Record<string, tf.TensorInfo>;
  backend: unknown;
  attrs: Record<string, unknown>;
}

/**
 * The types of the wasm backend's internals that the hand-written kernels use (wasmPooling.ts, wasmPatches.ts,
 * wasmReductions.ts, whose loops are wasmLoops.wat's).
 */
import type * as tf from "@tensorflow/tfjs";

/** The parts of tfjs-backend-wasm's backend that the hand-written kernels use. */
export interface WasmBackend {
  makeOutput(shape: number[], dtype: "float32"): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  incRef(dataId: object): void;
}

/** A kernel's arguments, as tfjs passes them. */
export interface KernelArgs {
  inputs: Record<string, tf.TensorInfo>;
  backend: unknown;
  attrs: Record<string, unknown>;
}

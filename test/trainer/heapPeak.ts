/**
 * The memory a real training step takes on the wasm backend: every allocation the backend makes on its heap
 * (tensors, and the scratch of CNN Designer's kernels) followed through the Emscripten module's malloc and
 * free, and the peak of the bytes in use during one `trainOnBatch`. XNNPACK's own buffers (packed weights,
 * indirection) are allocated inside wasm and not seen; the heap's size is reported beside.
 */
import * as tf from "@tensorflow/tfjs";
import type { Analysis } from "../../src/core";
import { buildModel } from "../../src/trainer/buildModel";

interface Heap {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  HEAPU8: Uint8Array;
}

/** A training step's memory: bytes in use before it, and at its peak; the heap's size after it. */
export interface StepMemory {
  readonly before: number;
  readonly peak: number;
  readonly heapSize: number;
}

let tracker: { live: number; peak: number } | undefined;

/** Follows the wasm backend's allocations (once per process; the backend must be wasm). */
function track(): { live: number; peak: number } {
  if (tracker) return tracker;
  const heap = (tf.backend() as unknown as { wasm: Heap }).wasm;
  // Emscripten binds malloc and free lazily, replacing its own stubs on the first call: bind them first.
  heap._free(heap._malloc(8));
  const malloc = heap._malloc;
  const free = heap._free;
  const sizes = new Map<number, number>();
  const t = { live: 0, peak: 0 };
  heap._malloc = (bytes) => {
    const p = malloc(bytes);
    // A block handed out again was freed inside wasm, unseen here: it no longer counts.
    t.live -= sizes.get(p) ?? 0;
    sizes.set(p, bytes);
    t.live += bytes;
    t.peak = Math.max(t.peak, t.live);
    return p;
  };
  heap._free = (p) => {
    t.live -= sizes.get(p) ?? 0;
    sizes.delete(p);
    free(p);
  };
  tracker = t;
  return t;
}

/**
 * Builds the analysed model as the trainer does, compiles it with Adam, and measures its second training step
 * on a random batch of `batch` (the first makes Adam's slots).
 */
export async function stepMemory(analysis: Analysis, batch: number): Promise<StepMemory> {
  if (tf.getBackend() !== "wasm") throw new Error(`stepMemory measures the wasm backend, not ${tf.getBackend()}`);
  const t = track();
  const model = buildModel(tf, analysis);
  const optimizer = tf.train.adam(0.001);
  model.compile({ optimizer, loss: "categoricalCrossentropy" });
  const input = analysis.layers.find((l) => l.type === "Input")?.outputShape?.slice(1) as number[];
  const classes = analysis.layers.find((l) => l.name === analysis.outputs[0])?.outputShape?.at(-1) as number;
  const x = tf.randomUniform([batch, ...input]);
  const y = tf.oneHot(tf.randomUniform([batch], 0, classes, "int32"), classes).toFloat();
  await model.trainOnBatch(x, y);
  const before = t.live;
  t.peak = t.live;
  await model.trainOnBatch(x, y);
  const peak = t.peak;
  model.dispose();
  // The optimizer is not the model's to dispose: its slots would stay, and count in the next measurement.
  optimizer.dispose();
  tf.dispose([x, y]);
  return { before, peak, heapSize: (tf.backend() as unknown as { wasm: Heap }).wasm.HEAPU8.buffer.byteLength };
}

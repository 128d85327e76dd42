/**
 * `training.initialWeights`: training starts from a run's weights (a trained run, or one imported from Keras or
 * ONNX), layer by layer as Keras' `load_weights(by_name=True, skip_mismatch=True)` takes them: a layer whose name
 * and every weight's shape match takes the run's values; any other layer keeps its fresh initialisation (a new
 * head for transfer learning). The run's files are read as every run's are: inside its folder, of declared sizes.
 */
import { isAbsolute, join } from "node:path";
import { splitWeightName } from "../core";
import { readWeightsOf } from "../node/runFolder";
import type { Tf } from "./backends";

type Model = ReturnType<Tf["model"]>;

/** What the start took from the run: its folder, and the layers that took its weights and those that did not. */
export interface InitialWeights {
  readonly run: string;
  readonly loaded: readonly string[];
  readonly fresh: readonly string[];
}

/** Sets `model`'s weights from the run `path` (relative to `modelDir`); an Error in words when the run has none. */
export function loadInitialWeights(tf: Tf, model: Model, path: string, modelDir: string): InitialWeights {
  const run = isAbsolute(path) ? path : join(modelDir, path);
  const read = readWeightsOf(run);
  const values = new Map<string, { shape: readonly number[]; offset: number }>();
  let offset = 0;
  for (const s of read.specs) {
    const { layer, weight } = splitWeightName(s.name);
    values.set(`${layer}/${weight}`, { shape: s.shape, offset });
    offset += s.shape.reduce((a, d) => a * d, 1);
  }
  const floats = new Float32Array(read.bytes.buffer.slice(read.bytes.byteOffset, read.bytes.byteOffset + read.bytes.byteLength));
  const loaded: string[] = [];
  const fresh: string[] = [];
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const found = layer.weights.map((w) => {
      const v = values.get(`${layer.name}/${splitWeightName(w.originalName).weight}`);
      const shape = w.shape as number[];
      return v && v.shape.length === shape.length && v.shape.every((d, i) => d === shape[i]) ? { v, shape } : undefined;
    });
    if (found.some((f) => f === undefined)) {
      fresh.push(layer.name);
      continue;
    }
    const tensors = found.map((f) => tf.tensor(floats.subarray(f!.v.offset, f!.v.offset + f!.shape.reduce((a, d) => a * d, 1)), f!.shape));
    layer.setWeights(tensors);
    tf.dispose(tensors);
    loaded.push(layer.name);
  }
  if (loaded.length === 0)
    throw new Error(`training.initialWeights: no layer of the model takes the weights of '${run}' (no name and shapes match)`);
  return { run, loaded, fresh };
}

/**
 * Keras' `adapt()` for the Normalization layers of a run: before the first epoch, each learns the mean and
 * variance of what it reads over the training set (through the layers before it); a layer whose statistics
 * came from `training.initialWeights` keeps them.
 */
import type { Samples } from "./datasets/datasets";
import type { Tf } from "./backends";

type Model = ReturnType<Tf["model"]>;
type Tensor = ReturnType<Tf["tensor"]>;

/** Adapts the model's Normalization layers but those in `keep`; returns what each learnt from how many values. */
export function adaptNormalizations(tf: Tf, model: Model, train: Samples, keep: ReadonlySet<string>): { layer: string; values: number }[] {
  const adapted: { layer: string; values: number }[] = [];
  const sampleShape = (model.inputs[0].shape as number[]).slice(1);
  const sampleSize = sampleShape.reduce((a, d) => a * d, 1);
  for (const layer of model.layers) {
    if (layer.getClassName() !== "Normalization" || keep.has(layer.name)) continue;
    const reader = tf.model({ inputs: model.inputs, outputs: layer.input as never });
    const rank = (layer.input as unknown as { shape: unknown[] }).shape.length;
    const axis = (layer as unknown as { featureAxis(rank: number): number }).featureAxis(rank);
    // The feature axis last, so that each row is one value of every feature.
    const perm = [...Array.from({ length: rank }, (_, i) => i).filter((i) => i !== axis), axis];
    let sums: Float64Array | undefined;
    let squares: Float64Array | undefined;
    let rows = 0;
    for (let start = 0; start < train.count; start += 256) {
      const count = Math.min(256, train.count - start);
      const data = tf.tidy(() => {
        const x = tf.tensor(train.x.subarray(start * sampleSize, (start + count) * sampleSize), [count, ...sampleShape]);
        const y = reader.predict(x) as Tensor;
        return tf.transpose(y, perm).dataSync() as Float32Array;
      });
      const features = (layer.input as unknown as { shape: number[] }).shape[axis];
      sums ??= new Float64Array(features);
      squares ??= new Float64Array(features);
      for (let i = 0; i < data.length; i++) {
        const f = i % features;
        sums[f] += data[i];
        squares[f] += data[i] * data[i];
      }
      rows += data.length / features;
    }
    if (!sums || !squares || rows === 0) continue;
    const mean = Float32Array.from(sums, (s) => s / rows);
    const variance = Float32Array.from(squares, (q, f) => Math.max(q / rows - mean[f] * mean[f], 0));
    const values = [tf.tensor(mean), tf.tensor(variance), tf.scalar(rows)];
    layer.setWeights(values);
    tf.dispose(values);
    adapted.push({ layer: layer.name, values: rows });
  }
  return adapted;
}

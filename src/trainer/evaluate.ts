/** The held-out test set's evaluation at the end of a run. */
import type { Tf } from "./backends";
import type { StopSignal } from "./fit";
import { kerasKey } from "./fitData";

/**
 * The test set's loss and metrics, as tfjs' evaluate gives them (per batch of `batchSize`, averaged by samples),
 * a few batches at a time so that a Stop now is heard in between; null when one was.
 */
export async function evaluate(
  tf: Tf,
  model: ReturnType<Tf["model"]>,
  x: ReturnType<Tf["zeros"]>,
  y: ReturnType<Tf["zeros"]>,
  batchSize: number,
  stop: StopSignal,
): Promise<Record<string, number> | null> {
  const count = x.shape[0] ?? 0;
  // Whole batches, about 512 samples at a time: the same averages as one call, and a Stop now heard in between.
  const chunk = Math.max(1, Math.round(512 / batchSize)) * batchSize;
  const sums: number[] = [];
  for (let start = 0; start < count; start += chunk) {
    await new Promise((resolve) => setImmediate(resolve));
    if (stop.abortRequested) return null;
    const size = Math.min(chunk, count - start);
    const [xs, ys] = [x.slice(start, size), y.slice(start, size)];
    const out = model.evaluate(xs, ys, { batchSize });
    const list = Array.isArray(out) ? out : [out];
    const values = await Promise.all(list.map(async (t) => (await t.data())[0]));
    values.forEach((v, i) => (sums[i] = (sums[i] ?? 0) + v * size));
    tf.dispose([xs, ys, ...list]);
  }
  return Object.fromEntries(model.metricsNames.map((k, i) => [kerasKey(k), sums[i] / count]));
}

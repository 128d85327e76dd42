/** Numeric helpers shared by the kernel tests. */
import * as assert from "node:assert/strict";

/** Largest |a − b| / max(1, |b|) over the elements (same lengths required). */
export function relativeError(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

/** A seeded generator (Lehmer, as fast-check hands out integer seeds) of numbers in [0, 1). */
export function lehmer(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

/** `size` uniform values in [−1, 1) from `next`. */
export const uniform = (next: () => number, size: number) => Float32Array.from({ length: size }, () => next() * 2 - 1);

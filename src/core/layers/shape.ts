/** A tensor shape without the batch dimension; `null` marks a dimension unknown until run time. */
export type Shape = readonly (number | null)[];

/** Formats a shape the way Keras prints it, batch included: `(None, 30, 30, 128)`. */
export function formatShape(shape: Shape): string {
  const dims = ["None", ...shape.map((d) => (d === null ? "None" : String(d)))];
  return `(${dims.join(", ")}${dims.length === 1 ? "," : ""})`;
}

/** The shape with its batch dimension, as Keras reports output shapes: `[null, ...shape]`. */
export function withBatch(shape: Shape): (number | null)[] {
  return [null, ...shape];
}

/** Number of elements of a shape, or `null` when a dimension is unknown. */
export function sizeOf(shape: Shape): number | null {
  let n = 1;
  for (const d of shape) {
    if (d === null) return null;
    n *= d;
  }
  return n;
}

/** Formats `3×3`-style spatial sizes for messages. */
export function formatDims(dims: readonly (number | null)[]): string {
  return dims.map((d) => (d === null ? "?" : String(d))).join("×");
}

/** Whether a count is exact: an integer a double holds exactly. */
export const isExactCount = (n: number): boolean => Number.isSafeInteger(n);

/** Counts with thousands separators, as Keras summaries write them (messages/units.ts formats them). */
export { formatCount } from "../messages/units";

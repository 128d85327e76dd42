/** Example model texts and random mutations of them, for fuzzing the engine. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as fc from "fast-check";

const examplesDir = join(__dirname, "..", "..", "..", "examples");
/** The texts of the examples/ model files. */
export const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith(".cnn.json"))
  .map((f) => readFileSync(join(examplesDir, f), "utf8"));

/** JSON values that often hit a parameter's edge: empty, negative, huge, the wrong kind. */
export const anyJson = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1,
    2.5,
    1e300,
    "",
    "same",
    "relu",
    "Conv2D",
    [],
    {},
    [3, 3],
    [
      [1, 1],
      [1, 1],
    ],
    [null, 4],
  ),
  fc.integer({ min: -5, max: 300 }),
  fc.string({ maxLength: 8 }),
);

/** Mutates the parsed value at a random place: replaces a value, deletes or renames a key, duplicates or drops a layer. */
export function mutate(value: unknown, pick: number[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  const layers = Array.isArray(copy.layers) ? (copy.layers as Record<string, unknown>[]) : [];
  const layer = layers.length ? layers[pick[0] % layers.length] : copy;
  const keys = Object.keys(layer ?? {});
  const key = keys.length ? keys[pick[1] % keys.length] : "type";
  switch (pick[2] % 6) {
    case 0:
      (layer as Record<string, unknown>)[key] = replacement;
      break;
    case 1:
      delete (layer as Record<string, unknown>)[key];
      break;
    case 2:
      (layer as Record<string, unknown>)[`${key}_`] = replacement;
      break;
    case 3:
      layers.splice(pick[0] % (layers.length + 1), 0, structuredClone(layer));
      break;
    case 4:
      layers.splice(pick[0] % Math.max(1, layers.length), 1);
      break;
    default:
      copy[keys[pick[1] % Math.max(1, keys.length)] ?? "version"] = replacement;
  }
  return copy;
}

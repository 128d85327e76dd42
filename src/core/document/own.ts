/**
 * Lookups by a name from a model file: "constructor", "__proto__" and "toString" are properties of every object,
 * so a table is asked for its own entries only.
 */

/** `table[key]` when `key` is one of the table's own keys, else undefined. */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

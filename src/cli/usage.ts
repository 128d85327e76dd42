/** Usage errors: a bad command line, file or model ends the CLI with a one-line message and exit status 2. */
import { maxInteger } from "../core";
import { FileError } from "../node/files";

/** A failure that ends the CLI with a one-line message and exit status 2. */
export class UsageError extends Error {}

/** The value of an integer flag (`--epochs 5`): digits only, from 1 to the int32 maximum; undefined when absent. */
export function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(n) || n < 1 || n > maxInteger)
    throw new UsageError(`${flag} must be an integer from 1 to ${maxInteger.toLocaleString("en-US")}, got '${value}'`);
  return n;
}

/** Runs `read` (a file the user named), its FileError (missing, a folder, too large…) becoming a UsageError. */
export function asUsage<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof FileError) throw new UsageError(e.message);
    throw e;
  }
}

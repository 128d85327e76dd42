/** Usage errors: a bad command line, file or model ends the CLI with a one-line message and exit status 2. */
import { didYouMean, grouped, maxInteger } from "../core";
import { FileError } from "../node/files";
import { say } from "./messages";

/**
 * A failure that ends the CLI with a one-line message and exit status 2: the CLI's message (`say(…)`, in the
 * terminal's language), or a message another layer wrote (a file's error).
 */
export class UsageError extends Error {}

/** The value of an integer flag (`--epochs 5`): digits only, from 1 to the int32 maximum; undefined when absent. */
export function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(n) || n < 1 || n > maxInteger)
    throw new UsageError(say("cli.integerFlag", { flag, max: grouped(maxInteger), value }));
  return n;
}

/** The value of a flag that takes one of `allowed` (`--format onnx`), with a suggestion for a near miss; undefined when absent. */
export function choice<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
  const suggestion = didYouMean(value, allowed);
  const list = allowed.join(", ");
  throw new UsageError(
    suggestion ? say("cli.oneOfSuggest", { flag, allowed: list, value, suggestion }) : say("cli.oneOf", { flag, allowed: list, value }),
  );
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

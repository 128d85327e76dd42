import { maxInteger, type ParamSpec } from "./params";
import { didYouMean } from "./suggest";

/** The outcome of reading one parameter value: the normalised value, or why it is wrong. */
export type ReadResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string; readonly code: BadCode; readonly suggestion?: string };

type BadCode = "wrong-type" | "out-of-range" | "invalid-parameter";

/** Renders a JSON value briefly for messages. */
export function briefValue(value: unknown): string {
  // JSON.stringify writes ±Infinity (a literal such as 1e400, read as a double) and NaN as null.
  if (typeof value === "number" && !Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : `${value} (too large for a number)`;
  const text = JSON.stringify(value) ?? String(value);
  const brief = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return typeof value === "string" ? `${brief} (a string)` : brief;
}

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
/** An integer no larger than `maxInteger` either way: 1e300 is an integer to JavaScript, not to a model. */
const isBoundedInt = (v: unknown): v is number => isInt(v) && Math.abs(v) <= maxInteger;
const grouped = (n: number) => n.toLocaleString("en-US");
/** The range words of an integer: `≥ 1 and at most 2,147,483,647`. */
const intRange = (min: number, max = maxInteger) => `≥ ${min} and at most ${grouped(max)}`;
const ok = (value: unknown): ReadResult => ({ ok: true, value });
const bad = (message: string, code: BadCode = "wrong-type"): ReadResult => ({ ok: false, message, code });
const range = (message: string): ReadResult => bad(message, "out-of-range");

function readInts(raw: unknown, rank: number, min: number, what: string): ReadResult {
  const expect = rank === 1 ? `an integer ≥ ${min}` : `an integer ≥ ${min} or a list of ${rank} such integers`;
  if (isInt(raw)) {
    if (raw < min) return range(`${what} must be ${expect}, got ${raw}`);
    return raw <= maxInteger
      ? ok(Array<number>(rank).fill(raw))
      : range(`${what} must be an integer ${intRange(min)}, got ${briefValue(raw)}`);
  }
  if (Array.isArray(raw) && raw.length === rank && raw.every((v) => isInt(v) && v >= min)) {
    const big = raw.find((v: number) => v > maxInteger);
    return big === undefined ? ok([...raw]) : range(`${what} must hold integers ${intRange(min)}, got ${briefValue(big)}`);
  }
  return bad(`${what} must be ${expect}, got ${briefValue(raw)}`);
}

function readPairs(raw: unknown, rank: number, what: string): ReadResult {
  const nonNeg = (v: unknown): v is number => isBoundedInt(v) && v >= 0;
  if (nonNeg(raw)) return ok(Array.from({ length: rank }, () => [raw, raw]));
  if (Array.isArray(raw) && raw.length === rank) {
    if (raw.every(nonNeg)) return ok(raw.map((v) => [v, v]));
    if (raw.every((p) => Array.isArray(p) && p.length === 2 && p.every(nonNeg))) {
      return ok(raw.map((p: number[]) => [p[0], p[1]]));
    }
  }
  const forms = rank === 2 ? "an integer, [rows, cols] or [[top, bottom], [left, right]]" : "an integer or [before, after]";
  return bad(`${what} must be ${forms} of integers ${intRange(0)}, got ${briefValue(raw)}`);
}

/** Validates and normalises a user-given parameter value against its description. */
export function readParam(name: string, spec: ParamSpec, raw: unknown): ReadResult {
  const what = `'${name}'`;
  switch (spec.kind) {
    case "int":
      if (isInt(raw)) {
        if (raw < spec.min) return range(`${what} must be an integer ≥ ${spec.min}, got ${raw}`);
        const max = spec.max ?? maxInteger;
        return raw <= max ? ok(raw) : range(`${what} must be an integer ${intRange(spec.min, max)}, got ${briefValue(raw)}`);
      }
      return bad(`${what} must be an integer ≥ ${spec.min}, got ${briefValue(raw)}`);
    case "float": {
      if (typeof raw !== "number" || !Number.isFinite(raw)) return bad(`${what} must be a number, got ${briefValue(raw)}`);
      const lowOk = spec.min === undefined || (spec.exclusiveMin ? raw > spec.min : raw >= spec.min);
      const highOk = spec.max === undefined || (spec.exclusiveMax ? raw < spec.max : raw <= spec.max);
      if (lowOk && highOk) return ok(raw);
      const lo = spec.min === undefined ? "" : `${spec.exclusiveMin ? ">" : "≥"} ${spec.min}`;
      const hi = spec.max === undefined ? "" : `${spec.exclusiveMax ? "<" : "≤"} ${spec.max}`;
      return range(`${what} must be ${[lo, hi].filter(Boolean).join(" and ")}, got ${raw}`);
    }
    case "bool":
      return typeof raw === "boolean" ? ok(raw) : bad(`${what} must be true or false, got ${briefValue(raw)}`);
    case "enum": {
      if (typeof raw === "string" && spec.values.includes(raw)) return ok(raw);
      // A misspelt value ("rellu") gets the likely one first, and a quick fix.
      const suggestion = typeof raw === "string" ? didYouMean(raw, spec.values) : undefined;
      const allowed = `one of ${spec.values.map((v) => `'${v}'`).join(", ")}`;
      if (suggestion)
        return { ...bad(`${what} is ${briefValue(raw)}; did you mean '${suggestion}'? (${allowed})`), suggestion } as ReadResult;
      return bad(`${what} must be ${allowed}, got ${briefValue(raw)}`);
    }
    case "ints":
      return readInts(raw, spec.rank, spec.min, what);
    case "pairs":
      return readPairs(raw, spec.rank, what);
    case "shape":
      return Array.isArray(raw) && raw.every((d) => d === null || (isBoundedInt(d) && d >= 1))
        ? ok([...raw])
        : bad(`${what} must be a list of integers ${intRange(1)} (null for a size known only at run time), got ${briefValue(raw)}`);
    case "targetShape": {
      const valid = Array.isArray(raw) && raw.every((d) => isBoundedInt(d) && (d >= 1 || d === -1));
      if (!valid) return bad(`${what} must be a list of integers ${intRange(1)} (one may be -1), got ${briefValue(raw)}`);
      return raw.filter((d) => d === -1).length > 1
        ? bad(`${what} may contain -1 only once, got ${briefValue(raw)}`, "invalid-parameter")
        : ok([...raw]);
    }
    case "axis":
      return isBoundedInt(raw) ? ok(raw) : bad(`${what} must be an integer axis, got ${briefValue(raw)}`);
    case "axes":
      if (isBoundedInt(raw)) return ok([raw]);
      return Array.isArray(raw) && raw.length > 0 && raw.every(isBoundedInt)
        ? ok([...raw])
        : bad(`${what} must be an integer axis or a non-empty list of axes, got ${briefValue(raw)}`);
  }
}

/** The normalised default of a parameter that the user did not give. */
export function defaultOf(spec: ParamSpec): unknown {
  const d = "default" in spec ? spec.default : undefined;
  if (d === null || d === undefined) return d ?? null;
  switch (spec.kind) {
    case "ints":
      return Array<number>(spec.rank).fill(d as number);
    case "pairs":
      return Array.from({ length: spec.rank }, () => [d, d]);
    case "axes":
      return [d];
    default:
      return d;
  }
}

import { grouped, joined, msg, type Message, type MessageArg } from "../messages/format";
import { maxInteger, type ParamSpec } from "./params";
import { didYouMean } from "./suggest";

/** The outcome of reading one parameter value: the normalised value, or why it is wrong. */
export type ReadResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: Message; readonly code: BadCode; readonly suggestion?: string };

type BadCode = "wrong-type" | "out-of-range" | "invalid-parameter";

/** Renders a JSON value briefly for messages. */
export function briefValue(value: unknown): MessageArg {
  // JSON.stringify writes ±Infinity (a literal such as 1e400, read as a double) and NaN as null.
  if (typeof value === "number" && !Number.isFinite(value))
    return Number.isNaN(value) ? "NaN" : msg("value.tooLarge", { value: String(value) });
  const text = JSON.stringify(value) ?? String(value);
  const brief = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return typeof value === "string" ? msg("value.string", { value: brief }) : brief;
}

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
/** An integer no larger than `maxInteger` either way: 1e300 is an integer to JavaScript, not to a model. */
const isBoundedInt = (v: unknown): v is number => isInt(v) && Math.abs(v) <= maxInteger;
const ok = (value: unknown): ReadResult => ({ ok: true, value });
const bad = (message: Message, code: BadCode = "wrong-type"): ReadResult => ({ ok: false, message, code });
const range = (message: Message): ReadResult => bad(message, "out-of-range");

function readInts(raw: unknown, rank: number, min: number, what: string): ReadResult {
  const expect = (value: MessageArg) =>
    rank === 1 ? msg("param.intAtLeast", { what, min, value }) : msg("param.intsAtLeast", { what, min, rank, value });
  const max = grouped(maxInteger);
  if (isInt(raw)) {
    if (raw < min) return range(expect(raw));
    return raw <= maxInteger
      ? ok(Array<number>(rank).fill(raw))
      : range(msg("param.intBetween", { what, min, max, value: briefValue(raw) }));
  }
  if (Array.isArray(raw) && raw.length === rank && raw.every((v) => isInt(v) && v >= min)) {
    const big = raw.find((v: number) => v > maxInteger);
    return big === undefined ? ok([...raw]) : range(msg("param.intsBetween", { what, min, max, value: briefValue(big) }));
  }
  return bad(expect(briefValue(raw)));
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
  const args = { what, max: grouped(maxInteger), value: briefValue(raw) };
  return bad(rank === 2 ? msg("param.pairs2", args) : msg("param.pairs1", args));
}

/** Validates and normalises a user-given parameter value against its description; messages call it `what`. */
export function readParam(name: string, spec: ParamSpec, raw: unknown, what: string = `'${name}'`): ReadResult {
  switch (spec.kind) {
    case "int":
      if (isInt(raw)) {
        if (raw < spec.min) return range(msg("param.intAtLeast", { what, min: spec.min, value: raw }));
        const max = spec.max ?? maxInteger;
        return raw <= max ? ok(raw) : range(msg("param.intBetween", { what, min: spec.min, max: grouped(max), value: briefValue(raw) }));
      }
      return bad(msg("param.intAtLeast", { what, min: spec.min, value: briefValue(raw) }));
    case "float": {
      if (typeof raw !== "number" || !Number.isFinite(raw)) return bad(msg("param.number", { what, value: briefValue(raw) }));
      const lowOk = spec.min === undefined || (spec.exclusiveMin ? raw > spec.min : raw >= spec.min);
      const highOk = spec.max === undefined || (spec.exclusiveMax ? raw < spec.max : raw <= spec.max);
      if (lowOk && highOk) return ok(raw);
      const bounds: Message[] = [];
      if (spec.min !== undefined) bounds.push(msg(spec.exclusiveMin ? "param.above" : "param.atLeast", { bound: spec.min }));
      if (spec.max !== undefined) bounds.push(msg(spec.exclusiveMax ? "param.below" : "param.atMost", { bound: spec.max }));
      return range(msg("param.numberRange", { what, range: joined(bounds, "join.and"), value: raw }));
    }
    case "bool":
      return typeof raw === "boolean" ? ok(raw) : bad(msg("param.bool", { what, value: briefValue(raw) }));
    case "enum": {
      if (typeof raw === "string" && spec.values.includes(raw)) return ok(raw);
      // A misspelt value ("rellu") gets the likely one first, and a quick fix.
      const suggestion = typeof raw === "string" ? didYouMean(raw, spec.values) : undefined;
      const allowed = joined(
        spec.values.map((v) => `'${v}'`),
        "join.comma",
      );
      if (suggestion)
        return {
          ...bad(msg("param.enumDidYouMean", { what, value: briefValue(raw), suggestion, allowed })),
          suggestion,
        } as ReadResult;
      return bad(msg("param.enum", { what, allowed, value: briefValue(raw) }));
    }
    case "ints":
      return readInts(raw, spec.rank, spec.min, what);
    case "pairs":
      return readPairs(raw, spec.rank, what);
    case "shape":
      return Array.isArray(raw) && raw.every((d) => d === null || (isBoundedInt(d) && d >= 1))
        ? ok([...raw])
        : bad(msg("param.shape", { what, max: grouped(maxInteger), value: briefValue(raw) }));
    case "targetShape": {
      const valid = Array.isArray(raw) && raw.every((d) => isBoundedInt(d) && (d >= 1 || d === -1));
      if (!valid) return bad(msg("param.targetShape", { what, max: grouped(maxInteger), value: briefValue(raw) }));
      return raw.filter((d) => d === -1).length > 1
        ? bad(msg("param.targetShapeTwice", { what, value: briefValue(raw) }), "invalid-parameter")
        : ok([...raw]);
    }
    case "axis":
      return isBoundedInt(raw) ? ok(raw) : bad(msg("param.axis", { what, value: briefValue(raw) }));
    case "axes":
      if (isBoundedInt(raw)) return ok([raw]);
      return Array.isArray(raw) && raw.length > 0 && raw.every(isBoundedInt)
        ? ok([...raw])
        : bad(msg("param.axes", { what, value: briefValue(raw) }));
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

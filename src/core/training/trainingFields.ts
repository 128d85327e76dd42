/** Reading the plain fields of the `training` section and its objects, with located diagnostics. */
import type { JsonPath, PendingDiagnostic } from "../document/diagnostics";
import type { ParamSpec, ParamSpecs, ResolvedParams } from "../document/params";
import { defaultOf, readParam } from "../document/readParam";
import { didYouMean, didYouMeanHint } from "../document/suggest";
import { msg } from "../messages/format";

/** True for a JSON object (not null, not a list). */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads `specs` from `obj` at `base`, reporting unknown keys and bad values; returns the values with defaults. */
export function readFields<S extends ParamSpecs>(
  obj: Record<string, unknown>,
  specs: S,
  base: JsonPath,
  extraKeys: readonly string[],
  out: PendingDiagnostic[],
): ResolvedParams<S> {
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    if (extraKeys.includes(key)) continue;
    const spec: ParamSpec | undefined = Object.prototype.hasOwnProperty.call(specs, key) ? specs[key] : undefined;
    if (!spec) {
      const suggestion = didYouMean(key, [...Object.keys(specs), ...extraKeys]);
      out.push({
        severity: "error",
        code: "unknown-property",
        message: msg("training.unknownSetting", { key, hint: didYouMeanHint(suggestion) }),
        path: [...base, key],
        anchor: "key",
        suggestion,
      });
      continue;
    }
    if (obj[key] === null && "default" in spec && spec.default === null) continue;
    const r = readParam(key, spec, obj[key]);
    if (r.ok) values[key] = r.value;
    else out.push({ severity: "error", code: r.code, message: msg("training.says", { problem: r.message }), path: [...base, key] });
  }
  for (const [key, spec] of Object.entries(specs)) if (!Object.hasOwn(values, key)) values[key] = defaultOf(spec);
  // Every key read by readParam against its spec, or its default: the values the specs describe.
  return values as ResolvedParams<S>;
}

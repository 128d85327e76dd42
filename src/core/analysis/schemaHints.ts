/**
 * The schema VS Code's JSON language service gets for model files: the model schema's help (descriptions,
 * defaults, the values a field takes) for completion and hovers, without its checks. The engine's diagnostics
 * are the only ones a model file gets; a second, noisier copy of each problem from the schema would bury them.
 */
import type { JsonSchema } from "./schema";

/** Keywords that only check a value (they offer nothing to complete or explain). */
const checks = new Set([
  "type",
  "required",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minItems",
  "maxItems",
  "minLength",
  "maxLength",
  "minProperties",
  "maxProperties",
  "uniqueItems",
  "pattern",
  "not",
  "const",
  "contains",
  "dependencies",
]);

/** Keywords whose value is one subschema. */
const one = new Set(["items", "additionalItems", "then", "else", "additionalProperties", "propertyNames"]);
/** Keywords whose value maps names to subschemas. */
const named = new Set(["properties", "patternProperties", "definitions"]);
/** Keywords whose value is a list of subschemas. */
const many = new Set(["anyOf", "oneOf", "allOf"]);

/**
 * A schema with the same help and no checks: `enum` becomes `examples` (still offered as completions), a boolean
 * offers `true` and `false`, `oneOf` becomes `anyOf` (alternatives that no longer differ must not conflict), and
 * `additionalProperties: false` goes. An `if` is kept whole: it chooses which help applies (a layer's type).
 */
export function completionSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  const examples: unknown[] = Array.isArray(schema.examples) ? [...(schema.examples as unknown[])] : [];
  for (const [key, value] of Object.entries(schema)) {
    if (key === "if") out.if = value;
    else if (key === "enum" && Array.isArray(value)) examples.push(...(value as unknown[]));
    else if (key === "type" && value === "boolean") examples.push(true, false);
    else if (checks.has(key) || key === "examples") continue;
    else if (one.has(key)) {
      if (isSchema(value)) out[key] = completionSchema(value);
    } else if (named.has(key) && isSchema(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSchema(v) ? completionSchema(v) : v]));
    } else if (many.has(key) && Array.isArray(value)) {
      out[key === "oneOf" ? "anyOf" : key] = value.map((v: unknown) => (isSchema(v) ? completionSchema(v) : v));
    } else out[key] = value;
  }
  if (examples.length) out.examples = [...new Set(examples)];
  return out;
}

function isSchema(v: unknown): v is JsonSchema {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

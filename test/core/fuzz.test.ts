import * as assert from "node:assert/strict";
import Ajv from "ajv";
import * as fc from "fast-check";
import { parse, parseTree, type ParseError } from "jsonc-parser";
import { analyze, modelSchema, type DiagnosticCode } from "../../src/core";
import { anyJson, examples, mutate } from "../helpers/mutations";

const runs = Number(process.env.FUZZ_RUNS ?? 1500);
const validate = new Ajv({ allErrors: false, strict: false }).compile(modelSchema());

/** Diagnostics about the file's format, which the JSON Schema can express too. */
const formatCodes: DiagnosticCode[] = [
  "root",
  "version",
  "unknown-property",
  "missing-property",
  "wrong-type",
  "out-of-range",
  "unknown-type",
  "unknown-parameter",
  "missing-parameter",
  "invalid-name",
];

function checkRanges(text: string): ReturnType<typeof analyze> {
  const a = analyze(text);
  for (const d of a.diagnostics) {
    assert.ok(d.offset >= 0 && d.length >= 0 && d.offset + d.length <= text.length, `range out of the text: ${JSON.stringify(d)}`);
    assert.ok(d.message.length > 0);
  }
  return a;
}

describe("fuzzing analyze", () => {
  it(`truncated and garbled texts never throw; syntax errors are located (${runs} runs)`, () => {
    fc.assert(
      fc.property(
        fc.nat(examples.length - 1),
        fc.nat(),
        fc.nat(),
        fc.string({ maxLength: 6, unit: fc.constantFrom(..."{}[]:,\"' 0123abc-.eE\n/*".split("")) }),
        fc.nat(2),
        (e, at, len, insert, how) => {
          const base = examples[e];
          const i = at % (base.length + 1);
          const text =
            how === 0
              ? base.slice(0, i)
              : how === 1
                ? base.slice(0, i) + base.slice(i + (len % 40))
                : base.slice(0, i) + insert + base.slice(i);
          const a = checkRanges(text);
          const errors: ParseError[] = [];
          parseTree(text, errors, { allowTrailingComma: true });
          if (errors.length > 0 && text.trim() !== "") assert.ok(a.diagnostics.some((d) => d.code === "syntax"));
        },
      ),
      { numRuns: runs },
    );
  });

  it(`structural mutations: the schema and the engine agree on what is malformed (${runs} runs)`, () => {
    let rejected = 0;
    fc.assert(
      fc.property(fc.nat(examples.length - 1), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), anyJson, (e, pick, replacement) => {
        const value = mutate(parse(examples[e]), pick, replacement);
        const text = JSON.stringify(value, null, 2);
        const a = checkRanges(text);
        const schemaOk = validate(value) as boolean;
        const formatErrors = a.diagnostics.filter((d) => d.severity === "error" && formatCodes.includes(d.code));
        if (!schemaOk) {
          rejected++;
          assert.ok(
            a.diagnostics.some((d) => d.severity === "error"),
            `the schema rejects it (${JSON.stringify(validate.errors?.[0])}) but the engine reports no error`,
          );
        }
        assert.equal(
          formatErrors.length > 0,
          !schemaOk,
          `engine: ${JSON.stringify(formatErrors[0])}; schema: ${JSON.stringify(validate.errors?.[0])}`,
        );
      }),
      { numRuns: runs },
    );
    assert.ok(rejected > runs / 10, `only ${rejected} mutations were invalid`);
  });
});

/**
 * The message catalogue: every user-visible text of the core is an id with arguments, written at the edge in the
 * catalogue's language. A second catalogue changes every message without a change of code.
 */
import * as assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import * as fc from "fast-check";
import { parse } from "jsonc-parser";
import {
  analyze,
  english,
  englishCatalogue,
  exportArtefact,
  formatMessage,
  grouped,
  importKeras,
  joined,
  msg,
  placeholdersOf,
  printable,
  type Catalogue,
  type MessageId,
} from "../../src/core";
import { anyJson, examples, mutate } from "../helpers/mutations";

const ids = Object.keys(english) as MessageId[];
const runs = Number(process.env.FUZZ_RUNS ?? 1500) / 3;

/** A catalogue as a translation would be: every text changed, placeholders kept, another locale's numbers. */
const marked: Catalogue = {
  locale: "de",
  texts: Object.fromEntries(ids.map((id) => [id, id.startsWith("join.") ? english[id] : `⟦${english[id]}⟧`])) as Catalogue["texts"],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("messages: the core's catalogue", () => {
  it("formats arguments: nested messages, plural words, digit grouping and joined lists in the catalogue's language", () => {
    const one = msg("export.fixFirst", { count: 1, first: msg("graph.ownInput") });
    assert.equal(formatMessage(one), "the model has 1 error to fix first: a layer cannot be its own input");
    assert.equal(formatMessage(msg("export.fixFirst", { count: 3, first: "x" })), "the model has 3 errors to fix first: x");
    const cycle = msg("graph.cycle", { size: grouped(20000), path: "a → b" });
    assert.equal(formatMessage(cycle), "part of a cycle of 20,000 layers: a → b; no layer on it can be computed");
    assert.match(formatMessage(cycle, marked), /^⟦part of a cycle of 20\.000 layers/);
    const shapes = msg("layers.mergeShapes", { shapes: joined(["(4)", "(5)", "(6)"], "join.and") });
    assert.equal(formatMessage(shapes), "cannot combine inputs of shapes (4) and (5) and (6) element-wise");
    const spanish: Catalogue = { locale: "es", texts: { ...english, "join.and": " y " } };
    assert.equal(formatMessage(shapes, spanish), "cannot combine inputs of shapes (4) y (5) y (6) element-wise");
  });

  it("a JSON example in a text is literal, not a placeholder", () => {
    assert.equal(formatMessage(msg("model.noLayers")), english["model.noLayers"]);
    assert.match(formatMessage(msg("model.noLayers")), /\{ "type": "Input", "shape": \[\.\.\.\] \}/);
    const dataset = formatMessage(msg("training.dataset", { types: '"mnist" | "cifar10"', value: "3", hint: msg("hint.none") }));
    assert.equal(dataset, `training: 'dataset' must be { "type": "mnist" | "cifar10", … }, got 3`);
  });

  it("every placeholder is a name, and every plural choice has a word for one and for others", () => {
    for (const id of ids) {
      const text: string = english[id];
      for (const brace of text.match(/\{[A-Za-z][^{}\s"]*\}/g) ?? [])
        assert.match(brace, /^\{[A-Za-z]\w*(\|[^{}|]*\|[^{}|]*)?\}$/, `${id}: ${brace}`);
    }
  });

  it("every message id is used by the code, and every use names an id of the catalogue", () => {
    const src = join(__dirname, "..", "..", "..", "src");
    const code = sourceFiles(src)
      .filter((f) => !f.includes(`${join("core", "messages")}`))
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    const used = new Set([...code.matchAll(/\bmsg\(\s*"([\w.]+)"/g)].map((m) => m[1]));
    for (const id of used) assert.ok(Object.hasOwn(english, id), `msg("${id}") is not in the catalogue`);
    // Ids picked by a condition, a table or jsonc-parser's error names are found as string literals.
    const literal = new Set([...code.matchAll(/"([a-z]+\.[\w]+)"/g)].map((m) => m[1]));
    const unused = ids.filter((id) => !used.has(id) && !literal.has(id) && !id.startsWith("syntax.") && !id.startsWith("join."));
    assert.deepEqual(unused, [], "texts no code uses");
  });

  it("a diagnostic carries its id and arguments: they give back its message, and another catalogue's text (fuzzed)", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.nat(examples.length - 1), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), anyJson, (e, pick, replacement) => {
        const text = JSON.stringify(mutate(parse(examples[e]), pick, replacement), null, 2);
        const plain = analyze(text);
        const other = analyze(text, { catalogue: marked });
        assert.equal(other.diagnostics.length, plain.diagnostics.length);
        plain.diagnostics.forEach((d, i) => {
          seen.add(d.id);
          assert.equal(printable(formatMessage(d)), d.message);
          const translated = other.diagnostics[i];
          assert.deepEqual([translated.id, translated.args], [d.id, d.args]);
          assert.equal(translated.message, printable(formatMessage(d, marked)));
          assert.ok(translated.message.startsWith("⟦"), translated.message);
        });
      }),
      { numRuns: runs },
    );
    assert.ok(seen.size >= 8, `the mutations reached only ${seen.size} kinds of message`);
  });

  it("syntax errors, refused exports and refused imports are messages too", () => {
    const syntax = analyze('{ "version": 1, "layers": [ }', { catalogue: marked }).diagnostics.filter((d) => d.code === "syntax");
    assert.ok(syntax.length > 0 && syntax.every((d) => d.id.startsWith("syntax.") && d.message.startsWith("⟦JSON syntax")));
    const broken = exportArtefact('{ "version": 1, "layers": [{ "type": "Dense" }] }', { format: "pytorch", outputName: "m.py" });
    assert.ok(!broken.ok);
    assert.match(formatMessage(broken.problem), /^the model has \d+ errors? to fix first: /);
    assert.match(formatMessage(broken.problem, marked), /^⟦the model has \d+ errors? to fix first: ⟦/);
    const imported = importKeras({ class_name: "Sequential", config: { layers: [{ class_name: "Foo", config: { name: "f" } }] } });
    assert.ok(!imported.ok);
    assert.equal(formatMessage(imported.problem), "cannot import: 1 layer of a type CNN Designer does not support: f (Foo)");
  });

  it("the English catalogue is the default", () => {
    assert.equal(englishCatalogue.texts, english);
    assert.deepEqual(placeholdersOf(english["param.intBetween"]), ["max", "min", "value", "what"]);
  });
});

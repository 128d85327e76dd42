/**
 * Model diffs: layers paired as a reviewer would, the totals' changes against tfjs-layers' counts of each side,
 * the problems a change brings, and reports that a terminal, a pull request and a machine can read.
 */
import * as assert from "node:assert/strict";
import { parse } from "jsonc-parser";
import {
  analyze,
  applyEdits,
  diffJson,
  diffModels,
  effectText,
  formatDiff,
  formatDiffMarkdown,
  insertionEdits,
  insertionEffect,
  spanishCatalogue,
  diffOverlay,
  type LayerChange,
} from "../../src/core";
import { example } from "./knownAnswers.test";
import { input32, model } from "../helpers/model";
import { buildWithTfjs, initTfjs, type LayerJson } from "../helpers/tfjsOracle";

const diff = (a: string, b: string) => diffModels(analyze(a), analyze(b));
const brief = (cs: readonly LayerChange[]) => cs.map((c) => [c.kind, (c.after ?? c.before)?.name, c.settings.map((s) => s.key)]);
const conv = (filters: number, extra: object = {}) => ({ type: "Conv2D", filters, kernelSize: 3, ...extra });

/** tfjs-layers' parameter count of a model file (the oracle, independent of the engine's counts). */
function tfjsParams(text: string): number {
  const layers = (parse(text) as { layers: LayerJson[] }).layers;
  const named = analyze(text).layers.map((l, i) => ({ ...layers[i], name: l.name })) as LayerJson[];
  return buildWithTfjs(named).reduce((n, l) => n + l.trainableParams + l.nonTrainableParams, 0);
}

describe("model diffs", () => {
  before(() => initTfjs());

  it("the pooling lesson as a diff: GAP → Flatten, +864,000 parameters as tfjs-layers counts them", () => {
    const gap = example("pooling-gap.cnn.json");
    const flat = example("pooling-flatten.cnn.json");
    const d = diff(gap, flat);
    assert.deepEqual(brief(d.changes), [
      ["changed", "conv2d", ["name"]],
      ["removed", "global_average_pooling2d", []],
      ["added", "flatten", []],
      ["affected", "dense", []],
    ]);
    assert.equal(d.unchanged, 3);
    const oracle = tfjsParams(flat) - tfjsParams(gap);
    assert.equal(oracle, 864000);
    assert.equal((d.totals.params.after as number) - (d.totals.params.before as number), oracle);
    // Each layer's Δparams adds up to the total's.
    const json = diffJson(d) as { changes: { deltaParams: number }[] };
    assert.equal(
      json.changes.reduce((n, c) => n + c.deltaParams, 0),
      oracle,
    );
    const text = formatDiff(d, "gap", "flatten");
    assert.match(text, /^ {2}Parameters\s+300,042\s+1,164,042\s+\+864,000$/m);
    assert.match(text, /^ {2}↳ dense \(Dense\): params \+864,000; MACs \+864,000$/m);
    assert.match(text, /^ {2}\+ flatten \(Flatten\): \(None, 86528\); 0 params; 0 MACs; RF 32×32$/m);
  });

  it("a layer inserted in a chain is one addition, though Keras' automatic names shift", () => {
    const before = model([input32, conv(8), conv(8), { type: "MaxPooling2D" }, conv(16)]);
    const after = model([input32, conv(8), { type: "BatchNormalization" }, conv(8), { type: "MaxPooling2D" }, conv(16)]);
    const d = diff(before, after);
    assert.deepEqual(brief(d.changes), [["added", "batch_normalization", []]]);
    assert.equal(d.unchanged, 5);
    // kernelSize 3 and [3, 3], or keys in another order, are the same layer.
    assert.deepEqual(diff(before, before.replace('"kernelSize":3', '"kernelSize":[3,3]')).changes, []);
  });

  it("a changed setting, its effect downstream (shape, params, MACs, receptive field) and the error it brings", () => {
    const a = model([input32, conv(8, { name: "c1" }), conv(8, { name: "c2" }), { type: "GlobalAveragePooling2D" }]);
    const b = model([input32, conv(8, { name: "c1", kernelSize: 5 }), conv(8, { name: "c2" }), { type: "GlobalAveragePooling2D" }]);
    const d = diff(a, b);
    assert.deepEqual(brief(d.changes), [
      ["changed", "c1", ["kernelSize"]],
      ["affected", "c2", []],
    ]);
    const text = formatDiff(d, "a", "b");
    assert.match(
      text,
      /~ c1 \(Conv2D\): kernelSize: \[3,3\] → \[5,5\]; output \(None, 30, 30, 8\) → \(None, 28, 28, 8\); params \+384; MACs \+276,000; RF 3×3 → 5×5$/m,
    );
    assert.match(text, /↳ c2 \(Conv2D\): output \(None, 28, 28, 8\) → \(None, 26, 26, 8\); MACs −[\d,]+; RF 5×5 → 7×7$/m);
    // A change that breaks the model: the new error is said, and the figures it leaves unknown are '?'.
    const broken = diff(a, a.replace('"filters":8,"kernelSize":3,"name":"c1"', '"filters":8,"kernelSize":40,"name":"c1"'));
    assert.equal(broken.problems.introduced.length, 1);
    assert.match(formatDiff(broken, "a", "b"), /^new error: c1: 40×40 kernel/m);
    assert.equal(broken.totals.params.after, null);
    assert.deepEqual(diff(b, a).problems, { introduced: [], resolved: [] });
  });

  it("renames, rewiring of a graph, and layers removed where they were", () => {
    const a = model([
      { type: "Input", name: "x", shape: [8, 8, 3] },
      { type: "Conv2D", name: "p", filters: 3, kernelSize: 1, inputs: ["x"] },
      { type: "Conv2D", name: "q", filters: 3, kernelSize: 3, padding: "same", inputs: ["x"] },
      { type: "Add", name: "sum", inputs: ["p", "q"] },
    ]);
    const b = model([
      { type: "Input", name: "x", shape: [8, 8, 3] },
      { type: "Conv2D", name: "q2", filters: 3, kernelSize: 3, padding: "same", inputs: ["x"] },
      { type: "Add", name: "sum", inputs: ["x", "q2"] },
    ]);
    const d = diff(a, b);
    assert.deepEqual(brief(d.changes), [
      ["removed", "p", []],
      ["changed", "q2", ["name"]],
      ["changed", "sum", ["inputs"]],
    ]);
  });

  it("the model's own changes: training settings with defaults, name, the inputs' order; an input's new name alone is none", () => {
    const training = (t: object) => model([input32, conv(8), { type: "GlobalAveragePooling2D" }], { name: "m", training: t });
    const d = diff(
      training({ batchSize: 128, optimizer: "adam" }),
      training({ batchSize: 1, optimizer: { type: "adam", learningRate: 0.01 } }),
    );
    assert.deepEqual(
      d.model.map((c) => [c.key, c.before, c.after]),
      [
        ["training.batchSize", 128, 1],
        ["training.optimizer.learningRate", 0.001, 0.01],
      ],
    );
    assert.match(formatDiff(d, "a", "b"), /^Model: training\.batchSize: 128 → 1; training\.optimizer\.learningRate: 0\.001 → 0\.01$/m);
    const two = (first: string, second: string, name = "b") =>
      model([
        { type: "Input", name: first, shape: [8, 8, 1] },
        { type: "Input", name: second, shape: [8, 8, 1] },
        { type: "Conv2D", name: "ca", filters: 1, kernelSize: 3, inputs: ["a"] },
        { type: "Conv2D", name: "cb", filters: 1, kernelSize: 3, inputs: [name] },
        { type: "Add", name: "sum", inputs: ["ca", "cb"] },
      ]);
    assert.deepEqual(
      diff(two("a", "b"), two("b", "a")).model.map((c) => [c.key, c.before, c.after]),
      [["inputs", ["a", "b"], ["b", "a"]]],
    );
    // Renaming an input renames it; its consumers compute the same.
    const renamed = diff(two("a", "b"), two("a", "b2", "b2"));
    assert.deepEqual(brief(renamed.changes), [
      ["changed", "b2", ["name"]],
      ["changed", "cb", ["inputs"]],
    ]);
    // A misspelt input is shown as written, beside the error it brings.
    const typo = diff(two("a", "b"), two("a", "b").replace('"inputs":["ca","cb"]', '"inputs":["ca","cbX"]'));
    assert.deepEqual(
      typo.changes.map((c) => c.settings.map((x) => [x.key, x.before, x.after])),
      [[["inputs", ["ca", "cb"], ["ca", "cbX"]]]],
    );
    assert.equal(typo.problems.introduced.length > 0, true);
  });

  it("what-if: an insertion's effect, its Δparams as tfjs-layers counts both models", () => {
    const flat = example("pooling-flatten.cnn.json");
    const before = analyze(flat);
    const request = { type: "Conv2D" as const, index: 2 };
    const effect = insertionEffect(flat, request, before)!;
    const after = applyEdits(flat, insertionEdits(flat, before.layers, request)!);
    assert.equal(effect.deltaParams, tfjsParams(after) - tfjsParams(flat));
    assert.equal(effect.deltaParams, -201696);
    assert.equal(
      effectText(effect),
      "→ (None, 28, 28, 32) · 36,896 params · model −201,696 params, −76,657,664 MACs · 4 downstream layers change",
    );
    // After the output Dense, a Conv2D is an error: said, with no totals.
    assert.match(
      effectText(insertionEffect(flat, { type: "Conv2D", index: 6 }, before)!),
      /^→ \? · error: conv2d_3: Conv2D expects a rank-4 input/,
    );
  });

  it("Markdown for a pull request: tables, and names that cannot break them", () => {
    const a = model([input32, conv(8, { name: "a|b" })]);
    const b = model([input32, conv(16, { name: "a|b" })]);
    const md = formatDiffMarkdown(diff(a, b), "HEAD:m.cnn.json", "m.cnn.json");
    assert.match(md, /^### Model diff: `HEAD:m\.cnn\.json` → `m\.cnn\.json`$/m);
    assert.match(md, /^\| Parameters \| 224 \| 448 \| \+224 \|$/m);
    assert.match(
      md,
      /^\| ~ \| a\\\|b \(Conv2D\) \| filters: 8 → 16; output \(None, 30, 30, 8\) → \(None, 30, 30, 16\); params \+224; MACs \+194,400 \|$/m,
    );
    // A name cannot make a link, an image, a mention or an entity.
    const named = (name: string, filters: number) => model([input32, conv(filters, { name })]);
    const hostile = formatDiffMarkdown(
      diff(named("[x](javascript:y) ![i](h) @user &#124;", 8), named("[x](javascript:y) ![i](h) @user &#124;", 4)),
      "a",
      "b",
    );
    assert.match(hostile, /\| \\\[x\\\]\(javascript:y\) \\!\\\[i\\\]\(h\) \\@user \\&\\#124; \(Conv2D\) \|/);
    // Every row of a table has as many cells as its header (an escaped pipe is text).
    const cells = (line: string) => line.replace(/\\\|/g, "").split("|").length;
    for (const table of md.split(/\n(?!\|)/).map((t) => t.split("\n").filter((l) => l.startsWith("|"))))
      for (const row of table) assert.equal(cells(row), cells(table[0]), row);
  });

  it("in Spanish: the report, the designer's overlay and what-if, with Spanish digits; models analysed in either language", () => {
    const a = model([input32, conv(8, { name: "c1" }), conv(8, { name: "c2" }), { type: "GlobalAveragePooling2D" }]);
    const b = a.replace('"filters":8,"kernelSize":3,"name":"c1"', '"filters":800,"kernelSize":40,"name":"c1"');
    const es = { catalogue: spanishCatalogue };
    // The same model analysed in English and in Spanish has no problems the diff would take for new ones.
    assert.deepEqual(diffModels(analyze(b), analyze(b, es)).problems, { introduced: [], resolved: [] });
    const d = diffModels(analyze(a, es), analyze(b, es));
    const md = formatDiffMarkdown(d, "HEAD:m.cnn.json", "m.cnn.json", spanishCatalogue);
    assert.match(md, /^### Diferencias del modelo: `HEAD:m\.cnn\.json` → `m\.cnn\.json`$/m);
    assert.match(md, /^\| \| antes \| después \| cambio \|$/m);
    assert.match(md, /^- nuevo error: c1: /m);
    assert.match(md, /^\*\*Capas:\*\* 0 añadidas, 0 eliminadas, 1 modificada, 2 afectadas aguas abajo, 1 sin cambios$/m);
    assert.match(
      md,
      /^\| ~ \| c1 \(Conv2D\) \| filters: 8 → 800; kernelSize: \\\[3,3\\\] → \\\[40,40\\\]; salida \(None, 30, 30, 8\) → \?; campo receptivo 3×3 → \? \|$/m,
    );
    const fine = diffModels(
      analyze(a, es),
      analyze(a.replace('"filters":8,"kernelSize":3,"name":"c1"', '"filters":1600,"kernelSize":3,"name":"c1"'), es),
    );
    assert.match(formatDiff(fine, "a", "b", spanishCatalogue), /^ {2}Parámetros +\d+ +[\d.]+ +\+[\d.]+$/m);
    assert.match(
      formatDiff(fine, "a", "b", spanishCatalogue),
      /salida \(None, 30, 30, 8\) → \(None, 30, 30, 1600\); parámetros \+44\.576; MACs \+38\.685\.600$/m,
    );
    assert.match(diffOverlay(fine, spanishCatalogue).counts, /^0 añadidas, 0 eliminadas, 1 modificada, 1 afectada aguas abajo/);
    // What-if in Spanish: the layer's line, the model's change and the layers it reshapes.
    const flat = example("pooling-flatten.cnn.json");
    const before = analyze(flat, es);
    assert.equal(
      effectText(insertionEffect(flat, { type: "Conv2D", index: 2 }, before, spanishCatalogue)!, spanishCatalogue),
      "→ (None, 28, 28, 32) · 36.896 parámetros · modelo −201.696 parámetros, −76.657.664 MACs · 4 capas posteriores cambian",
    );
    // An insertion into a model with an error already: only the errors it brings are said.
    assert.doesNotMatch(
      effectText(insertionEffect(b, { type: "ReLU", index: 3 }, analyze(b, es), spanishCatalogue)!, spanishCatalogue),
      /error/,
    );
  });

  it("a long cascade lists its first 25 affected layers in text; --json all; bounded on huge models", () => {
    const chain = (first: number) => model([input32, conv(first), ...Array.from({ length: 60 }, () => ({ type: "ReLU" }))]);
    const d = diff(chain(8), chain(9));
    assert.equal(d.changes.filter((c) => c.kind === "affected").length, 60);
    assert.match(formatDiff(d, "a", "b"), /… and 35 more layers affected downstream \(--json lists them all\)$/);
    const big = (n: number) => model([input32, ...Array.from({ length: n }, () => ({ type: "ReLU" }))]);
    const huge = diff(big(3000), big(3001));
    assert.equal(huge.changes.length, 1);
    assert.equal(huge.changes[0].kind, "added");
    // A layer inserted in the middle of 5,000: identical ends pair first, the middle is aligned.
    const dense = (units: number[]) => model([{ type: "Input", shape: [8] }, ...units.map((u) => ({ type: "Dense", units: u }))]);
    const units = Array.from({ length: 5000 }, () => 4);
    const inserted = diff(dense(units), dense([...units.slice(0, 2500), 5, ...units.slice(2500)]));
    assert.deepEqual(
      inserted.changes.map((c) => [c.kind, c.after?.name]),
      [
        ["added", "dense_2500"],
        ["affected", "dense_2501"],
      ],
    );
  });
});

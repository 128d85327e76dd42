/**
 * The engine's side of the hardening issue (#14): analysis never throws, whatever the text; deep nesting is
 * refused before any parser recurses; a byte order mark and lone CRs are read as VS Code reads them; a cycle is one
 * message with its places; integers are bounded; counts beyond 2⁵³ are marked approximate.
 */
import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import {
  analyze,
  formatCount,
  importKeras,
  LineIndex,
  layerRegistry,
  maxJsonDepth,
  parseDocument,
  parseJsonText,
  readWeightsManifest,
  settingEdits,
  skeletonState,
  tooDeepAt,
  formatMessage,
} from "../../src/core";

const runs = Number(process.env.FUZZ_RUNS ?? 500);
const text = (layers: unknown[], extra: object = {}) => JSON.stringify({ version: 1, layers, ...extra });

describe("hardening: the engine", () => {
  it("an exception inside the engine becomes one diagnostic that says what failed", () => {
    const dense = layerRegistry.Dense as { infer: unknown };
    const infer = dense.infer;
    dense.infer = () => {
      throw new TypeError("boom");
    };
    try {
      const a = analyze(
        text([
          { type: "Input", shape: [4] },
          { type: "Dense", units: 2 },
        ]),
      );
      assert.deepEqual(
        a.diagnostics.map((d) => [d.severity, d.code, d.offset]),
        [["error", "internal", 0]],
      );
      assert.match(a.diagnostics[0].message, /could not analyse this file \(TypeError: boom\)\. This is a defect of CNN Designer/);
      assert.deepEqual(a.layers, []);
    } finally {
      dense.infer = infer;
    }
  });

  it("nesting deeper than the limit is counted outside strings and comments, without recursion", () => {
    assert.equal(tooDeepAt("[".repeat(maxJsonDepth) + "]".repeat(maxJsonDepth)), -1);
    assert.equal(tooDeepAt("[".repeat(maxJsonDepth + 1)), maxJsonDepth);
    // Brackets inside strings (escaped quotes too) and comments do not count.
    const quoted = `{"a": "${"[".repeat(1000)}\\"${"{".repeat(1000)}"} // ${"[".repeat(1000)}\n/* ${"{".repeat(1000)} */`;
    assert.equal(tooDeepAt(quoted), -1);
    assert.equal(tooDeepAt("[".repeat(1_000_000)), maxJsonDepth);
  });

  it("a model nested 1,000,000 deep: one error at the place, no other message, and nothing else throws", () => {
    for (const deep of ["[".repeat(1e6) + "]".repeat(1e6), '{"a":'.repeat(1e5) + "0" + "}".repeat(1e5)]) {
      const a = analyze(deep);
      assert.deepEqual(
        a.diagnostics.map((d) => [d.code, d.offset]),
        [["unreadable", deep[0] === "[" ? maxJsonDepth : 5 * maxJsonDepth]],
      );
      assert.match(a.diagnostics[0].message, /nested more than 200 levels deep/);
      assert.equal(skeletonState(deep), "not-an-object");
      assert.equal(settingEdits(deep, ["training", "epochs"], 3), undefined);
      const json = parseJsonText(deep);
      assert.equal(
        json.ok ? "read" : formatMessage(json.problem),
        "its JSON is nested more than 200 levels deep, more than any model needs",
      );
    }
  });

  it("a UTF-8 byte order mark is whitespace: same diagnostics, same offsets as without it", () => {
    const plain = text([
      { type: "Input", shape: [4] },
      { type: "Dense", units: -1 },
    ]);
    const withBom = `\ufeff${plain}`;
    const a = analyze(plain).diagnostics;
    const b = analyze(withBom).diagnostics;
    assert.equal(b.length, 1);
    assert.equal(b[0].offset, a[0].offset + 1);
    assert.equal(withBom.slice(b[0].offset, b[0].offset + b[0].length), "-1");
    assert.deepEqual(parseDocument(withBom).syntaxErrors, []);
  });

  it("lines end at LF, CRLF and a lone CR, as in VS Code", () => {
    const index = new LineIndex("a\rb\r\nc\nd");
    assert.deepEqual(
      [0, 2, 5, 7].map((o) => index.positionAt(o)),
      [
        { line: 1, column: 1 },
        { line: 2, column: 1 },
        { line: 3, column: 1 },
        { line: 4, column: 1 },
      ],
    );
  });

  it("a cycle is one error on its first layer, with its length, its first names and the others' places", () => {
    const n = 8;
    const layers = [
      { type: "Input", name: "in", shape: [4] },
      ...Array.from({ length: n }, (_, i) => ({ type: "Add", name: `l${i}`, inputs: ["in", `l${(i + 1) % n}`] })),
      // Downstream of the cycle: no error of their own.
      ...Array.from({ length: 3 }, (_, i) => ({ type: "ReLU", name: `after${i}`, inputs: [i ? `after${i - 1}` : "l3"] })),
    ];
    const source = text(layers);
    const cycles = analyze(source).diagnostics.filter((d) => d.code === "cycle");
    assert.equal(cycles.length, 1);
    assert.equal(cycles[0].message, "l0: part of a cycle of 8 layers: l0 → l7 → l6 → l5 → l4 → … → l0; no layer on it can be computed");
    assert.equal(cycles[0].related?.length, n - 1);
    for (const r of cycles[0].related ?? []) assert.match(source.slice(r.offset, r.offset + r.length), /^\["in","l\d"\]$/);
  });

  it("a cycle of 20,000 layers is analysed in linear time, into one message of bounded size", () => {
    const n = 20000;
    const layers = [
      { type: "Input", name: "in", shape: [4] },
      ...Array.from({ length: n }, (_, i) => ({ type: "Add", name: `l${i}`, inputs: ["in", `l${(i + 1) % n}`] })),
      ...Array.from({ length: n }, (_, i) => ({ type: "ReLU", name: `t${i}`, inputs: [i ? `t${i - 1}` : "l5"] })),
    ];
    const a = analyze(text(layers));
    const cycles = a.diagnostics.filter((d) => d.code === "cycle");
    assert.equal(cycles.length, 1);
    assert.ok(cycles[0].message.length < 200, cycles[0].message);
    assert.equal(cycles[0].related?.length, 50);
  });

  it("integers beyond int32 are refused with the bound; a count beyond 2⁵³ is marked approximate", () => {
    const message = (layers: unknown[], extra?: object) => analyze(text(layers, extra)).diagnostics.map((d) => d.message);
    assert.deepEqual(
      message([
        { type: "Input", shape: [4] },
        { type: "Dense", units: 2 ** 31 },
      ]),
      ["dense: 'units' must be an integer ≥ 1 and at most 2,147,483,647, got 2147483648"],
    );
    assert.match(
      message([
        { type: "Input", shape: [8, 8, 1] },
        { type: "Conv2D", filters: 1, kernelSize: [3, 1e300] },
      ])[0],
      /at most 2,147,483,647, got 1e\+300/,
    );
    assert.match(
      message([
        { type: "Input", shape: [8, 8, 1] },
        { type: "UpSampling2D", size: 2 ** 30 },
      ])[0],
      /a dimension of 8,589,934,592/,
    );
    assert.equal(formatCount(2 ** 53 - 1), "9,007,199,254,740,991");
    assert.equal(formatCount(2 ** 53 + 2), "≈9,007,199,254,740,990");
    const a = analyze(
      text([
        { type: "Input", shape: [2 ** 31 - 1, 2 ** 31 - 1] },
        { type: "Dense", units: 3 },
      ]),
    );
    assert.equal(a.totals.exact, false);
    assert.equal(
      analyze(
        text([
          { type: "Input", shape: [4] },
          { type: "Dense", units: 3 },
        ]),
      ).totals.exact,
      true,
    );
  });

  it(`training sections of arbitrary JSON never throw and every diagnostic is located (${runs} runs)`, () => {
    const base = [{ type: "Input", shape: [28, 28, 1] }, { type: "Flatten" }, { type: "Dense", units: 10 }];
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 3 }), (training, dataset) => {
        for (const t of [training, { optimizer: training, dataset }, { epochs: training, batchSize: training, seed: dataset }]) {
          const source = text(base, { training: t });
          for (const d of analyze(source).diagnostics) assert.ok(d.offset >= 0 && d.offset + d.length <= source.length, d.message);
        }
      }),
      { numRuns: runs },
    );
  });

  it(`import files and run manifests of arbitrary JSON give a result or a message, never an exception (${runs} runs)`, () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.jsonValue({ maxDepth: 3 }), (json, config) => {
        const wrapped = [json, { class_name: "Sequential", config: { layers: [json, { class_name: "Conv2D", config }] } }];
        for (const j of wrapped) {
          const r = importKeras(j);
          assert.ok(r.ok || formatMessage(r.problem).length > 0);
          if (r.ok) for (const d of analyze(r.value.text).diagnostics) assert.notEqual(d.severity, "error", d.message);
        }
        const m = readWeightsManifest(json);
        assert.ok(m.ok || formatMessage(m.problem).length > 0);
        readWeightsManifest([{ paths: ["w.bin"], weights: [json] }]);
      }),
      { numRuns: runs },
    );
  });
});

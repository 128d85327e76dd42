import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as fc from "fast-check";
import ELK from "elkjs/lib/elk.bundled.js";
import {
  analyze,
  blocksOf,
  diagramScene,
  findRepeats,
  layoutDiagram,
  spanishCatalogue,
  type Analysis,
  type Typeface,
} from "../../src/core";

const example = (name: string) => analyze(readFileSync(join(__dirname, "../../../examples", `${name}.cnn.json`), "utf8"));

/** A random graph of 4-wide vectors: Dense and ReLU read one earlier layer, Add two or three. */
const graphArb = fc.array(
  fc.record({
    kind: fc.constantFrom("Dense", "ReLU", "Add", "Dense"),
    picks: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
    chain: fc.boolean(),
  }),
  { minLength: 1, maxLength: 24 },
);

function graphModel(steps: readonly { kind: string; picks: number[]; chain: boolean }[]): Analysis {
  const layers: Record<string, unknown>[] = [{ type: "Input", name: "x", shape: [4] }];
  steps.forEach((s, n) => {
    const earlier = (p: number) => layers[s.chain ? layers.length - 1 : p % layers.length].name as string;
    const inputs =
      s.kind === "Add"
        ? [...new Set([layers[layers.length - 1].name as string, earlier(s.picks[1]), earlier(s.picks[2])])]
        : [earlier(s.picks[0])];
    if (s.kind === "Add" && inputs.length < 2) return;
    layers.push({ type: s.kind, name: `l${n}`, inputs, ...(s.kind === "Dense" ? { units: 4 } : {}) });
  });
  return analyze(JSON.stringify({ version: 1, layers }));
}

/** Whether, after topological position p, only the layer at p is read later: the definition of a cut, by brute force. */
function isCut(a: Analysis, p: number): boolean {
  const position = new Map(a.order.map((i, k) => [a.layers[i].name, k]));
  return a.order.every((i, q) => q <= p || a.layers[i].inputs.every((name) => position.get(name)! >= p + 1 || position.get(name) === p));
}

describe("diagram: blocks and repeated blocks", () => {
  it("cuts a graph exactly where one tensor alone crosses (random graphs, checked against the definition)", () => {
    fc.assert(
      fc.property(graphArb, (steps) => {
        const a = graphModel(steps);
        const blocks = blocksOf(a.layers, a.order);
        assert.deepEqual(blocks.flat(), [...a.order]);
        let p = -1;
        for (const b of blocks) {
          // Inside a block no cut; at its end, a cut (or the model's end).
          for (let k = 0; k < b.length - 1; k++) assert.equal(isCut(a, p + 1 + k), false, `cut inside a block at ${p + 1 + k}`);
          p += b.length;
          assert.equal(isCut(a, p), true, `no cut at a block's end ${p}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("finds a unit repeated k times between different layers, and only alike instances in a run", () => {
    const unitArb = fc.array(fc.constantFrom("dense4", "dense8", "relu", "res", "dropout"), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(unitArb, fc.integer({ min: 2, max: 5 }), (unit, k) => {
        const layers: Record<string, unknown>[] = [{ type: "Input", name: "x", shape: [8] }];
        const add = (kind: string) => {
          const last = layers[layers.length - 1].name as string;
          const name = `l${layers.length}`;
          if (kind === "res") {
            layers.push({ type: "Dense", name: `${name}a`, inputs: [last], units: 8 });
            layers.push({ type: "Add", name, inputs: [last, `${name}a`] });
          } else if (kind === "relu") layers.push({ type: "ReLU", name, inputs: [last] });
          else if (kind === "dropout") layers.push({ type: "Dropout", name, inputs: [last], rate: 0.25 });
          else layers.push({ type: "Dense", name, inputs: [last], units: 8, activation: kind === "dense4" ? "tanh" : "relu" });
        };
        // Something different before and after the repeats, so that they cannot extend the run.
        layers.push({ type: "BatchNormalization", name: "before", inputs: ["x"] });
        for (let r = 0; r < k; r++) unit.forEach(add);
        layers.push({ type: "LayerNormalization", name: "after", inputs: [layers[layers.length - 1].name] });
        const a = analyze(JSON.stringify({ version: 1, layers }));
        assert.equal(a.diagnostics.filter((d) => d.severity === "error").length, 0);
        const runs = findRepeats(a.layers, a.order);
        const unitLayers = unit.reduce((n, u) => n + (u === "res" ? 2 : 1), 0);
        const covered = runs.reduce((n, r) => n + r.count * r.period, 0);
        assert.ok(covered >= unitLayers * k, `runs cover ${covered} layers of the ${unitLayers * k} repeated`);
        for (const r of runs) {
          const shapeOf = (instance: readonly number[]) => instance.map((i) => JSON.stringify([a.layers[i].type, a.layers[i].settings]));
          for (const instance of r.instances) assert.deepEqual(shapeOf(instance), shapeOf(r.instances[0]));
          // Instances follow each other in the model's order.
          const flat = r.instances.flat();
          const at = a.order.indexOf(flat[0]);
          assert.deepEqual(flat, a.order.slice(at, at + flat.length));
        }
      }),
      { numRuns: 200 },
    );
  });

  it("draws the pooling article's three alike convolutions once, ×3, with the last one's shape leaving", () => {
    const scene = diagramScene(example("pooling-gap"), { collapse: true });
    assert.deepEqual(
      scene.nodes.map((n) => n.title),
      ["input_layer", "conv1", "global_average_pooling2d", "dense"],
    );
    assert.deepEqual(scene.frames, [{ members: ["n1"], badge: "×3", caption: "298,752 params" }]);
    assert.deepEqual(
      scene.edges.map((e) => `${e.from}>${e.to} ${e.label}`),
      ["n0>n1 32×32×3", "n1>n4 26×26×128", "n4>n5 128"],
    );
    assert.equal(scene.nodes[1].subtitle, "Conv2D 3×3, 128, relu");
  });

  it("labels a diagram in the catalogue's language: parameters, strides, folded models, digits", () => {
    const es = diagramScene(example("pooling-gap"), { collapse: true, catalogue: spanishCatalogue });
    assert.deepEqual(es.frames, [{ members: ["n1"], badge: "×3", caption: "298.752 parámetros" }]);
    assert.equal(es.nodes[1].figures, "30×30×128 · 3584 parámetros");
    const strided = analyze(
      JSON.stringify({
        version: 1,
        layers: [
          { type: "Input", shape: [16, 16, 3] },
          { type: "Conv2D", filters: 1, kernelSize: 3, strides: 2, dilationRate: 1, useBias: false },
          { type: "Conv2D", filters: 2, kernelSize: 3, dilationRate: 2 },
        ],
      }),
    );
    const labels = diagramScene(strided, { catalogue: spanishCatalogue }).nodes.map((n) => `${n.subtitle} | ${n.figures}`);
    assert.deepEqual(labels, [
      "Input | 16×16×3",
      "Conv2D 3×3, 1, paso 2×2 | 7×7×1 · 27 parámetros",
      "Conv2D 3×3, 2, dilatación 2×2 | 3×3×2 · 20 parámetros",
    ]);
    assert.equal(diagramScene(strided, { catalogue: spanishCatalogue }).title, "modelo");
    // English by default, with its own plural.
    assert.equal(diagramScene(strided).nodes[1].figures, "7×7×1 · 27 params");
  });

  it("frames ResNet-50's identity blocks per stage (2, 3, 5, 2) and MobileNet's five 512-channel blocks", () => {
    const counts = (a: Analysis) => findRepeats(a.layers, a.order).map((r) => `${r.count}×${r.period}`);
    assert.deepEqual(counts(example("resnet50")), ["2×10", "3×10", "5×10", "2×10"]);
    assert.deepEqual(counts(example("mobilenet")), ["5×6"]);
    // A residual block's run ends with its activation, as the block is read (not a rotation of it).
    const resnet = example("small-resnet");
    const [run] = findRepeats(resnet.layers, resnet.order);
    const first = run.instances[0];
    assert.deepEqual(
      [first[0], first[first.length - 1]].map((i) => resnet.layers[i].name),
      ["b1_conv1", "b1_out"],
    );
  });
});

/** A typeface of fixed-width characters (bold a little wider), enough to check room against measurement. */
const fixed: Typeface = { family: "monospace", width: (t, size, bold) => [...t].length * size * (bold ? 0.62 : 0.58) };
const elk = new ELK();

describe("diagram: layout", () => {
  for (const [name, style, collapse] of [
    ["small-resnet", "cards", true],
    ["densenet-mini", "cards", false],
    ["resnet50", "cards", true],
    ["small-mobilenet", "volume", true],
    ["pooling-flatten", "volume", false],
  ] as const)
    it(`${name} (${style}${collapse ? ", collapsed" : ""}): no two nodes overlap, frames hold their members, every label has room`, async () => {
      const scene = diagramScene(example(name), { collapse });
      const layout = await layoutDiagram(scene, style, fixed, (g) => elk.layout(g));
      const inside = (r: { x: number; y: number; width: number; height: number }, f: typeof r) =>
        r.x >= f.x && r.y >= f.y && r.x + r.width <= f.x + f.width && r.y + r.height <= f.y + f.height;
      const overlap = (p: (typeof layout.nodes)[0]["rect"], q: typeof p) =>
        p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height;
      for (const [i, n] of layout.nodes.entries()) {
        for (const m of layout.nodes.slice(i + 1)) assert.ok(!overlap(n.rect, m.rect), `${n.id} overlaps ${m.id}`);
        assert.ok(inside(n.rect, { x: 0, y: 0, width: layout.width, height: layout.height }));
        // The room the drawing gives each line: the card's inner width, or the node's.
        const room = style === "cards" ? n.rect.width - 2 * 12 - 6 : n.rect.width - 8;
        n.lines.forEach((line, k) =>
          assert.ok(fixed.width(line, k === 0 ? 13 : style === "cards" ? 12 : 11, k === 0) <= room + 1e-9, `${line}`),
        );
      }
      layout.frames.forEach((f, k) => {
        for (const id of scene.frames[k].members)
          assert.ok(inside(layout.nodes.find((n) => n.id === id)!.rect, f.rect), `${id} outside its frame`);
      });
      // Every edge drawn, from its source to its target.
      assert.equal(layout.edges.filter((e) => e.points.length >= 2).length, scene.edges.length);
    });

  it("shortens a label too long for the widest card with an ellipsis, never past its room", async () => {
    const long = "a".repeat(300);
    const a = analyze(
      JSON.stringify({
        version: 1,
        layers: [
          { type: "Input", name: long, shape: [4] },
          { type: "Dense", units: 2 },
        ],
      }),
    );
    const layout = await layoutDiagram(diagramScene(a), "cards", fixed, (g) => elk.layout(g));
    const title = layout.nodes[0].lines[0];
    assert.match(title, /^a+…$/);
    assert.ok(fixed.width(title, 13, true) <= layout.nodes[0].rect.width - 30);
    assert.equal(layout.nodes[0].rect.width, 520);
  });
});

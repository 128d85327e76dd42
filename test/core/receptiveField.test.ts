/**
 * Receptive fields against their oracle: the extent of the non-zero input gradient of one output position, in
 * tfjs-layers (test/helpers/fieldOracle.ts) — on random models of every layer type (strides, dilations, padding,
 * transposed convolutions, resizing, branches that merge), and on hand-checked chains.
 */
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import * as fc from "fast-check";
import { analyze, layerTypes } from "../../src/core";
import { receptiveFields, type PositionFields } from "../../src/core/analysis/receptiveField";
import { registerDilatedGradients } from "../../src/trainer/kernels/dilatedGradients";
import { buildForGradients, forwardFields, gradientSafe, measuredField } from "../helpers/fieldOracle";
import { modelText, planArb, realise } from "../helpers/randomModel";
import { initTfjs, type LayerJson } from "../helpers/tfjsOracle";

const runs = Number(process.env.FIELD_RUNS ?? 500);

/** The positions to probe on a spatial output: its first, middle and last along every axis together. */
const probes = (sizes: readonly number[]) => [0, 0.5, 1].map((t) => sizes.map((n) => Math.round(t * (n - 1))));

/** Every layer's fields against the gradients; returns the disagreements. */
function compare(layers: LayerJson[], checked = new Set<string>()): string[] {
  const text = modelText(layers);
  const analysis = analyze(text);
  // (tfjs' resize gradients are wrong — nearest ignores half-pixel centres, bilinear transposes non-square images:
  // a model that resizes is checked by the forward test below instead.)
  if (layers.some((l) => l.type === "Resizing" || (l.type === "UpSampling2D" && l.interpolation === "bilinear"))) return [];
  // (A model the engine refuses, or whose input has no spatial axes, has no fields to check.)
  if (analysis.diagnostics.some((d) => d.severity === "error")) return [];
  if (((layers[0].shape as number[] | undefined)?.length ?? 0) < 2) return [];
  // (A normalisation or softmax over a single value is a constant: its gradient is zero by construction.)
  const single = analysis.layers.some((l) => {
    if (l.type !== "LayerNormalization" && l.type !== "Softmax") return false;
    const shape = l.outputShape ?? [];
    const axes = [l.settings?.axis ?? -1].flat() as number[];
    return axes.reduce((n, a) => n * ((shape[a < 0 ? a + shape.length : a] as number | null) ?? 2), 1) === 1;
  });
  if (single) return [];
  // (Nor branches joined along the batch axis, which tfjs builds but cannot run.)
  const batchJoin = analysis.layers.some((l) => {
    const axis = (l.settings?.axis as number | undefined) ?? -1;
    return l.type === "Concatenate" && (axis === 0 || axis + (l.outputShape?.length ?? 0) === 0);
  });
  if (batchJoin) return [];
  // (Nor can tfjs differentiate a layer normalisation over the batch axis, which has no scale or offset.)
  const batchNorming = analysis.layers.some(
    (l) =>
      l.type === "LayerNormalization" &&
      ([l.settings?.axis ?? -1].flat() as number[]).some((a) => a === 0 || a + (l.outputShape?.length ?? 0) === 0),
  );
  if (batchNorming) return [];
  const fields = receptiveFields(analysis);
  const ranks = new Map(analysis.layers.map((l) => [l.name, l.outputShape?.length ?? 0]));
  const model = buildForGradients(gradientSafe(layers, ranks));
  const wrong: string[] = [];
  try {
    analysis.layers.forEach((layer, i) => {
      const [field] = fields[i];
      if (!field || field.axes.length === 0 || layer.type === "Input" || field.positions.some((p) => !p)) return;
      const sizes = (layer.outputShape ?? []).slice(1, -1) as number[];
      for (const position of field.collapsed ? [[]] : probes(sizes)) {
        let measured;
        try {
          measured = measuredField(model, layer.name, position);
        } catch (e) {
          // tfjs differentiates no softmax over an axis but the last: the oracle has no answer there.
          if (/Softmax along a non-last dimension/.test(String(e))) return;
          throw e;
        }
        // Where a field reaches past the input, dilation's holes may leave its last real positions short of the
        // clamped ends: there the gradient must lie within them; elsewhere it must reach them exactly.
        // The engine's exact field of the position: per axis, its first and last input positions, or none.
        const ours = field.axes.map((_a, k) => {
          const exact = field.positions[k] as PositionFields;
          const o = field.collapsed ? 0 : position[k];
          return exact.lo[o] <= exact.hi[o] ? [exact.lo[o], exact.hi[o]] : null;
        });
        const expected = ours.some((x) => x === null) ? null : ours;
        checked.add(layer.type);
        const problems =
          JSON.stringify(measured) === JSON.stringify(expected)
            ? []
            : [`the gradient ${JSON.stringify(measured)}, the engine ${JSON.stringify(expected)}`];
        if (problems.length) wrong.push(`${layer.name} (${layer.type}) at ${JSON.stringify(position)}: ${problems.join("; ")}`);
      }
    });
  } finally {
    model.dispose();
  }
  return wrong;
}

/** A resize layer's fields against the forward oracle; the disagreements. */
function compareResize(layers: LayerJson[]): string[] {
  const [field] = receptiveFields(analyze(modelText(layers)))[1];
  const measured = forwardFields(layers);
  if (!field || !measured) return ["no field"];
  const ours = field.positions.map((p) => ({ lo: Array.from(p?.lo ?? []), hi: Array.from(p?.hi ?? []) }));
  const theirs = [0, 1].map((k) => ({ lo: measured.lo[k], hi: measured.hi[k] }));
  return JSON.stringify(ours) === JSON.stringify(theirs) ? [] : [`engine ${JSON.stringify(ours)}, forward ${JSON.stringify(theirs)}`];
}

describe("receptive fields (oracle: the input gradient of one output position)", function () {
  this.timeout(600_000);
  // (tfjs' own convolution gradients refuse dilation: the trainer's, checked against autodiff in test/trainer.)
  before(async () => {
    await initTfjs();
    registerDilatedGradients(tf);
  });

  it("a Resizing to the same size reads one pixel per output (bilinear at half-pixel centres is the identity there)", () => {
    const text = JSON.stringify({
      version: 1,
      layers: [
        { type: "Input", name: "x", shape: [16, 16, 3] },
        { type: "Resizing", name: "same", height: 16, width: 16 },
        { type: "Conv2D", name: "c", filters: 2, kernelSize: 3 },
        { type: "Resizing", name: "up", height: 32, width: 32 },
      ],
    });
    const sizes = analyze(text).layers.map((l) => l.receptiveField[0]?.size);
    assert.deepEqual(sizes.slice(1, 3), [
      [1, 1],
      [3, 3],
    ]);
    // Doubling samples two neighbours: the usual reading grows.
    assert.ok(sizes[3]![0] > 3, JSON.stringify(sizes[3]));
  });

  it("a chain by hand: 3×3 convolutions, a strided one, a dilated one, pooling, padding", () => {
    const layers: LayerJson[] = [
      { type: "Input", name: "x", shape: [32, 32, 1] },
      { type: "Conv2D", name: "a", filters: 2, kernelSize: 3 },
      { type: "Conv2D", name: "b", filters: 2, kernelSize: 3, strides: 2, padding: "same" },
      { type: "Conv2D", name: "c", filters: 2, kernelSize: 3, dilationRate: 2 },
      { type: "AveragePooling2D", name: "d", poolSize: 2 },
      { type: "GlobalAveragePooling2D", name: "e" },
    ];
    const fields = receptiveFields(analyze(modelText(layers)));
    const size = (name: string) => fields[layers.findIndex((l) => l.name === name)][0].axes[0];
    // 3, then 3 + 2·1 = 5 (jump 2), then 5 + 4·2 = 13, then 13 + 1·4 = 17 (jump 8).
    assert.deepEqual(
      ["a", "b", "c", "d"].map((n) => [size(n).size, size(n).jump]),
      [
        [3, 1],
        [5, 2],
        [13, 2],
        [15, 4],
      ],
    );
    assert.equal(fields[5][0].collapsed, true);
    assert.deepEqual(compare(layers), []);
  });

  it("the usual sizes of published networks (Araujo et al., Distill 2019): ResNet-50 483, MobileNet 315", () => {
    const last = (file: string) => {
      const analysis = analyze(readFileSync(join(__dirname, "..", "..", "..", "examples", file), "utf8"));
      const fields = receptiveFields(analysis);
      const spatial = analysis.layers.filter((_l, i) => fields[i][0] && !fields[i][0].collapsed && fields[i][0].axes.length > 0);
      return fields[spatial[spatial.length - 1].index][0].axes.map((a) => [a.size, a.jump]);
    };
    assert.deepEqual(last("resnet50.cnn.json"), [
      [483, 32],
      [483, 32],
    ]);
    assert.deepEqual(last("mobilenet.cnn.json"), [
      [315, 32],
      [315, 32],
    ]);
    // The pooling article's model: three 3×3 convolutions see 7×7 of its 32×32 input before global pooling.
    assert.deepEqual(last("pooling-gap.cnn.json"), [
      [7, 1],
      [7, 1],
    ]);
  });

  it(`random models (${runs}, sequential and graph, every layer type): the gradient's extent at each probed position`, () => {
    const wrong: string[] = [];
    const checked = new Set<string>();
    fc.assert(
      fc.property(planArb, (plan) => {
        const { layers } = realise(plan);
        const found = compare(layers, checked);
        if (found.length) wrong.push(`${found[0]}\n  in ${JSON.stringify(layers)}`);
      }),
      { numRuns: runs, ...(process.env.FIELD_SEED ? { seed: Number(process.env.FIELD_SEED), path: process.env.FIELD_PATH } : {}) },
    );
    assert.deepEqual(wrong.slice(0, 3), []);
    // Every type that keeps spatial axes was probed (resizing has its own test; a Reshape's field is not followed).
    const unprobed = layerTypes.filter((t) => !checked.has(t) && !["Input", "Resizing", "Reshape"].includes(t));
    assert.deepEqual(unprobed, []);
  });

  it("resizing (Keras' Resizing, bilinear UpSampling2D; tfjs' resize gradients are wrong): by perturbing each input", () => {
    const size = fc.integer({ min: 1, max: 9 });
    const resizing = fc.record({ h: size, w: size, th: size, tw: size, how: fc.constantFrom("nearest", "bilinear"), crop: fc.boolean() });
    fc.assert(
      fc.property(resizing, ({ h, w, th, tw, how, crop }) => {
        const layers: LayerJson[] = [
          { type: "Input", name: "x", shape: [h, w, 1] },
          { type: "Resizing", name: "r", height: th, width: tw, interpolation: how, cropToAspectRatio: crop },
        ];
        assert.deepEqual(compareResize(layers), [], JSON.stringify(layers));
      }),
      { numRuns: 150 },
    );
    const upsampling = fc.record({ h: size, w: size, f: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })) });
    fc.assert(
      fc.property(upsampling, ({ h, w, f }) => {
        const layers: LayerJson[] = [
          { type: "Input", name: "x", shape: [h, w, 1] },
          { type: "UpSampling2D", name: "u", size: f, interpolation: "bilinear" },
        ];
        assert.deepEqual(compareResize(layers), [], JSON.stringify(layers));
      }),
      { numRuns: 60 },
    );
  });
});

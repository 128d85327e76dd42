import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { analyze } from "../../src/core";
import { checkEveryType, modelText, planArb, realise } from "../helpers/randomModel";
import { buildWithTfjs, initTfjs, weightLine } from "../helpers/tfjsOracle";

const runs = Number(process.env.ORACLE_RUNS ?? 500);

describe("tfjs-layers oracle (fast-check)", () => {
  before(() => initTfjs());

  it(`random valid models (${runs} runs, sequential and graph, every layer type): identical shapes, counts and weights`, () => {
    const missed = checkEveryType(runs, (layers) => {
      const a = analyze(modelText(layers));
      assert.deepEqual(
        a.diagnostics.filter((d) => d.severity === "error"),
        [],
      );
      const oracle = buildWithTfjs(layers);
      assert.deepEqual(
        a.layers.map((l) => [
          l.name,
          l.outputShape,
          l.trainableParams,
          l.nonTrainableParams,
          (l.weights ?? []).map((w) => weightLine(w.name, w.shape, w.trainable && l.written?.trainable !== false)),
        ]),
        oracle.map((o) => [o.name, o.outputShape, o.trainableParams, o.nonTrainableParams, o.weights]),
      );
    });
    assert.deepEqual(missed, [], "every layer type must be exercised");
  });

  it("layers tfjs-layers rejects get an error diagnostic on that layer", () => {
    const disagreements: string[] = [];
    fc.assert(
      fc.property(planArb, (plan) => {
        for (const { layers, error } of realise(plan).rejected) {
          const a = analyze(modelText(layers));
          const last = layers[layers.length - 1].name;
          const bad = layers[layers.length - 1];
          const source = a.layers.find((l) => l.name === bad.inputs?.[0]);
          // tfjs-layers departs from Keras here: its Flatten refuses rank-2 inputs, which Keras passes through.
          if (bad.type === "Flatten" && source?.outputShape?.length === 2) continue;
          if (!a.diagnostics.some((d) => d.severity === "error" && d.layer === last)) {
            disagreements.push(
              `${JSON.stringify(layers[layers.length - 1])} on ${JSON.stringify(a.layers[a.layers.length - 2]?.outputShape)}: tfjs says ${error}`,
            );
          }
        }
      }),
      { numRuns: runs },
    );
    assert.deepEqual(disagreements.slice(0, 10), []);
  });
});

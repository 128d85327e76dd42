/**
 * Names that are properties of every JavaScript object ("constructor", "__proto__", "toString" …) in every place
 * a model file names something: a lookup by a user's name must use the table's own entries only. Each such name
 * is an unknown value with a located diagnostic where a table of names is asked (an optimizer, a loss, a layer
 * type), and an ordinary name where the user names things (layers, inputs), never an exception.
 */
import * as assert from "node:assert/strict";
import {
  analyze,
  datasetSpecs,
  exportArtefact,
  formatSummary,
  importKeras,
  layerRegistry,
  layerTypes,
  scheduleSpecs,
  tfjsNameProblem,
  type ExportFormat,
  type ParamSpec,
  formatMessage,
} from "../../src/core";
import { zeroRun } from "../helpers/model";

/** Every name an object inherits, and the two that have special meaning to property access. */
export const prototypeNames = [
  "constructor",
  "__proto__",
  "prototype",
  "toString",
  "toLocaleString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "__defineGetter__",
  "__lookupSetter__",
] as const;

/** Every export format, checked by the compiler: a new format must be added here. */
const exportFormats = Object.keys({ keras: 0, h5: 0, keras3: 0, onnx: 0, pytorch: 0, tfjs: 0 } satisfies Record<
  ExportFormat,
  0
>) as ExportFormat[];

const training = {
  optimizer: { type: "adam", learningRate: 0.001 },
  loss: "categoricalCrossentropy",
  metrics: ["accuracy"],
  batchSize: 2,
  epochs: 1,
  dataset: { type: "mnist-sample" },
};
const layers = [
  { type: "Input", shape: [28, 28, 1] },
  { type: "Conv2D", filters: 2, kernelSize: 3, activation: "relu" },
  { type: "Flatten" },
  { type: "Dense", units: 10, activation: "softmax" },
];

/** Runs everything a model text goes through outside training: analysis, summary, every exporter. */
function everything(text: string): ReturnType<typeof analyze> {
  const a = analyze(text);
  assert.equal(typeof formatSummary(a), "string");
  for (const format of exportFormats) {
    const r = exportArtefact(text, { format, outputName: "out.x" });
    assert.equal(typeof r.ok, "boolean");
  }
  return a;
}

/** Asserts the document gets an error diagnostic (and nothing throws). */
function refused(doc: unknown, what: string): void {
  const text = JSON.stringify(doc, null, 2);
  let a: ReturnType<typeof analyze>;
  try {
    a = everything(text);
  } catch (e) {
    assert.fail(`${what}: threw ${(e as Error).stack}`);
  }
  assert.ok(
    a.diagnostics.some((d) => d.severity === "error"),
    `${what}: no error diagnostic (${JSON.stringify(a.diagnostics.map((d) => d.message))})`,
  );
}

/** JSON.stringify writes "__proto__" as an own key only when it is one; build such objects with defineProperty. */
function withKey(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...object };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

describe("[prototype] names that every JavaScript object has (constructor, __proto__ …) in a model file", () => {
  for (const name of prototypeNames) {
    it(`'${name}' where a known name is asked: an error diagnostic, never an exception`, () => {
      refused({ version: 1, layers, training: { ...training, optimizer: name } }, "optimizer");
      refused({ version: 1, layers, training: { ...training, optimizer: { type: name } } }, "optimizer type");
      refused({ version: 1, layers, training: { ...training, loss: name } }, "loss");
      refused({ version: 1, layers, training: { ...training, metrics: [name] } }, "metric");
      refused({ version: 1, layers, training: { ...training, dataset: { type: name } } }, "dataset type");
      refused({ version: 1, layers, training: { ...training, optimizer: { type: "adam", schedule: { type: name } } } }, "schedule type");
      refused({ version: 1, layers: [...layers.slice(0, 3), { type: name }] }, "layer type");
      refused({ version: 1, layers: [...layers.slice(0, 3), { type: "Dense", units: 10, inputs: [name] }] }, "inputs");
      for (const type of layerTypes) {
        for (const [param, spec] of Object.entries(layerRegistry[type].params as Record<string, ParamSpec>)) {
          if (spec.kind !== "enum") continue;
          const layer = { type, [param]: name };
          refused({ version: 1, layers: [layers[0], layer] }, `${type}.${param}`);
        }
      }
    });

    it(`'${name}' as a key where known keys are asked: a diagnostic, never an exception`, () => {
      const where = [
        { version: 1, layers: [layers[0], withKey({ type: "Dense", units: 2 }, name, 1)] },
        withKey({ version: 1, layers }, name, 1),
        { version: 1, layers, training: withKey(training, name, 1) },
        { version: 1, layers, training: { ...training, optimizer: withKey(training.optimizer, name, 1) } },
        { version: 1, layers, training: { ...training, dataset: withKey(training.dataset, name, "x") } },
        { version: 1, layers, training: { ...training, earlyStopping: withKey({ monitor: "val_loss" }, name, 1) } },
      ];
      for (const doc of where) {
        const a = everything(JSON.stringify(doc));
        assert.ok(a.diagnostics.length > 0, `no diagnostic for the key ${name} in ${JSON.stringify(doc)}`);
      }
      // Only the known dataset types and schedules are offered, never an inherited name.
      assert.ok(!Object.hasOwn(datasetSpecs, name) && !Object.hasOwn(scheduleSpecs, name));
    });

    it(`'${name}' as a layer's name is an ordinary name: same shapes, counts and exports as any other`, () => {
      const named = (n: string) => ({
        version: 1,
        layers: [
          { ...layers[0], name: "in" },
          { ...layers[1], name: n },
          { type: "Flatten", name: "flat", inputs: [n] },
          { ...layers[3], name: "out" },
        ],
        training,
      });
      const plain = everything(JSON.stringify(named("conv")));
      const odd = everything(JSON.stringify(named(name)));
      // The one difference: TF.js keys plain objects by layer name, so training and its export refuse such a name.
      const problem = tfjsNameProblem(name);
      const warning = `layer name '${name}' ${problem && formatMessage(problem)}: training here and the TF.js export refuse it (Keras 3, PyTorch and ONNX take it); rename the layer`;
      assert.deepEqual(
        odd.diagnostics.map((d) => [d.severity, d.message]),
        [...plain.diagnostics.map((d) => [d.severity, d.message]), ...(problem ? [["warning", warning]] : [])],
      );
      assert.equal(problem !== undefined, name !== "prototype", "every inherited name is one TF.js cannot load");
      assert.deepEqual(
        odd.layers.map((l) => [l.outputShape, l.params]),
        plain.layers.map((l) => [l.outputShape, l.params]),
      );
      for (const format of exportFormats) {
        const text = JSON.stringify(named(name));
        const outputName = format === "h5" ? "m.h5" : format === "keras3" ? "m.keras" : "m.x";
        assert.equal(exportArtefact(text, { format, outputName, run: zeroRun(text) }).ok, format !== "tfjs" || !problem, format);
      }
    });

    it(`'${name}' in an imported Keras model: refused or imported, never an exception`, () => {
      const keras = (className: string, config: Record<string, unknown>) => ({
        class_name: "Sequential",
        config: {
          name: "m",
          layers: [
            { class_name: "InputLayer", config: { batch_shape: [null, 4], name: "in" } },
            { class_name: className, config: { name: "d", units: 2, ...config } },
          ],
        },
      });
      for (const doc of [
        keras(name, {}),
        keras("Dense", { activation: name }),
        keras("Dense", { name }),
        keras("Dense", { kernel_initializer: name }),
        keras("Dense", withKey({}, name, { units: 7 })),
        keras("Conv2D", withKey({ filters: 2, kernel_size: [3, 3] }, name, 1)),
      ]) {
        const r = importKeras(doc);
        // An inherited name is never taken for a setting: what is imported is what analysis sees.
        if (r.ok) assert.ok(!/"units": 7/.test(r.value.text), r.value.text);
      }
      // A model class that is not Keras' is refused, not imported as an empty model.
      const model = importKeras({ class_name: name, config: { name: "m", layers: [] } });
      assert.equal(model.ok, false);
      assert.match(model.ok ? "" : formatMessage(model.problem), /not a Keras model/);
    });
  }
});

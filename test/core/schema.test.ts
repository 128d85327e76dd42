import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { parse } from "jsonc-parser";
import { layerRegistry, layerTypes, modelSchema } from "../../src/core";
import { example, exampleNames } from "./knownAnswers.test";

const root = join(__dirname, "..", "..", "..");

describe("JSON Schema", () => {
  const schema = modelSchema();
  const validate = new Ajv({ strict: false }).compile(schema);

  it("accepts every example", () => {
    for (const f of exampleNames()) {
      assert.equal(validate(parse(example(`${f}.cnn.json`))), true, `${f}: ${JSON.stringify(validate.errors)}`);
    }
  });

  it("covers every layer type and parameter of the registry", () => {
    const layer = (schema.properties as { layers: { items: { allOf: { if: object; then: { properties: object } }[] } } }).layers.items;
    assert.equal(layer.allOf.length, layerTypes.length);
    layerTypes.forEach((t, i) => {
      assert.deepEqual(layer.allOf[i].if, { properties: { type: { const: t } }, required: ["type"] });
      for (const p of Object.keys(layerRegistry[t].params)) assert.ok(p in layer.allOf[i].then.properties, `${t}.${p}`);
    });
  });

  it("rejects an unknown parameter, a wrong enum value and a missing required parameter", () => {
    const base = { version: 1, layers: [{ type: "Input", shape: [4] }] };
    const withLayer = (l: object) => ({ ...base, layers: [...base.layers, l] });
    assert.equal(validate(withLayer({ type: "Dense", units: 3 })), true);
    assert.equal(validate(withLayer({ type: "Dense", units: 3, kernel_size: 3 })), false);
    assert.equal(validate(withLayer({ type: "Dense", units: 3, activation: "relu7" })), false);
    assert.equal(validate(withLayer({ type: "Dense" })), false);
    assert.equal(
      validate(
        withLayer({
          type: "ZeroPadding2D",
          padding: [
            [1, 2],
            [3, 4],
          ],
        }),
      ),
      true,
    );
    assert.equal(validate({ ...base, version: 2 }), false);
  });

  it("the shipped dist/cnn-model.schema.json is the registry's schema", () => {
    const shipped = JSON.parse(readFileSync(join(root, "dist", "cnn-model.schema.json"), "utf8")) as unknown;
    assert.deepEqual(shipped, JSON.parse(JSON.stringify(schema)));
  });
});

import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { parse } from "jsonc-parser";
import { activationNames, completionSchema, layerRegistry, layerTypes, modelSchema, type JsonSchema } from "../../src/core";
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

  describe("the schema VS Code's JSON service gets: help for completion and hovers, no checks", () => {
    const hints = completionSchema(schema);
    const accepts = new Ajv({ strict: false }).compile(hints);
    const base = { version: 1, layers: [{ type: "Input", shape: [4] }] };

    it("reports nothing the engine reports: misspelt types and keys, wrong values, missing parameters all pass", () => {
      for (const broken of [
        { ...base, layers: [...base.layers, { type: "Dense", units: 3, kernel_size: 3 }] },
        { ...base, layers: [...base.layers, { type: "Dense", units: 3, activation: "rellu" }] },
        { ...base, layers: [...base.layers, { type: "Dense" }] },
        { ...base, layers: [...base.layers, { type: "Dence", units: "ten" }] },
        { ...base, version: 2, extra: true },
        { layers: [{ type: "Conv2D", filters: -1, kernelSize: [3, 3, 3] }], training: { optimizer: "adamm", epochs: 0 } },
      ]) {
        assert.equal(validate(broken), false, "the full schema rejects it");
        assert.equal(accepts(broken), true, `${JSON.stringify(broken)}: ${JSON.stringify(accepts.errors)}`);
      }
    });

    it("keeps the help: descriptions, defaults, and every allowed value offered as an example", () => {
      const layer = (hints.properties as { layers: { items: JsonSchema } }).layers.items;
      assert.deepEqual((layer.properties as Record<string, JsonSchema>).type, { $ref: "#/definitions/type" });
      const typeHelp = (hints.definitions as Record<string, JsonSchema>).type;
      assert.deepEqual([...(typeHelp.examples as string[])].sort(), [...layerTypes].sort());
      const dense = (layer.allOf as { if: JsonSchema; then: { properties: Record<string, JsonSchema> } }[])[layerTypes.indexOf("Dense")];
      assert.deepEqual(dense.if, { properties: { type: { const: "Dense" } }, required: ["type"] }, "the if still picks the layer's help");
      assert.equal(dense.then.properties.units.description, layerRegistry.Dense.params.units.doc);
      const activation = (hints.definitions as Record<string, JsonSchema>).activation;
      assert.deepEqual(activation.examples, [...activationNames]);
      assert.deepEqual(dense.then.properties.useBias.examples, [true, false]);
    });

    it("has no checking keyword outside the ifs that choose the help", () => {
      const checking = /^(type|required|enum|const|minimum|maximum|exclusiveMinimum|exclusiveMaximum|minItems|maxItems|pattern|not|oneOf)$/;
      const walk = (node: unknown, path: string): void => {
        if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}/${i}`));
        if (typeof node !== "object" || node === null) return;
        for (const [k, v] of Object.entries(node)) {
          if (k === "if" || k === "examples" || k === "default") continue;
          assert.ok(!checking.test(k) || /\/(properties|definitions)$/.test(path), `${path}/${k}`);
          assert.ok(!(k === "additionalProperties" && v === false), `${path}/${k}`);
          walk(v, `${path}/${k}`);
        }
      };
      walk(hints, "");
    });

    it("the shipped dist/cnn-model.hints.schema.json is this schema, and it is the one VS Code is given", () => {
      const shipped = JSON.parse(readFileSync(join(root, "dist", "cnn-model.hints.schema.json"), "utf8")) as unknown;
      assert.deepEqual(shipped, JSON.parse(JSON.stringify(hints)));
      const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
        contributes: { jsonValidation: { fileMatch: string; url: string }[] };
      };
      assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: "*.cnn.json", url: "./dist/cnn-model.hints.schema.json" }]);
    });
  });
});

/** The Spanish catalogue: every core message in Spanish, its placeholders the English ones, numbers as Spain writes them. */
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  analyze,
  categories,
  categoryName,
  catalogueFor,
  datasetSpecs,
  docIn,
  earlyStoppingSpecs,
  english,
  englishCatalogue,
  formatMessage,
  grouped,
  layerDetails,
  layerExplanation,
  layerLine,
  layerRegistry,
  layerTypes,
  msg,
  optimizerCommon,
  optimizerSpecs,
  placeholdersOf,
  scheduleSpecs,
  searchLayerTypes,
  spanishCatalogue,
  trainingSpecs,
  type MessageId,
} from "../../src/core";

const ids = Object.keys(english) as MessageId[];
/** Texts that are the same in both languages: symbols, joiners and frames around other messages. */
const same = new Set<MessageId>([
  "hint.none",
  "join.comma",
  "join.semicolon",
  "param.atLeast",
  "param.above",
  "param.atMost",
  "param.below",
  "layer.says",
  "training.says",
  "export.layerRefused",
  "import.invalidSetting",
  "import.inFile",
  "cli.weightsRun",
  "analysis.exactBytes",
  "trainer.someSamples",
  "trainer.initialWeights",
  "files.whatFailed",
  "run.backend",
  "backend.skippedOne",
  "diff.macs",
  "diff.macsChange",
  "whatIf.error",
  "runFile.problem",
  "runFile.named",
  "dataset.in",
  "files.utf16le",
  "files.utf16be",
]);

describe("messages: the Spanish catalogue", () => {
  it("has every message, each with the English text's placeholders and plural choices", () => {
    // (Spanish may choose a word by a count where English needs no choice: "1 añadida, 2 añadidas".)
    const plurals = (t: string) => new Set([...t.matchAll(/\{(\w+)\|/g)].map((m) => m[1]));
    const names = (t: string) => [...new Set(placeholdersOf(t))].sort();
    for (const id of ids) {
      const es = spanishCatalogue.texts[id];
      assert.equal(typeof es, "string", id);
      assert.deepEqual(names(es), names(english[id]), `${id}: ${es}`);
      const dropped = [...plurals(english[id])].filter((p) => !plurals(es).has(p));
      assert.deepEqual(dropped, [], `${id}: plural choices`);
    }
  });

  it("translates every text but symbols, joiners and frames (none is left in English)", () => {
    const untranslated = ids.filter((id) => !same.has(id) && spanishCatalogue.texts[id] === english[id]);
    assert.deepEqual(untranslated, []);
  });

  it("writes numbers and plurals as Spanish does", () => {
    assert.equal(
      formatMessage(msg("export.fixFirst", { count: 1, first: msg("graph.ownInput") }), spanishCatalogue),
      "el modelo tiene 1 error que corregir antes: una capa no puede ser su propia entrada",
    );
    assert.equal(
      formatMessage(msg("export.fixFirst", { count: 2, first: "x" }), spanishCatalogue),
      "el modelo tiene 2 errores que corregir antes: x",
    );
    assert.match(
      formatMessage(msg("graph.cycle", { size: grouped(20000), path: "a → b" }), spanishCatalogue),
      /^forma parte de un ciclo de 20\.000 capas/,
    );
  });

  it("says the pooling article's receptive-field note in Spanish when analysed with it", () => {
    const text = readFileSync(join(__dirname, "../../../examples/pooling-gap.cnn.json"), "utf8");
    const note = analyze(text, { catalogue: spanishCatalogue }).diagnostics.find((d) => d.code === "receptive-field");
    assert.ok(note);
    assert.equal(
      note.message,
      "conv2d_1: campo receptivo 7×7 de la entrada de 32×32: las características que toma la capa de agrupación global 'global_average_pooling2d' ven cada una como mucho 7×7 de 'input_layer'; más capas, pasos (strides) o dilatación lo amplían",
    );
  });

  it("writes a layer's line, its hover rows and the will-it-fit warning in Spanish, sizes with a decimal comma", () => {
    const text = readFileSync(join(__dirname, "../../../examples/pooling-gap.cnn.json"), "utf8");
    const a = analyze(text, { catalogue: spanishCatalogue, deviceMemoryBytes: 256 * 2 ** 20 });
    const conv = a.layers[1];
    assert.equal(layerLine(conv, spanishCatalogue), "(None, 30, 30, 128) · 3584 parámetros");
    assert.equal(layerLine(a.layers[2], spanishCatalogue), "(None, 28, 28, 128) · 147.584 parámetros");
    assert.equal(layerLine(a.layers[4], spanishCatalogue), "(None, 128) · 0 parámetros");
    assert.equal(layerLine(conv), "(None, 30, 30, 128) · 3,584 params");
    const rows = Object.fromEntries(layerDetails(a.layers[2], spanishCatalogue));
    assert.equal(rows["Forma de salida"], "(None, 28, 28, 128)");
    assert.equal(rows["Parámetros"], "147.584 (147.584 entrenables, 0 no entrenables)");
    assert.equal(rows["MACs por muestra"], "115.605.504");
    assert.equal(rows["Memoria de activaciones por muestra"], "392,00 KB");
    assert.match(rows["Memoria de entrenamiento por muestra"], /^\d+,\d\d (KB|MB)$/);
    assert.equal(rows["Campo receptivo"], "5×5 de la entrada de 32×32");
    assert.equal(rows["Entradas"], "conv1");
    const fit = a.diagnostics.find((d) => d.code === "memory");
    assert.match(
      fit?.message ?? "",
      /^training: un paso con lotes de 128 necesita unos \d+,\d\d MB en PyTorch, más de los 256,00 MB de memoria del dispositivo; cabe un lote de \d+$/,
    );
  });

  it("describes every parameter in Spanish: the layers', the optimizers', the schedules', the datasets' and the training section's", () => {
    const docs = new Set<string>();
    const walk = (o: unknown, depth = 0): void => {
      if (typeof o !== "object" || o === null || depth > 6) return;
      const doc = (o as { doc?: unknown }).doc;
      if (typeof doc === "string") docs.add(doc);
      for (const v of Object.values(o)) walk(v, depth + 1);
    };
    for (const spec of Object.values(layerRegistry)) walk(spec.params);
    for (const specs of [scheduleSpecs, datasetSpecs, earlyStoppingSpecs, optimizerCommon, optimizerSpecs, trainingSpecs]) walk(specs);
    assert.ok(docs.size > 80, `${docs.size} descriptions found`);
    const missing = [...docs].filter((d) => docIn(d, spanishCatalogue) === d);
    assert.deepEqual(missing, []);
    // In a diagnostic: Dense without its units.
    const text = '{"version":1,"layers":[{"type":"Input","shape":[4]},{"type":"Dense"}]}';
    const needs = analyze(text, { catalogue: spanishCatalogue }).diagnostics.find((d) => d.message.includes("units"));
    assert.match(needs?.message ?? "", /Número de unidades de salida\.$/);
    assert.match(analyze(text).diagnostics.find((d) => d.message.includes("units"))?.message ?? "", /Number of output units\.$/);
  });

  it("is chosen for Spanish language tags only", () => {
    for (const tag of ["es", "es-ES", "es-419", "es_MX.UTF-8", "ES"]) assert.equal(catalogueFor(tag), spanishCatalogue, tag);
    for (const tag of ["en", "en-US", "", undefined, "C.UTF-8", "est", "pt-BR"])
      assert.equal(catalogueFor(tag), englishCatalogue, String(tag));
  });

  it("explains every layer type and names every category in Spanish, and the palette's search finds them", () => {
    for (const type of layerTypes) {
      assert.equal(layerExplanation(type), layerRegistry[type].doc, type);
      assert.equal(layerExplanation(type, "en-US"), layerRegistry[type].doc, type);
      const es = layerExplanation(type, "es");
      assert.notEqual(es, layerRegistry[type].doc, `${type} is not translated`);
      // Keras' names, values and inline code stay as written.
      for (const kept of layerRegistry[type].doc.match(/`[^`]+`|\b[A-Z][a-z]+[A-Z0-9]\w*\b/g) ?? [])
        assert.ok(es.includes(kept), `${type}: ${kept}`);
    }
    for (const c of categories) assert.notEqual(categoryName(c, "es"), categoryName(c), c);
    const pooling = layerTypes.filter((type) => layerRegistry[type].category === "Pooling");
    // (Flatten's explanation names global pooling too.)
    assert.deepEqual(searchLayerTypes("agrupación", "es").sort(), [...pooling, "Flatten"].sort());
    assert.deepEqual(searchLayerTypes("agrupación"), []);
    // English words still find their layers in Spanish.
    assert.ok(searchLayerTypes("residual", "es").includes("Add"));
  });
});

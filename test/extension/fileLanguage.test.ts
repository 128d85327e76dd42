/**
 * The extension's file layer speaks VS Code's display language: activation's `useLanguage` sets the language in
 * which the readers of the files a user names (Import Model…, a run's weights, a dataset) say what is wrong.
 */
import * as assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useLanguage } from "../../src/extension/messages";
import { FileError } from "../../src/node/files";
import { importModelFile } from "../../src/node/importModel";
import { readRunWeights } from "../../src/node/runFolder";

/** The message of the error `f` throws. */
function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail("nothing was refused");
}

describe("the extension's file layer in VS Code's language", () => {
  const dir = mkdtempSync(join(tmpdir(), "cnn-ext-files-"));
  writeFileSync(join(dir, "text.h5"), "hello world");
  mkdirSync(join(dir, "notrun"));
  afterEach(() => useLanguage("en"));

  it("says why an imported file or a run's weights cannot be read in Spanish, then in English again", () => {
    useLanguage("es");
    assert.throws(() => importModelFile(join(dir, "text.h5")), FileError);
    assert.match(
      refusal(() => importModelFile(join(dir, "text.h5"))),
      /no es un archivo HDF5 \(le falta la firma de HDF5\)/,
    );
    assert.match(
      refusal(() => readRunWeights(join(dir, "notrun"), "{}")),
      /no tiene model\.cnn\.json: no es una ejecución/,
    );
    useLanguage("en");
    assert.match(
      refusal(() => importModelFile(join(dir, "text.h5"))),
      /is not an HDF5 file \(it lacks HDF5's signature\)/,
    );
    assert.match(
      refusal(() => readRunWeights(join(dir, "notrun"), "{}")),
      /has no model\.cnn\.json: it is not a training run/,
    );
  });
});

import * as assert from "node:assert/strict";
import { englishCatalogue, formatMessage, parseShapeText, spanishCatalogue } from "../../src/core";

/** What New Model…'s input box says of `text`, in the catalogue's language, or the shape it reads. */
function read(text: string, catalogue = englishCatalogue) {
  const r = parseShapeText(text);
  return "problem" in r ? formatMessage(r.problem, catalogue) : r;
}

describe("an input shape as a person types it (New Model…)", () => {
  it("reads the usual spellings, None for a size known at run time", () => {
    assert.deepEqual(read("28, 28, 1"), [28, 28, 1]);
    assert.deepEqual(read("[32, 32, 3]"), [32, 32, 3]);
    assert.deepEqual(read("32x32×3"), [32, 32, 3]);
    assert.deepEqual(read("None, 128"), [null, 128]);
  });

  it("says what is wrong in the user's language, a control character shown escaped", () => {
    assert.equal(read("  "), "Type the size of each axis, e.g. 28, 28, 1 (height, width, channels).");
    assert.equal(read("28, 0"), "'0' is not a size: each axis is a whole number from 1, or None.");
    assert.equal(read("1,1,1,1,1,1,1,1,1"), "9 axes: an input has at most 8.");
    assert.equal(read("", spanishCatalogue), "Escriba el tamaño de cada eje, por ejemplo 28, 28, 1 (alto, ancho, canales).");
    assert.equal(read("28, -3", spanishCatalogue), "'-3' no es un tamaño: cada eje es un número entero a partir de 1, o None.");
    assert.equal(read("1,1,1,1,1,1,1,1,1", spanishCatalogue), "9 ejes: una entrada tiene como máximo 8.");
    assert.match(read("28, a\u0007b") as string, /^'a\\x07b' is not a size/);
  });
});

import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { layerTable } from "../helpers/layerTable";

describe("README", () => {
  const readme = readFileSync(join(__dirname, "..", "..", "..", "README.md"), "utf8");

  it("starts with the two commands a newcomer runs", () => {
    const lines = readme.split("\n");
    assert.equal(lines[0], "# CNN Designer");
    assert.match(lines[3], /^npm ci && npm start\s+# run the product/);
    assert.match(lines[4], /^npm ci && npm test\s+# run all tests/);
  });

  it("the layer table matches the registry", () => {
    const start = readme.indexOf("-->", readme.indexOf("<!-- layer-table")) + 4;
    const end = readme.indexOf("<!-- /layer-table -->");
    // Prettier pads the cells; compare cell by cell.
    const cells = (table: string) =>
      table
        .trim()
        .split("\n")
        .map((row) => row.split("|").map((c) => c.trim().replace(/^-+$/, "---")));
    assert.deepEqual(cells(readme.slice(start, end)), cells(layerTable()));
  });
});

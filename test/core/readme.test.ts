import * as assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { layerTable } from "../helpers/layerTable";

const root = join(__dirname, "..", "..", "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

describe("README", () => {
  const readme = read("README.md");

  it("starts with the two commands a newcomer runs", () => {
    const lines = readme.split("\n");
    assert.equal(lines[0], "# CNN Designer");
    assert.match(lines[3], /^npm ci && npm start\s+# run the product/);
    assert.match(lines[4], /^npm ci && npm test\s+# run all tests/);
  });

  it("every relative link and image of the README and docs/ names a file that exists", () => {
    const pages = ["README.md", "CONTRIBUTING.md", ...readdirSync(join(root, "docs")).map((f) => `docs/${f}`)];
    const missing: string[] = [];
    for (const page of pages.filter((p) => p.endsWith(".md"))) {
      for (const m of read(page).matchAll(/(?:\]\(|src=")([^)"#\s]+)(?:#[^)"\s]*)?[)"]/g)) {
        if (/^[a-z]+:/i.test(m[1])) continue;
        if (!existsSync(join(root, dirname(page), m[1]))) missing.push(`${page}: ${m[1]}`);
      }
    }
    assert.deepEqual(missing, []);
  });
});

describe("docs/model-format.md", () => {
  const page = read("docs/model-format.md");

  it("the layer table matches the registry", () => {
    const start = page.indexOf("-->", page.indexOf("<!-- layer-table")) + 4;
    const end = page.indexOf("<!-- /layer-table -->");
    // Prettier pads the cells; compare cell by cell.
    const cells = (table: string) =>
      table
        .trim()
        .split("\n")
        .map((row) => row.split("|").map((c) => c.trim().replace(/^-+$/, "---")));
    assert.deepEqual(cells(page.slice(start, end)), cells(layerTable()));
  });
});

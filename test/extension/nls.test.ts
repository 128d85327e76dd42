/** The manifest in English and Spanish: every user-visible string of package.json comes from package.nls*.json. */
import * as assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..", "..", "..");
const read = (name: string) => readFileSync(join(root, name), "utf8");
const manifest = JSON.parse(read("package.json")) as { contributes: Record<string, unknown> };
const english = JSON.parse(read("package.nls.json")) as Record<string, string>;
const spanish = JSON.parse(read("package.nls.es.json")) as Record<string, string>;

/** Every string of `value` at a key named as user-visible text, with its path. */
function texts(value: unknown, path: string, out: [string, string][] = []): [string, string][] {
  if (typeof value === "string") {
    if (/\.(title|description|markdownDescription|name|markdown|altText)$|EnumDescriptions\[\d+\]$/.test(path)) out.push([path, value]);
  } else if (Array.isArray(value)) value.forEach((v, i) => texts(v, `${path}[${i}]`, out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) texts(v, `${path}.${k}`, out);
  return out;
}

describe("package.json in English and Spanish", () => {
  it("takes every command title, setting description, view name and walkthrough text from package.nls.json", () => {
    const found = texts(manifest.contributes, "contributes");
    assert.ok(found.length > 50, `only ${found.length} texts found: the manifest's shape changed`);
    // (The product's name is the same in every language.)
    const literal = found.filter(([, v]) => !/^%[\w.-]+%$/.test(v) && v !== "CNN Designer");
    assert.deepEqual(literal, []);
    const missing = found
      .filter(([, v]) => v !== "CNN Designer")
      .map(([, v]) => v.slice(1, -1))
      .filter((key) => !Object.hasOwn(english, key));
    assert.deepEqual(missing, []);
  });

  it("has a Spanish text for every English one, translated, links and setting names kept", () => {
    assert.deepEqual(Object.keys(spanish).sort(), Object.keys(english).sort());
    for (const [key, en] of Object.entries(english)) {
      const es = spanish[key];
      assert.ok(es.trim(), key);
      if (!key.endsWith(".markdown")) assert.notEqual(es, en, `${key} is not translated`);
      // Command links, setting references and code stay as they are.
      const kept = (s: string) => [...s.matchAll(/\(command:[\w.]+\)|#cnnDesigner\.[\w.]+#|`[^`]+`/g)].map((m) => m[0]);
      assert.deepEqual(kept(es), kept(en), key);
    }
  });

  it("gives each walkthrough step a Spanish page with the English page's images", () => {
    for (const [key, en] of Object.entries(english).filter(([k]) => k.endsWith(".markdown"))) {
      const es = spanish[key];
      assert.notEqual(es, en, key);
      assert.ok(existsSync(join(root, es)), es);
      const images = (file: string) => [...read(file).matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1].replace(/^(\.\.\/)+/, ""));
      assert.deepEqual(images(es), images(en), es);
      for (const image of images(es)) assert.ok(existsSync(join(root, "media", image)), image);
    }
  });
});

/** `cnn-designer diagram`: SVG on stdout or to a file, PNG, the options, and bad input in one line. */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";

const root = join(__dirname, "..", "..", "..");
const cli = join(root, "dist", "cli.js");
const ex = (name: string) => join(root, "examples", name);

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, "diagram", ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("cnn-designer diagram", function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), "cnn-diagram-"));

  it("writes the SVG to stdout, every layer named in a tooltip; the same model gives the same bytes", () => {
    const r = run(ex("pooling-gap.cnn.json"));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+"/);
    assert.match(r.out, /<title>pooling-demo<\/title>/);
    for (const t of ["conv1 — Conv2D 3×3, 128, relu — 30×30×128 · 3,584 params", "dense — Dense 10, softmax — 10 · 1,290 params"])
      assert.ok(r.out.includes(`<title>${t}</title>`), t);
    assert.equal(run(ex("pooling-gap.cnn.json")).out, r.out);
  });

  it("writes a PNG (volumes, collapsed, dark), twice the SVG's size by default, and replaces it only with --force", () => {
    const out = join(dir, "seed.png");
    let r = run(ex("pooling-gap.cnn.json"), "-o", out, "--style", "volume", "--collapse", "--theme", "dark");
    assert.equal(r.code, 0, r.err);
    const svg = run(ex("pooling-gap.cnn.json"), "--style", "volume", "--collapse", "--theme", "dark").out;
    const [w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!.slice(1).map(Number);
    const png = PNG.sync.read(readFileSync(out));
    assert.deepEqual([png.width, png.height], [2 * w, 2 * h]);
    assert.match(svg, />×3 · |<title>conv1 /);
    r = run(ex("pooling-gap.cnn.json"), "-o", out);
    assert.equal(r.code, 2);
    assert.match(r.err, /^cnn-designer: '.*seed\.png' already exists; use --force to replace it\n$/);
    r = run(ex("pooling-gap.cnn.json"), "-o", out, "--scale", "1", "--force");
    assert.equal(r.code, 0, r.err);
    assert.equal(PNG.sync.read(readFileSync(out)).width, Number(/width="(\d+)"/.exec(run(ex("pooling-gap.cnn.json")).out)![1]));
  });

  it("draws a model with errors as far as it can, says them, and exits 1", () => {
    const file = join(dir, "broken.cnn.json");
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        layers: [
          { type: "Input", shape: [8] },
          { type: "Dense", units: 4 },
          { type: "Dense", units: -1 },
        ],
      }),
    );
    const out = join(dir, "broken.svg");
    const r = run(file, "-o", out);
    assert.equal(r.code, 1);
    assert.match(r.err, /broken\.cnn\.json:1:\d+: error: /);
    assert.match(readFileSync(out, "utf8"), /<title>dense_1 — Dense — \? · \? params<\/title>/);
  });

  it("says which characters the shipped font cannot draw", () => {
    const file = join(dir, "cjk.cnn.json");
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        layers: [
          { type: "Input", name: "入力", shape: [4] },
          { type: "Dense", units: 2 },
        ],
      }),
    );
    const r = run(file, "-o", join(dir, "cjk.svg"));
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /note: the diagram's font \(Inter\) has no glyphs for 入, 力: they are drawn as boxes/);
  });

  it("bad input: one line and exit 2, nothing written", () => {
    const cases: [string[], RegExp][] = [
      [[ex("pooling-gap.cnn.json"), "--style", "cubes"], /--style must be cards or volume, got 'cubes'/],
      [[ex("pooling-gap.cnn.json"), "--theme", "blue"], /--theme must be light or dark, got 'blue'/],
      [[ex("pooling-gap.cnn.json"), "-o", join(dir, "x.jpg")], /-o must name an \.svg or \.png file, got '.*x\.jpg'/],
      [[ex("pooling-gap.cnn.json"), "-o", join(dir, "x.png"), "--scale", "9"], /--scale must be a number from 0\.25 to 8, got '9'/],
      [[ex("pooling-gap.cnn.json"), "--scale", "2"], /--scale is for a PNG/],
      [[join(dir, "missing.cnn.json")], /cannot read the model: .*missing\.cnn\.json.: no such file/],
      [[ex("pooling-gap.cnn.json"), ex("lenet5.cnn.json")], /diagram takes exactly one FILE/],
      [[ex("pooling-gap.cnn.json"), "-o", ex("pooling-gap.cnn.json").replace(".cnn.json", ".svg"), "--bogus"], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const r = run(...args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.err}`);
      assert.match(r.err, new RegExp(`^cnn-designer: ${message.source}`));
      assert.equal(r.err.trim().split("\n").length, 1, r.err);
    }
    const empty = join(dir, "empty.cnn.json");
    writeFileSync(empty, "{}");
    const r = run(empty, "-o", join(dir, "empty.svg"));
    assert.equal(r.code, 2);
    assert.match(r.err, /empty\.cnn\.json has no layers to draw/);
    assert.equal(existsSync(join(dir, "empty.svg")), false);
    assert.equal(existsSync(join(dir, "x.png")), false);
  });
});

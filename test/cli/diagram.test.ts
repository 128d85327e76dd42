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

  it("draws names as written — controls escaped, markup and XML-invalid characters never raw — and layers on a cycle", () => {
    const file = join(dir, "names.cnn.json");
    const names = ["in\u001b[2Jx", "bell\u0007", "rtl\u202eevil", "nonchar\ufffe", "in<script>alert(1)</script>", "conv3x3_a->b"];
    const layers: object[] = [{ type: "Input", name: "in", shape: [4] }];
    for (const name of names)
      layers.push({ type: "Dense", name, units: 2, inputs: [(layers[layers.length - 1] as { name: string }).name] });
    layers.push({ type: "Add", name: "a", inputs: ["in", "b"] }, { type: "ReLU", name: "b", inputs: ["a"] });
    writeFileSync(file, JSON.stringify({ version: 1, layers }));
    const out = join(dir, "names.png");
    const r = run(file, "-o", out);
    // Errors (bad names, the cycle) are said; the PNG is drawn, so resvg parsed the SVG.
    assert.equal(r.code, 1, r.err);
    assert.ok(PNG.sync.read(readFileSync(out)).width > 100);
    const svg = run(file).out;
    for (const shown of [
      "in\\x1b[2Jx",
      "bell\\x07",
      "rtl\\u202eevil",
      "nonchar\\ufffe",
      "in&lt;script&gt;alert(1)&lt;/script&gt;",
      "conv3x3_a-&gt;b",
    ])
      assert.ok(svg.includes(`<title>${shown} — `), shown);
    for (const raw of ["\u0007", "\u001b", "\u202e", "\ufffe", "<script"]) assert.ok(!svg.includes(raw), JSON.stringify(raw));
    // The cycle's layers are drawn, outlined as errors.
    assert.match(svg, /<title>a — Add — \? · \? params<\/title>\n<rect [^>]*stroke="#cf222e" stroke-width="2"/);
    assert.match(svg, /<title>b — ReLU — /);
  });

  it("draws a chain of 5,000 layers (laid out in a worker with a deep stack)", function () {
    this.timeout(120_000);
    const file = join(dir, "chain.cnn.json");
    const layers: object[] = [{ type: "Input", shape: [8] }];
    for (let i = 0; i < 5000; i++) layers.push({ type: "Dense", units: 8 });
    writeFileSync(file, JSON.stringify({ version: 1, layers }));
    const r = run(file, "-o", join(dir, "chain.svg"));
    assert.equal(r.code, 0, r.err);
    assert.equal((readFileSync(join(dir, "chain.svg"), "utf8").match(/<g class="node"/g) ?? []).length, 5001);
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
      [[ex("pooling-gap.cnn.json"), "--style", "cubes"], /--style must be one of cards, volume, got 'cubes'/],
      [[ex("pooling-gap.cnn.json"), "--theme", "blue"], /--theme must be one of light, dark, got 'blue'/],
      [[ex("pooling-gap.cnn.json"), "-o", join(dir, "x.jpg")], /-o must name an \.svg or \.png file, got '.*x\.jpg'/],
      [[ex("pooling-gap.cnn.json"), "-o", join(dir, "x.png"), "--scale", "9"], /--scale must be a number from 0\.25 to 8, got '9'/],
      [[ex("pooling-gap.cnn.json"), "--scale", "2"], /--scale is for a PNG/],
      [[ex("pooling-gap.cnn.json"), "--scale", "abc"], /--scale must be a number from 0\.25 to 8, got 'abc'/],
      [[ex("pooling-gap.cnn.json"), "--force"], /--force is for -o/],
      [[ex("pooling-gap.cnn.json"), "--hide", "Input"], /--hide cannot leave out Input layers/],
      [[join(dir, "missing.cnn.json")], /cannot read the model: .*missing\.cnn\.json.: no such file/],
      [[ex("pooling-gap.cnn.json"), ex("lenet5.cnn.json")], /diagram takes exactly one FILE/],
      [
        [ex("pooling-gap.cnn.json"), "-o", ex("pooling-gap.cnn.json").replace(".cnn.json", ".svg"), "--bogus"],
        /diagram has no option '--bogus'/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = run(...args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.err}`);
      assert.match(r.err, new RegExp(`^cnn-designer: ${message.source}`));
      assert.equal(r.err.trim().split("\n").length, 1, r.err);
    }
    const empty = join(dir, "empty.cnn.json");
    writeFileSync(empty, "{}");
    // A model with nothing to draw is a model's error, as check says (exit 1), not bad usage.
    const r = run(empty, "-o", join(dir, "empty.svg"));
    assert.equal(r.code, 1);
    assert.match(r.err, /empty\.cnn\.json has no layers to draw\n$/);
    assert.equal(existsSync(join(dir, "empty.svg")), false);
    assert.equal(existsSync(join(dir, "x.png")), false);
  });
});

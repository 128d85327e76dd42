/**
 * Diagrams drawn headless: every label's ink, as resvg (an independent renderer) bounds it, lies inside its card or
 * its edge label's plate — the layout measured the text as it is drawn — and PNGs come out at the asked scale.
 */
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-wasm";
import { PNG } from "pngjs";
import { analyze } from "../../src/core";
import { diagramSvgText, interTypeface, resvgReady, svgToPng } from "../../src/node/diagramFiles";

const root = join(__dirname, "..", "..", "..");
const example = (name: string) => analyze(readFileSync(join(root, "examples", `${name}.cnn.json`), "utf8"));

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
const attr = (tag: string, name: string) => Number(new RegExp(`\\b${name}="([-\\d.]+)"`).exec(tag)![1]);
const rectOf = (tag: string): Rect => ({ x: attr(tag, "x"), y: attr(tag, "y"), width: attr(tag, "width"), height: attr(tag, "height") });

/** The ink of some of a diagram's SVG markup, drawn alone by resvg: its bounding box, or undefined when blank. */
function ink(svg: string, markup: string): Rect | undefined {
  const head = /^[\s\S]*?<\/defs>\n(<defs>[\s\S]*?<\/defs>)?/.exec(svg)![0];
  const alone = `${head.replace(/<rect width="100%"[^>]*>/, "")}${markup}</svg>`;
  const r = new Resvg(alone, { font: { loadSystemFonts: false } });
  const box = r.getBBox();
  r.free();
  return box ? { x: box.x, y: box.y, width: box.width, height: box.height } : undefined;
}

const within = (inner: Rect, outer: Rect, margin: number) =>
  inner.x >= outer.x + margin &&
  inner.y >= outer.y + margin &&
  inner.x + inner.width <= outer.x + outer.width - margin &&
  inner.y + inner.height <= outer.y + outer.height - margin;

describe("diagram files: the text as drawn fits the layout (resvg's bounds)", function () {
  this.timeout(120_000);
  before(() => resvgReady());

  const long = JSON.stringify({
    version: 1,
    name: "long names",
    layers: [
      {
        type: "Input",
        name: "entrée_ñandú_Ωmega_Жук_WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
        shape: [28, 28, 1],
      },
      { type: "Conv2D", name: "中文层名", filters: 8, kernelSize: 3, strides: 2, dilationRate: 1 },
      { type: "Flatten" },
      { type: "Dense", units: 10, activation: "softmax" },
    ],
  });
  const cases: [string, () => ReturnType<typeof analyze>, "cards" | "volume", boolean][] = [
    ["pooling-gap", () => example("pooling-gap"), "cards", false],
    ["small-resnet", () => example("small-resnet"), "cards", true],
    ["densenet-mini", () => example("densenet-mini"), "cards", false],
    ["long and non-Latin names", () => analyze(long), "cards", false],
    ["pooling-flatten", () => example("pooling-flatten"), "volume", false],
    ["long and non-Latin names", () => analyze(long), "volume", false],
  ];
  for (const [name, model, style, collapse] of cases)
    it(`${name}, ${style}: each card's and edge label's text inside it`, async () => {
      const { svg } = await diagramSvgText(model(), { style, collapse });
      const size = { x: 0, y: 0, width: attr(svg, "width"), height: attr(svg, "height") };
      const nodes = [...svg.matchAll(/<g class="node"[^>]*>([\s\S]*?)\n<\/g>/g)].map((m) => m[1]);
      assert.ok(nodes.length >= 4);
      for (const node of nodes) {
        const labels = [...node.matchAll(/<g class="label"[^>]*>.*?<\/g><\/g>/g)].map((m) => m[0]);
        // Cards: name, type, figures; volumes: name, shape, and parameters where there are any.
        assert.ok(style === "cards" ? labels.length === 3 : labels.length === 2 || labels.length === 3, node.slice(0, 100));
        const card = style === "cards" ? rectOf(/<rect [^>]*>/.exec(node)![0]) : size;
        for (const label of labels) {
          const box = ink(svg, label);
          assert.ok(box, `no ink for ${label.slice(0, 80)}`);
          assert.ok(
            within(box, card, style === "cards" ? 2 : 0),
            `${JSON.stringify(box)} outside ${JSON.stringify(card)} in ${node.slice(0, 120)}`,
          );
        }
      }
      // Each edge label on its plate.
      for (const m of svg.matchAll(/(<rect [^>]*height="14"[^>]*>)\n(<g class="label"[^>]*>.*?<\/g><\/g>)/g)) {
        const box = ink(svg, m[2]);
        assert.ok(box && within(box, rectOf(m[1]), 0), `${JSON.stringify(box)} off its plate ${m[1]}`);
      }
    });

  it("measures as it draws: a string's ink ends within its advance width (Inter, kerned, with fallbacks)", () => {
    const face = interTypeface();
    for (const text of ["AVATAR To Wa", "conv2d_1 · 26×26×128", "ñandú ÀÉÎÕÜ", "Ωmega Жук", "a", "WWWWWWWW"]) {
      for (const bold of [false, true]) {
        const glyphs = new Map<string, string>();
        const markup = face.outline!(text, 10, 40, 20, bold, glyphs);
        const defs = [...glyphs].map(([id, d]) => `<path id="${id}" d="${d}"/>`).join("");
        const r = new Resvg(`<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="80"><defs>${defs}</defs>${markup}</svg>`);
        const box = r.getBBox()!;
        r.free();
        const width = face.width(text, 20, bold);
        assert.ok(
          box.x >= 10 - 1 && box.x + box.width <= 10 + width + 1,
          `${text}: ink ${box.x}–${box.x + box.width}, advance 10–${10 + width}`,
        );
        // Ink fills most of the advance (the widths are not inflated to pass).
        if (text.length > 3) assert.ok(box.width >= width * 0.8, `${text}: ink ${box.width} of ${width}`);
      }
    }
  });

  it("draws names letter for letter: no ligature or contextual alternate (3x3 is not 3×3, -> is no arrow)", () => {
    const face = interTypeface();
    for (const text of ["conv3x3_a->b", "x<--y", "fi fl ffi", "1/2 ::="]) {
      const glyphs = new Map<string, string>();
      const markup = face.outline!(text, 0, 10, 12, false, glyphs);
      // One glyph placed per character but spaces (which have no outline).
      assert.equal((markup.match(/<use /g) ?? []).length, [...text].filter((c) => c !== " ").length, text);
    }
  });

  it("writes a PNG at the asked scale, the background and the family colours drawn", async () => {
    const { svg } = await diagramSvgText(example("pooling-gap"), { theme: "dark" });
    const png = PNG.sync.read(Buffer.from(await svgToPng(svg, 2)));
    assert.deepEqual([png.width, png.height], [attr(svg, "width") * 2, attr(svg, "height") * 2]);
    const pixel = (x: number, y: number) => [...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3)];
    assert.deepEqual(pixel(1, 1), [0x1e, 0x1e, 0x1e]);
    // The first convolution's stripe, in the dark theme's Convolution colour.
    const conv = /<g class="node"[^>]*><title>conv1[\s\S]*?<rect x="([\d.]+)" y="([\d.]+)"/.exec(svg)!;
    assert.deepEqual(pixel(Math.round(Number(conv[1]) * 2 + 5), Math.round(Number(conv[2]) * 2 + 40)), [0x5b, 0x8f, 0xd6]);
  });

  it("refuses a PNG beyond 100 million pixels, saying what to do instead", async () => {
    await assert.rejects(
      svgToPng(`<svg xmlns="http://www.w3.org/2000/svg" width="20000" height="20000"></svg>`, 1),
      /too large for a PNG.*--collapse/,
    );
  });
});

/**
 * Diagrams as files, headless: the core's SVG with its text measured and drawn in Inter (shipped with the
 * product, so that every machine lays labels out alike), elkjs run in-process, and PNG rasterised by resvg
 * (WebAssembly, no browser).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as fontkit from "fontkit";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import ELK, { type ElkNode } from "elkjs/lib/elk.bundled.js";
import { initWasm, Resvg } from "@resvg/resvg-wasm";
import { diagramOf, msg, type Analysis, type DiagramOptions, type Typeface } from "../core";
import { sayFile } from "./say";

/** The font files, regular and bold, in the order their glyphs are looked for: Latin first. */
const subsets = ["latin", "latin-ext", "greek", "cyrillic"] as const;
const fontFile = (subset: string, bold: boolean) => `inter-${subset}-${bold ? 600 : 400}-normal.woff`;

/** Where the bundles find their own files: beside them in dist/, or in node_modules when run from out/. */
function shipped(name: string, fromPackage: string): string {
  const beside = join(__dirname, name);
  return existsSync(beside) ? beside : require.resolve(fromPackage);
}

let inter: Typeface | undefined;
/** The characters no shipped subset has, met since the last diagram began. */
const missing = new Set<string>();

/** Inter, regular and semibold, in its Latin, Latin Extended, Greek and Cyrillic subsets; loaded once. */
export function interTypeface(): Typeface {
  if (inter) return inter;
  const load = (bold: boolean) =>
    subsets.map(
      (s) =>
        fontkit.create(
          readFileSync(shipped(join("fonts", fontFile(s, bold)), `@fontsource/inter/files/${fontFile(s, bold)}`)),
        ) as fontkit.Font,
    );
  const faces = { regular: load(false), bold: load(true) };
  /** The text in runs, each in the first subset that has all its characters' glyphs (else Latin, drawn as boxes). */
  const runs = (text: string, bold: boolean) => {
    const fonts = bold ? faces.bold : faces.regular;
    const out: { font: fontkit.Font; text: string }[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let font = fonts.find((f) => f.hasGlyphForCodePoint(cp));
      if (!font) {
        if (cp > 0x20) missing.add(ch);
        font = fonts[0];
      }
      const last = out[out.length - 1];
      if (last?.font === font) last.text += ch;
      else out.push({ font, text: ch });
    }
    return out;
  };
  const widths = new Map<string, number>();
  inter = {
    family: "Inter, 'Segoe UI', Helvetica, Arial, sans-serif",
    width(text, size, bold) {
      const key = `${bold ? "b" : "r"}${text}`;
      let units = widths.get(key);
      if (units === undefined) {
        units = runs(text, bold).reduce((w, r) => w + (shape(r.font, r.text).advanceWidth / r.font.unitsPerEm) * 1000, 0);
        if (widths.size > 50_000) widths.clear();
        widths.set(key, units);
      }
      return (units * size) / 1000;
    },
    outline(text, x, y, size, bold, used) {
      const parts: string[] = [];
      let pen = x;
      for (const r of runs(text, bold)) {
        const scale = size / r.font.unitsPerEm;
        const { glyphs, positions } = shape(r.font, r.text);
        // Each run in font units: one transform, then whole-unit offsets for its glyphs.
        const uses: string[] = [];
        let advance = 0;
        glyphs.forEach((g, i) => {
          const p = positions[i];
          const id = `${bold ? "b" : "r"}${subsets[(bold ? faces.bold : faces.regular).indexOf(r.font)]}-${g.id}`;
          if (!used.has(id)) used.set(id, g.path.toSVG());
          if (g.path.commands.length) uses.push(`<use href="#${id}" x="${advance + p.xOffset}" y="${p.yOffset}"/>`);
          advance += p.xAdvance;
        });
        parts.push(`<g transform="matrix(${round(scale)} 0 0 ${-round(scale)} ${round(pen)} ${round(y)})">${uses.join("")}</g>`);
        pen += advance * scale;
      }
      return parts.join("");
    },
  };
  return inter;
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * Text shaped as written: kerned, without the contextual alternates and ligatures that would draw `3x3` as `3×3`
 * or `->` as an arrow (a name is shown letter for letter).
 */
const literal: Record<string, boolean> = { calt: false, liga: false, clig: false, dlig: false };
const shape = (font: fontkit.Font, text: string) => font.layout(text, literal);

const elk = new ELK();

/** Graphs of more nodes are laid out in a worker thread with a deep stack: elkjs recurses once per layer of a chain. */
const inProcessNodes = 1500;

/** The stack elkjs gets in the worker: enough for chains of hundreds of thousands of layers. */
const workerStackMb = 256;

/** Lays `graph` out with elkjs: in this thread when it is small, else in a worker with a deep stack. */
function layout(graph: ElkNode): Promise<ElkNode> {
  const count = (n: ElkNode): number => (n.children ?? []).reduce((k, c) => k + 1 + count(c), 0);
  if (count(graph) <= inProcessNodes) return elk.layout(graph);
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { elkGraph: graph }, resourceLimits: { stackSizeMb: workerStackMb } });
    worker.once("message", (laidOut: ElkNode) => {
      resolve(laidOut);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(sayFile(msg("diagramFile.layoutStopped", { code })))));
  });
}

// The worker's side: lay out the graph it was given, and answer.
if (!isMainThread && (workerData as { elkGraph?: ElkNode } | null)?.elkGraph)
  void elk.layout((workerData as { elkGraph: ElkNode }).elkGraph).then((laidOut) => parentPort?.postMessage(laidOut));

/** The diagram of `a` as an SVG document, and the characters of its labels that the font has no glyphs for. */
export async function diagramSvgText(a: Analysis, options: DiagramOptions): Promise<{ svg: string; missing: string[] }> {
  missing.clear();
  const svg = await diagramOf(a, options, interTypeface(), layout);
  return { svg, missing: [...missing] };
}

/** The most pixels a PNG may have (at 4 bytes each, 400 MB while it is drawn). */
export const maxPngPixels = 100_000_000;

let resvgLoaded: Promise<void> | undefined;

/** resvg's WebAssembly, compiled once per process. */
export function resvgReady(): Promise<void> {
  resvgLoaded ??= initWasm(readFileSync(shipped("resvg.wasm", "@resvg/resvg-wasm/index_bg.wasm")));
  return resvgLoaded;
}

/**
 * `svg` as a PNG, `scale` times its size; a diagram too large for one image is refused with the way out
 * (an SVG, a smaller scale, or repeated blocks folded).
 */
export async function svgToPng(svg: string, scale: number): Promise<Uint8Array> {
  const size = /width="(\d+)" height="(\d+)"/.exec(svg);
  const pixels = size ? Number(size[1]) * Number(size[2]) * scale * scale : 0;
  if (pixels > maxPngPixels) throw new DiagramTooLarge(Number(size![1]), Number(size![2]), scale, pixels);
  await resvgReady();
  const resvg = new Resvg(svg, { fitTo: { mode: "zoom", value: scale }, font: { loadSystemFonts: false }, background: undefined });
  try {
    const image = resvg.render();
    const png = image.asPng();
    image.free();
    return png;
  } finally {
    resvg.free();
  }
}

/** A diagram that cannot be one PNG: its size, for each surface to say in its own words (the CLI's below). */
export class DiagramTooLarge extends Error {
  /** The most pixels one PNG may have. */
  readonly maxPixels = maxPngPixels;
  constructor(
    readonly width: number,
    readonly height: number,
    readonly scale: number,
    readonly pixels: number,
  ) {
    super(
      `the diagram is ${width}×${height} pixels, ${Math.round(pixels / 1e6)} million at scale ${scale}: too large for a PNG (at most ${maxPngPixels / 1e6} million); write an SVG, lower --scale, or fold repeated blocks with --collapse`,
    );
  }
}

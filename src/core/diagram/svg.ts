/** A laid-out diagram as an SVG document: cards or volumes, edges with their shapes, repeated blocks framed. */
import type { DiagramLayout } from "./layout";
import { metrics } from "./layout";
import type { Scene, SceneNode } from "./scene";
import { familyColour, type DiagramTheme } from "./theme";
import type { Typeface } from "./typeface";
import { fitText } from "./typeface";
import { blockSvg } from "./volume";

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c]};`);
const n2 = (v: number) => String(Math.round(v * 100) / 100);

/** The glyphs the current diagram's outlined text uses, by id. */
let glyphs = new Map<string, string>();

/** Text at a baseline, as outlines where the typeface draws them, else as `<text>`. */
function text(
  face: Typeface,
  s: string,
  x: number,
  y: number,
  size: number,
  bold: boolean,
  fill: string,
  anchor: "start" | "middle" = "start",
): string {
  const left = anchor === "middle" ? x - face.width(s, size, bold) / 2 : x;
  if (face.outline) return `<g class="label" fill="${fill}">${face.outline(s, left, y, size, bold, glyphs)}</g>`;
  const weight = bold ? ` font-weight="600"` : "";
  return `<text x="${n2(left)}" y="${n2(y)}" font-size="${size}"${weight} fill="${fill}">${escapeXml(s)}</text>`;
}

/** What a node's tooltip says in a viewer (and what a search of the SVG finds). */
const tooltip = (n: SceneNode) => [n.title, n.subtitle, n.figures].join(" — ");

/** Writes `layout` of `scene` as an SVG document in `theme`. */
export function diagramSvg(scene: Scene, layout: DiagramLayout, theme: DiagramTheme, face: Typeface): string {
  const byId = new Map(scene.nodes.map((n) => [n.id, n]));
  glyphs = new Map();
  const out: string[] = [];
  const { width, height } = layout;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(face.family)}" role="img">`,
    `<title>${escapeXml(scene.title)}</title>`,
    `<defs><marker id="arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="${theme.edge}"/></marker></defs>`,
    `<rect width="100%" height="100%" fill="${theme.background}"/>`,
  );
  // Frames first, their captions last: no edge is drawn over a caption.
  for (const f of layout.frames) {
    const { x, y, width: w, height: h } = f.rect;
    out.push(
      `<rect class="frame" x="${n2(x)}" y="${n2(y)}" width="${n2(w)}" height="${n2(h)}" rx="8" fill="none" stroke="${theme.frame}" stroke-dasharray="5 4"/>`,
    );
  }
  const boxes = new Map(layout.nodes.map((n) => [n.id, n]));
  const ends = new Map(scene.edges.map((e) => [e.id, e]));
  for (const e of layout.edges) {
    if (e.points.length < 2) continue;
    const points = layout.style === "volume" ? toFaces(e.points, boxes, ends.get(e.id)) : e.points;
    const d = points.map((p, i) => `${i ? "L" : "M"}${n2(p.x)},${n2(p.y)}`).join(" ");
    out.push(`<path d="${d}" fill="none" stroke="${theme.edge}" stroke-width="1.2" marker-end="url(#arrow)"/>`);
    if (e.label) {
      const w = face.width(e.label.text, metrics.small, false) + 8;
      out.push(
        `<rect x="${n2(e.label.x)}" y="${n2(e.label.y)}" width="${n2(w)}" height="14" rx="3" fill="${theme.background}" opacity="0.85"/>`,
        text(face, e.label.text, e.label.x + 4, e.label.y + 11, metrics.small, false, theme.muted),
      );
    }
  }
  for (const placed of layout.nodes) {
    const n = byId.get(placed.id)!;
    const colour = familyColour(theme, n.category);
    const { x, y, width: w, height: h } = placed.rect;
    out.push(`<g class="node" data-index="${n.layer.index}"><title>${escapeXml(tooltip(n))}</title>`);
    if (layout.style === "cards") {
      const r = metrics.stripe;
      out.push(
        `<rect x="${n2(x)}" y="${n2(y)}" width="${n2(w)}" height="${n2(h)}" rx="${r}" fill="${theme.card}" stroke="${n.problem ? theme[n.problem] : theme.cardBorder}" stroke-width="${n.problem ? 2 : 1}"/>`,
        `<path d="M${n2(x + r)},${n2(y)} V${n2(y + h)} A${r},${r} 0 0 1 ${n2(x)},${n2(y + h - r)} V${n2(y + r)} A${r},${r} 0 0 1 ${n2(x + r)},${n2(y)} Z" fill="${colour}"/>`,
      );
      const left = x + r + metrics.pad;
      const [title, subtitle, figures] = placed.lines;
      out.push(
        text(face, title, left, y + 8 + 13, metrics.title, true, theme.text),
        text(face, subtitle, left, y + 8 + 13 + metrics.line, metrics.text, false, theme.muted),
        text(face, figures, left, y + 8 + 13 + 2 * metrics.line, metrics.text, false, theme.text),
      );
    } else {
      const b = placed.box!;
      const axis = layout.volumeAxis ?? { above: 0, height: 0 };
      const left = x + (w - (b.width + b.depth)) / 2;
      const top = y + 4 + axis.above - b.height / 2;
      const line = n.problem ? { colour: theme[n.problem], width: 2, opacity: 1 } : { colour: theme.text, width: 1, opacity: 0.35 };
      out.push(blockSvg(b, left, top, colour, line));
      const [title, shape, params] = placed.lines;
      const base = y + 4 + axis.height + 4 + 13;
      out.push(
        text(face, title, x + w / 2, base, metrics.title, true, theme.text, "middle"),
        text(face, shape, x + w / 2, base + metrics.line, metrics.small, false, theme.muted, "middle"),
      );
      if (params) out.push(text(face, params, x + w / 2, base + 2 * metrics.line, metrics.small, false, theme.muted, "middle"));
    }
    out.push(`</g>`);
  }
  for (const f of layout.frames) out.push(caption(f, layout, face, theme));
  // The glyphs, defined once each, before the text that places them.
  const defs = [...glyphs].map(([id, d]) => `<path id="${id}" d="${d}"/>`).join("");
  if (defs) out.splice(3, 0, `<defs>${defs}</defs>`);
  out.push(`</svg>`);
  return `${out.join("\n")}\n`;
}

/** A volume edge's ends moved from its nodes' sides to their blocks' faces. */
function toFaces(
  points: readonly { x: number; y: number }[],
  nodes: Map<string, DiagramLayout["nodes"][number]>,
  e: Scene["edges"][number] | undefined,
) {
  const [from, to] = [e && nodes.get(e.from), e && nodes.get(e.to)];
  const faceX = (n: DiagramLayout["nodes"][number], side: "in" | "out") => {
    const b = n.box!;
    const left = n.rect.x + (n.rect.width - (b.width + b.depth)) / 2;
    return side === "in" ? left : left + b.width;
  };
  const p = points.map((q) => ({ ...q }));
  if (from && p.length >= 2 && p[0].y === p[1].y) p[0].x = faceX(from, "out");
  if (to && p.length >= 2 && p[p.length - 1].y === p[p.length - 2].y) p[p.length - 1].x = faceX(to, "in");
  return p;
}

/** Where a polyline crosses the horizontal line at `y`: the x of each vertical segment across it. */
function crossingsOf(points: readonly { x: number; y: number }[], y: number): number[] {
  const out: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    if (Math.min(a.y, b.y) <= y && Math.max(a.y, b.y) >= y)
      out.push(a.y === b.y ? Math.min(a.x, b.x) : a.x + ((b.x - a.x) * (y - a.y)) / (b.y - a.y));
  }
  return out;
}

/** A frame's caption on its top border, as a legend, where no edge crosses it; cut to the frame's width. */
function caption(f: DiagramLayout["frames"][number], layout: DiagramLayout, face: Typeface, theme: DiagramTheme): string {
  const { x, y, width: w } = f.rect;
  const shown = fitText(face, f.caption, Math.max(20, w - 2 * metrics.framePad), metrics.small, true);
  const cw = face.width(shown, metrics.small, true);
  const crossings = layout.edges.flatMap((e) => crossingsOf(e.points, y));
  const clear = (at: number) => crossings.every((cx) => cx < at - 6 || cx > at + cw + 6);
  const cx = [x + metrics.framePad, x + w - metrics.framePad - cw].find(clear) ?? x + metrics.framePad;
  return [
    `<g class="caption"><rect x="${n2(cx - 4)}" y="${n2(y - 8)}" width="${n2(cw + 8)}" height="16" fill="${theme.background}"/>`,
    text(face, shown, cx, y + 4, metrics.small, true, theme.muted),
    `</g>`,
  ].join("\n");
}

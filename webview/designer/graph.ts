/** Graphs drawn as graphs: elkjs lays the layers out top-down; edges carry the tensor shapes they pass. */
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api.js";
import { formatShape, graphLayoutOptions, type LayerInfo } from "../../src/core";
import { Layouter } from "./layouter";

const layouter = new Layouter();
/** Card size in the graph view, in pixels: the width is the default, widened to the model's longest label. */
export const cardSize = { width: 240, height: 64 };

/** The cards' width for a model: wide enough for its longest name and type side by side (at most 420 px). */
export function cardWidthFor(layers: readonly LayerInfo[]): number {
  const longest = Math.max(0, ...layers.map((l) => l.name.length + l.type.length + 2));
  return Math.min(420, Math.max(cardSize.width, Math.ceil(longest * 7.3) + 28));
}

/** Where everything goes. */
export interface GraphLayout {
  /** elkjs' layout, or the quick one drawn until elkjs' is ready. */
  readonly source: "elk" | "quick";
  readonly width: number;
  readonly height: number;
  /** The cards' width (all alike: the model's longest label fits). */
  readonly cardWidth: number;
  readonly nodes: ReadonlyMap<number, { readonly x: number; readonly y: number }>;
  readonly edges: readonly {
    /** The edge's identity across layouts: its target layer's name and input slot. */
    readonly key: string;
    readonly points: readonly { x: number; y: number }[];
    readonly label: string;
    readonly labelAt?: { x: number; y: number };
  }[];
}

/** An edge's identity across layouts: the name of the layer it goes into, and which of its inputs it is. */
export const edgeKey = (target: LayerInfo, slot: number) => `${target.name}#${slot}`;

/** What an edge from `l` says: the shape it passes. */
export const edgeLabel = (l: LayerInfo) => (l.outputShape ? formatShape(l.outputShape.slice(1)) : "?");

/**
 * Lays out the layers and their connections with ELK's layered algorithm, in a worker; `undefined` when a newer
 * layout superseded this one before it started (or ELK is unavailable).
 */
export async function layoutGraph(layers: readonly LayerInfo[]): Promise<GraphLayout | undefined> {
  const byName = new Map(layers.map((l) => [l.name, l]));
  const edges: ElkExtendedEdge[] = [];
  for (const l of layers) {
    l.inputs.forEach((name, k) => {
      const source = byName.get(name);
      if (!source) return;
      const text = edgeLabel(source);
      edges.push({
        id: edgeKey(l, k),
        sources: [`n${source.index}`],
        targets: [`n${l.index}`],
        labels: [{ text, width: text.length * 6.5 + 8, height: 14 }],
      });
    });
  }
  const cardWidth = cardWidthFor(layers);
  const graph: ElkNode = {
    id: "root",
    layoutOptions: { ...graphLayoutOptions },
    children: layers.map((l) => ({ id: `n${l.index}`, width: cardWidth, height: cardSize.height })),
    edges,
  };
  const out = await layouter.layout(graph);
  if (!out) return undefined;
  const nodes = new Map((out.children ?? []).map((n) => [Number(n.id.slice(1)), { x: n.x ?? 0, y: n.y ?? 0 }]));
  return {
    source: "elk",
    cardWidth,
    width: (out.width ?? 0) + 24,
    height: (out.height ?? 0) + 24,
    nodes,
    edges: (out.edges ?? []).map((e) => {
      const s = e.sections?.[0];
      const label = e.labels?.[0];
      return {
        key: e.id,
        points: s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] : [],
        label: label?.text ?? "",
        labelAt: label && label.x !== undefined && label.y !== undefined ? { x: label.x, y: label.y } : undefined,
      };
    }),
  };
}

/** The SVG elements drawn for each edge of the graph on screen, by edge key. */
const drawnEdges = new WeakMap<SVGSVGElement, Map<string, DrawnEdge>>();
/** An edge on screen: its path in the SVG, its label an HTML element (moving one costs no text layout). */
interface DrawnEdge {
  readonly path: SVGPathElement;
  readonly label: HTMLElement;
}
const svgNs = "http://www.w3.org/2000/svg";

/** The part of the graph to draw: vertical bounds in the canvas' pixels, and cards drawn wherever they are. */
export interface GraphView {
  readonly top: number;
  readonly bottom: number;
  readonly keep: ReadonlySet<number>;
}

/**
 * Draws a layout: the cards placed absolutely over an SVG of the edges and their shape labels — only those in
 * `view`, if given (the canvas keeps the whole graph's size, so scrolling draws the rest). A graph already on
 * screen is updated in place — cards and edges kept are only moved —, which the browser restyles, lays out and
 * paints far faster than a new one.
 */
export function drawGraph(host: HTMLElement, layout: GraphLayout, card: (index: number) => HTMLElement, view?: GraphView): void {
  let canvas = host.querySelector<HTMLElement>(":scope > .graph");
  if (!canvas) {
    canvas = document.createElement("div");
    canvas.className = "graph";
    const svg = document.createElementNS(svgNs, "svg");
    svg.innerHTML = `<defs><marker id="arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L8,4 L0,8 z" class="edge-head"/></marker></defs>`;
    canvas.append(svg);
    host.replaceChildren(canvas);
  }
  canvas.dataset.layout = layout.source;
  canvas.dataset.nodes = String(layout.nodes.size);
  const [top, bottom] = view ? [view.top - 12, view.bottom - 12] : [-Infinity, Infinity];
  canvas.style.width = `${layout.width}px`;
  canvas.style.height = `${layout.height}px`;
  const svg = canvas.querySelector(":scope > svg") as SVGSVGElement;
  svg.setAttribute("width", String(layout.width));
  svg.setAttribute("height", String(layout.height));
  const before = drawnEdges.get(svg) ?? new Map<string, DrawnEdge>();
  const after = new Map<string, DrawnEdge>();
  for (const e of layout.edges) {
    if (e.points.length < 2) continue;
    const ys = e.points.map((p) => p.y);
    if (Math.min(...ys) > bottom || Math.max(...ys) < top) continue;
    let drawn = before.get(e.key);
    if (!drawn) {
      drawn = { path: document.createElementNS(svgNs, "path"), label: document.createElement("div") };
      drawn.path.setAttribute("class", "edge");
      drawn.path.setAttribute("marker-end", "url(#arrow)");
      drawn.label.className = "edge-label";
      svg.append(drawn.path);
      svg.after(drawn.label);
    }
    after.set(e.key, drawn);
    setAttribute(drawn.path, "d", e.points.map((p, i) => `${i ? "L" : "M"}${p.x + 12},${p.y + 12}`).join(" "));
    const place = `translate(${(e.labelAt?.x ?? 0) + 16}px, ${(e.labelAt?.y ?? 0) + 13}px)`;
    if (drawn.label.style.transform !== place) drawn.label.style.transform = place;
    const label = e.labelAt ? e.label : "";
    if (drawn.label.textContent !== label) drawn.label.textContent = label;
  }
  for (const [key, drawn] of before) {
    if (after.has(key)) continue;
    drawn.path.remove();
    drawn.label.remove();
  }
  drawnEdges.set(svg, after);
  const kept = new Set<Element>([svg, ...[...after.values()].map((d) => d.label)]);
  for (const [index, at] of layout.nodes) {
    if ((at.y > bottom || at.y + cardSize.height < top) && !view?.keep.has(index)) continue;
    const c = card(index);
    kept.add(c);
    c.style.width = `${layout.cardWidth}px`;
    c.style.height = `${cardSize.height}px`;
    const [x, y] = [`${at.x + 12}px`, `${at.y + 12}px`];
    if (c.style.left !== x) c.style.left = x;
    if (c.style.top !== y) c.style.top = y;
    if (c.parentElement !== canvas) canvas.append(c);
  }
  for (const child of [...canvas.children]) if (!kept.has(child)) child.remove();
}

/** Sets an attribute unless it has that value already (an unchanged attribute costs the browser nothing). */
function setAttribute(element: Element, name: string, value: string): void {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

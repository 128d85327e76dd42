/** Graphs drawn as graphs: elkjs lays the layers out top-down; edges carry the tensor shapes they pass. */
import ELK, { type ElkExtendedEdge, type ElkNode } from "elkjs/lib/elk.bundled.js";
import { formatShape, type LayerInfo } from "../../src/core";

const elk = new ELK();
/** Card size in the graph view, in pixels. */
export const cardSize = { width: 240, height: 64 };

/** Where everything goes. */
export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: ReadonlyMap<number, { readonly x: number; readonly y: number }>;
  readonly edges: readonly {
    readonly points: readonly { x: number; y: number }[];
    readonly label: string;
    readonly labelAt?: { x: number; y: number };
  }[];
}

const shapeOf = (l: LayerInfo | undefined) => (l?.outputShape ? formatShape(l.outputShape.slice(1)) : "?");

/** Lays out the layers and their connections with ELK's layered algorithm. */
export async function layoutGraph(layers: readonly LayerInfo[]): Promise<GraphLayout> {
  const byName = new Map(layers.map((l) => [l.name, l]));
  const edges: ElkExtendedEdge[] = [];
  for (const l of layers) {
    l.inputs.forEach((name, k) => {
      const source = byName.get(name);
      if (!source) return;
      const text = shapeOf(source);
      edges.push({
        id: `e${l.index}_${k}`,
        sources: [`n${source.index}`],
        targets: [`n${l.index}`],
        labels: [{ text, width: text.length * 6.5 + 8, height: 14 }],
      });
    });
  }
  const graph: ElkNode = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.layered.spacing.nodeNodeBetweenLayers": "36",
      "elk.spacing.nodeNode": "28",
      "elk.spacing.edgeLabel": "2",
      "elk.edgeRouting": "ORTHOGONAL",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
    },
    children: layers.map((l) => ({ id: `n${l.index}`, ...cardSize })),
    edges,
  };
  const out = await elk.layout(graph);
  const nodes = new Map((out.children ?? []).map((n) => [Number(n.id.slice(1)), { x: n.x ?? 0, y: n.y ?? 0 }]));
  return {
    width: (out.width ?? 0) + 24,
    height: (out.height ?? 0) + 24,
    nodes,
    edges: (out.edges ?? []).map((e) => {
      const s = e.sections?.[0];
      const label = e.labels?.[0];
      return {
        points: s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] : [],
        label: label?.text ?? "",
        labelAt: label && label.x !== undefined && label.y !== undefined ? { x: label.x, y: label.y } : undefined,
      };
    }),
  };
}

/** Draws a layout: the cards placed absolutely over an SVG of the edges and their shape labels. */
export function drawGraph(host: HTMLElement, layout: GraphLayout, card: (index: number) => HTMLElement): void {
  const canvas = document.createElement("div");
  canvas.className = "graph";
  canvas.style.width = `${layout.width}px`;
  canvas.style.height = `${layout.height}px`;
  const svgNs = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(svgNs, "svg");
  svg.setAttribute("width", String(layout.width));
  svg.setAttribute("height", String(layout.height));
  svg.innerHTML = `<defs><marker id="arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L8,4 L0,8 z" class="edge-head"/></marker></defs>`;
  for (const e of layout.edges) {
    if (e.points.length < 2) continue;
    const path = document.createElementNS(svgNs, "path");
    path.setAttribute("d", e.points.map((p, i) => `${i ? "L" : "M"}${p.x + 12},${p.y + 12}`).join(" "));
    path.setAttribute("class", "edge");
    path.setAttribute("marker-end", "url(#arrow)");
    svg.append(path);
    if (e.labelAt) {
      const text = document.createElementNS(svgNs, "text");
      text.setAttribute("x", String(e.labelAt.x + 16));
      text.setAttribute("y", String(e.labelAt.y + 23));
      text.setAttribute("class", "edge-label");
      text.textContent = e.label;
      svg.append(text);
    }
  }
  canvas.append(svg);
  for (const [index, at] of layout.nodes) {
    const c = card(index);
    c.style.left = `${at.x + 12}px`;
    c.style.top = `${at.y + 12}px`;
    c.style.width = `${cardSize.width}px`;
    c.style.height = `${cardSize.height}px`;
    canvas.append(c);
  }
  host.replaceChildren(canvas);
}

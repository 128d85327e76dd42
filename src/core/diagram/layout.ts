/**
 * A diagram's layout: the designer's elkjs layout (layered, top-down, orthogonal edges carrying their shapes) for
 * cards, left-to-right for volumes; repeated blocks as framed compound nodes. elkjs itself is handed in, so that
 * the core stays free of how it runs (in-process in Node, in a worker in a webview).
 */
import type { ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api.js";
import type { Scene } from "./scene";
import { fitText, type Typeface } from "./typeface";
import { volumeBox, type Box } from "./volume";

/** Runs elkjs' layout on a graph. */
export type ElkRun = (graph: ElkNode) => Promise<ElkNode>;

/** The designer's layered layout options: its graph view and the diagrams share them. */
export const graphLayoutOptions: Readonly<Record<string, string>> = {
  "elk.algorithm": "layered",
  "elk.direction": "DOWN",
  "elk.layered.spacing.nodeNodeBetweenLayers": "36",
  "elk.spacing.nodeNode": "28",
  "elk.spacing.edgeLabel": "2",
  "elk.edgeRouting": "ORTHOGONAL",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
};

/** `cards`: the designer's cards with name, type and figures; `volume`: each output drawn as a block. */
export type DiagramStyle = "cards" | "volume";

/** Text sizes and spacing, in pixels. */
export const metrics = {
  margin: 16,
  title: 13,
  text: 12,
  small: 11,
  line: 17,
  pad: 12,
  stripe: 6,
  maxCard: 520,
  framePad: 12,
  frameTop: 18,
} as const;

/** A placed rectangle. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Where everything goes, with each label cut to its room. */
export interface DiagramLayout {
  readonly style: DiagramStyle;
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly { readonly id: string; readonly rect: Rect; readonly lines: readonly string[]; readonly box?: Box }[];
  readonly edges: readonly {
    readonly id: string;
    readonly points: readonly { x: number; y: number }[];
    readonly label?: { text: string; x: number; y: number };
  }[];
  readonly frames: readonly { readonly rect: Rect; readonly caption: string }[];
  /** Volumes: the axis their front faces are centred on (`above` below a node's top + 4) and the blocks' row height. */
  readonly volumeAxis?: { readonly above: number; readonly height: number };
}

/** The lines a node shows, in order: cards name, type and figures; volumes name and shape. */
function nodeLines(style: DiagramStyle, n: Scene["nodes"][number]): string[] {
  // Volumes: the name, the shape, and the parameters where the layer has any (the pooling lesson's other half).
  return style === "cards" ? [n.title, n.subtitle, n.figures] : [n.title, n.shape, n.layer.params === 0 ? "" : n.params];
}

/** A frame's caption: its repetitions and their parameters, `×3 · 298,752 params`. */
const frameCaption = (f: Scene["frames"][number]) => `${f.badge} · ${f.caption}`;

/** Lays out `scene` in `style`, measuring every label with `face`, through `elk`. */
export async function layoutDiagram(scene: Scene, style: DiagramStyle, face: Typeface, elk: ElkRun): Promise<DiagramLayout> {
  const { pad, stripe, maxCard, line } = metrics;
  const lines = new Map(scene.nodes.map((n) => [n.id, nodeLines(style, n)]));
  const sizeOf = (k: number) => (k === 0 ? metrics.title : style === "cards" ? metrics.text : metrics.small);
  const widest = (id: string) => Math.max(...lines.get(id)!.map((t, k) => face.width(t, sizeOf(k), k === 0)));
  const boxes = new Map(scene.nodes.map((n) => [n.id, volumeBox(n.layer.outputShape)]));
  // Blocks line up on one axis through their front faces' middles, their tops (depth) above it.
  const above = Math.max(0, ...[...boxes.values()].map((b) => b.height / 2 + b.depth));
  const boxHeight = above + Math.max(0, ...[...boxes.values()].map((b) => b.height / 2));
  // Cards are alike in width (the longest label's), as in the designer; volumes as wide as their block or label.
  const cardWidth = Math.min(maxCard, Math.ceil(Math.max(0, ...scene.nodes.map((n) => widest(n.id))) + 2 * pad + stripe));
  const size = (id: string) => {
    if (style === "cards") return { width: cardWidth, height: 10 + 3 * line + 4 };
    const b = boxes.get(id)!;
    return { width: Math.min(maxCard, Math.ceil(Math.max(b.width + b.depth, widest(id)) + 8)), height: boxHeight + 8 + 3 * line };
  };
  const room = (id: string) => size(id).width - (style === "cards" ? 2 * pad + stripe : 8);
  for (const [id, texts] of lines)
    lines.set(
      id,
      texts.map((t, k) => fitText(face, t, room(id), sizeOf(k), k === 0)),
    );

  const node = (id: string): ElkNode => {
    const { width, height } = size(id);
    if (style === "cards") return { id, width, height };
    const y = above + 4;
    return {
      id,
      width,
      height,
      layoutOptions: { "elk.portConstraints": "FIXED_POS" },
      ports: [
        { id: `${id}.in`, x: 0, y, width: 0, height: 0 },
        { id: `${id}.out`, x: width, y, width: 0, height: 0 },
      ],
    };
  };
  const framed = new Map<string, number>();
  scene.frames.forEach((f, k) => f.members.forEach((m) => framed.set(m, k)));
  const children: ElkNode[] = scene.nodes.filter((n) => !framed.has(n.id)).map((n) => node(n.id));
  scene.frames.forEach((f, k) => {
    const caption = frameCaption(f);
    const min = Math.ceil(face.width(caption, metrics.small, true) + 2 * metrics.framePad);
    children.push({
      id: `frame${k}`,
      layoutOptions: {
        ...graphLayoutOptions,
        "elk.direction": style === "cards" ? "DOWN" : "RIGHT",
        "elk.padding": `[top=${metrics.frameTop},left=${metrics.framePad},bottom=${metrics.framePad},right=${metrics.framePad}]`,
        "elk.nodeSize.constraints": "MINIMUM_SIZE",
        "elk.nodeSize.minimum": `(${min},20)`,
      },
      children: f.members.map(node),
      labels: [{ text: caption }],
    });
  });
  const edges: ElkExtendedEdge[] = scene.edges.map((e) => ({
    id: e.id,
    sources: [style === "cards" ? e.from : `${e.from}.out`],
    targets: [style === "cards" ? e.to : `${e.to}.in`],
    labels: style === "cards" ? [{ text: e.label, width: Math.ceil(face.width(e.label, metrics.small, false)) + 8, height: 14 }] : [],
  }));
  const out = await elk({
    id: "root",
    layoutOptions: {
      ...graphLayoutOptions,
      ...(style === "volume" ? { "elk.direction": "RIGHT", "elk.layered.spacing.nodeNodeBetweenLayers": "28" } : {}),
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.json.shapeCoords": "ROOT",
      "elk.json.edgeCoords": "ROOT",
    },
    children,
    edges,
  });
  return { ...readLayout(scene, style, out, lines, boxes), volumeAxis: { above, height: boxHeight } };
}

function readLayout(
  scene: Scene,
  style: DiagramStyle,
  out: ElkNode,
  lines: Map<string, string[]>,
  boxes: Map<string, Box>,
): Omit<DiagramLayout, "volumeAxis"> {
  const m = metrics.margin;
  const rect = (n: ElkNode): Rect => ({ x: (n.x ?? 0) + m, y: (n.y ?? 0) + m, width: n.width ?? 0, height: n.height ?? 0 });
  const all = (out.children ?? []).flatMap((c) => (c.children ? [c, ...c.children] : [c]));
  const placed = new Map(all.map((n) => [n.id, n]));
  const edgeList: ElkExtendedEdge[] = [...(out.edges ?? []), ...(out.children ?? []).flatMap((c) => c.edges ?? [])] as ElkExtendedEdge[];
  return {
    style,
    width: Math.ceil((out.width ?? 0) + 2 * m),
    height: Math.ceil((out.height ?? 0) + 2 * m),
    nodes: scene.nodes.map((n) => ({
      id: n.id,
      rect: rect(placed.get(n.id)!),
      lines: lines.get(n.id)!,
      box: style === "volume" ? boxes.get(n.id) : undefined,
    })),
    edges: edgeList.map((e) => {
      const s = e.sections?.[0];
      const label = e.labels?.[0];
      return {
        id: e.id,
        points: s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => ({ x: p.x + m, y: p.y + m })) : [],
        label:
          label?.text && label.x !== undefined && label.y !== undefined ? { text: label.text, x: label.x + m, y: label.y + m } : undefined,
      };
    }),
    frames: scene.frames.map((f, k) => ({ rect: rect(placed.get(`frame${k}`)!), caption: frameCaption(f) })),
  };
}

/**
 * What a diagram shows, before any layout: one node per layer (or per folded group), the connections with the
 * shapes they carry, and the frames of repeated blocks drawn once. Pure data, the same for every style.
 */
import type { Analysis, LayerInfo } from "../analysis/analyze";
import { escapeCharacter, printable } from "../document/printable";
import { foldGroups, groupOf } from "../analysis/groups";
import { layerSpec } from "../layers/registry";
import type { Category } from "../layers/layerSpec";
import { englishCatalogue, formatMessage, msg, type Catalogue } from "../messages/format";
import { formatCount } from "../messages/units";
import { findRepeats } from "./repeats";

/** A layer (or a folded group) in a diagram. */
export interface SceneNode {
  readonly id: string;
  readonly layer: LayerInfo;
  /** Its family, which gives its colour; `undefined` for an unknown type. */
  readonly category: Category | undefined;
  /** The name, in bold. */
  readonly title: string;
  /** The type and its defining settings: `Conv2D 3×3, 128, relu`. */
  readonly subtitle: string;
  /** Output shape and parameters: `30×30×128 · 3,584 params`. */
  readonly figures: string;
  /** The output shape alone: `30×30×128`. */
  readonly shape: string;
  /** The parameters alone: `3,584 params`; "" for an input. */
  readonly params: string;
  /** The worst of its problems, if it has any: drawn in the problem's colour. */
  readonly problem?: "error" | "warning";
}

/** A connection: the shape it carries, as the layer it leaves gives it. */
export interface SceneEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

/** A repeated block, drawn once: its nodes, framed, with its repetitions and their parameters. */
export interface SceneFrame {
  readonly members: readonly string[];
  /** `×3` */
  readonly badge: string;
  /** The parameters of all its repetitions: `298,752 params` */
  readonly caption: string;
}

/** A diagram's content. */
export interface Scene {
  readonly title: string;
  readonly nodes: readonly SceneNode[];
  readonly edges: readonly SceneEdge[];
  readonly frames: readonly SceneFrame[];
}

/** What to fold: models used as layers (each one node) and repeated blocks (each drawn once); what to leave out. */
export interface SceneOptions {
  readonly collapse?: boolean;
  /**
   * Layer types not drawn (`BatchNormalization`, `ReLU`, as a paper's figure leaves them out): a layer of one
   * of them that reads one tensor is skipped, its readers reading what it read.
   */
  readonly hide?: readonly string[];
  /** The language of its words (`3,584 params`, `stride 2`); English by default. */
  readonly catalogue?: Catalogue;
}

/** A shape without its batch axis, as a figure prints it: `26×26×128`; unknown sizes as `?`. */
export function shapeFigure(shape: readonly (number | null)[] | null, catalogue: Catalogue = englishCatalogue): string {
  if (!shape) return "?";
  const dims = shape.slice(1);
  return dims.length ? dims.map((d) => (d === null ? "?" : String(d))).join("×") : formatMessage(msg("diagram.scalar"), catalogue);
}

/** `3,584 params` in the catalogue's words and digits; `? params` where unknown. */
const params = (n: number | null, c: Catalogue) =>
  formatMessage(n === null ? msg("diagram.unknownParams") : msg("diagram.params", { value: formatCount(n, c.locale), count: n }), c);

const tuple = (v: unknown) => (Array.isArray(v) ? v.join("×") : typeof v === "number" ? String(v) : undefined);
const isOnes = (v: unknown) => Array.isArray(v) && v.every((x) => x === 1);

/** The settings that define a layer at a glance, as a paper's figure labels it: `3×3, 128, stride 2, relu`. */
export function layerGist(l: LayerInfo, catalogue: Catalogue = englishCatalogue): string {
  const s = l.settings ?? {};
  const parts: string[] = [];
  const window = tuple(s.kernelSize) ?? tuple(s.poolSize);
  if (window && !(l.type.startsWith("Global") || s.poolSize === null)) parts.push(window);
  if (typeof s.filters === "number") parts.push(String(s.filters));
  if (typeof s.units === "number") parts.push(String(s.units));
  if (typeof s.depthMultiplier === "number" && s.depthMultiplier !== 1) parts.push(`×${s.depthMultiplier}`);
  if (s.strides !== undefined && s.strides !== null && !isOnes(s.strides) && !(s.poolSize && tuple(s.strides) === window))
    parts.push(formatMessage(msg("diagram.stride", { value: tuple(s.strides) ?? "?" }), catalogue));
  if (s.dilationRate !== undefined && !isOnes(s.dilationRate))
    parts.push(formatMessage(msg("diagram.dilation", { value: tuple(s.dilationRate) ?? "?" }), catalogue));
  if (typeof s.rate === "number") parts.push(String(s.rate));
  if (typeof s.activation === "string" && s.activation !== "linear" && l.type !== "Activation") parts.push(s.activation);
  if (l.type === "Activation" && typeof s.activation === "string") parts.push(s.activation);
  return parts.join(", ");
}

/** Characters XML cannot hold (U+FFFE, U+FFFF, a lone surrogate), escaped as the terminal shows them. */
const notXml = /[\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` as a diagram shows it: controls, direction overrides and characters XML cannot hold shown escaped. */
export const diagramText = (text: string) => printable(text).replace(notXml, escapeCharacter);

function node(l: LayerInfo, folded: number | undefined, problem: SceneNode["problem"], c: Catalogue): SceneNode {
  const gist = folded === undefined ? layerGist(l, c) : formatMessage(msg("diagram.folded", { count: folded }), c);
  // The name the file gives, even one the analysis had to replace (it is what the user looks for).
  const written = folded === undefined && typeof l.written?.name === "string" && l.written.name !== "" ? l.written.name : l.name;
  const shape = shapeFigure(l.outputShape, c);
  const count = l.type === "Input" ? "" : params(l.params, c);
  return {
    id: `n${l.index}`,
    layer: l,
    category: folded === undefined ? layerSpec(l.type)?.category : undefined,
    title: diagramText(written),
    subtitle: diagramText(gist ? `${l.type} ${gist}` : l.type || "?"),
    figures: l.type === "Input" ? shape : `${shape} · ${count}`,
    shape,
    params: count,
    ...(problem ? { problem } : {}),
  };
}

/** The diagram of an analysed model: every layer, or with `collapse` its groups folded and its repeats drawn once. */
export function diagramScene(a: Analysis, options: SceneOptions = {}): Scene {
  const collapse = options.collapse === true;
  const c = options.catalogue ?? englishCatalogue;
  const groupNames = new Set(a.layers.map(groupOf).filter((g): g is string => g !== undefined));
  const { layers, groups } = collapse ? foldGroups(a.layers, groupNames, a.outputs) : { layers: a.layers, groups: new Map() };
  const shown = new Set(layers.map((l) => l.index));
  // Layers on a cycle have no place in the order: drawn after it, in the file's order.
  const ordered = new Set(a.order);
  const order = [...a.order, ...layers.map((l) => l.index).filter((i) => !ordered.has(i))].filter((i) => shown.has(i));
  const problems = new Map<number, "error" | "warning">();
  for (const d of a.diagnostics) {
    if (d.layerIndex === undefined || (d.severity !== "error" && d.severity !== "warning")) continue;
    if (problems.get(d.layerIndex) !== "error") problems.set(d.layerIndex, d.severity);
  }
  const problemOf = (i: number) => {
    const members = groups.get(i)?.members ?? [i];
    const found = members.map((m: number) => problems.get(m));
    return found.includes("error") ? "error" : found.includes("warning") ? "warning" : undefined;
  };
  const byIndex = new Map(layers.map((l) => [l.index, l]));
  const byName = new Map(layers.map((l) => [l.name, l]));
  // A later repetition's layer is drawn as the first repetition's layer in its place.
  const drawnAs = new Map<number, number>();
  const frames: SceneFrame[] = [];
  if (collapse) {
    const listed = order.map((i) => byIndex.get(i)!);
    // findRepeats reads layers by their index: give it the folded layers where they stand.
    const sparse: LayerInfo[] = [];
    for (const l of listed) sparse[l.index] = l;
    for (const run of findRepeats(
      sparse,
      order.filter((i) => ordered.has(i)),
    )) {
      const [first, ...rest] = run.instances;
      for (const instance of rest) instance.forEach((index, k) => drawnAs.set(index, first[k]));
      const total = run.instances
        .flat()
        .reduce<number | null>((n, i) => (n === null || byIndex.get(i)!.params === null ? null : n + byIndex.get(i)!.params!), 0);
      frames.push({
        members: first.map((i) => `n${i}`),
        badge: `×${formatCount(run.count, c.locale)}`,
        caption: params(total, c),
      });
    }
  }
  const hide = new Set(options.hide ?? []);
  // (A model's output is always drawn: hiding it would end the figure elsewhere.)
  const outputs = new Set(a.outputs);
  const hidden = (l: LayerInfo) =>
    hide.has(l.type) && l.inputs.length === 1 && byName.has(l.inputs[0]) && !groups.has(l.index) && !outputs.has(l.name);
  /** The layer drawn for what `l` outputs: itself, or the first drawn layer up the chain of hidden ones. */
  const drawnFor = (l: LayerInfo): LayerInfo => {
    // (A loop, one layer at a time: a chain of thousands of hidden layers needs no deep stack.)
    let at = l;
    for (let steps = 0; hidden(at) && steps <= layers.length; steps++) at = byName.get(at.inputs[0])!;
    return at;
  };
  const isDrawn = (i: number) => !drawnAs.has(i) && !hidden(byIndex.get(i)!);
  const nodes = order.filter(isDrawn).map((i) => node(byIndex.get(i)!, groups.get(i)?.members.length, problemOf(i), c));
  const edges: SceneEdge[] = [];
  const seen = new Set<string>();
  for (const i of order) {
    if (!isDrawn(i)) continue;
    const target = byIndex.get(i)!;
    target.inputs.forEach((name, k) => {
      const source = byName.get(name);
      if (!source) return;
      const drawnSource = drawnFor(source);
      const from = `n${drawnAs.get(drawnSource.index) ?? drawnSource.index}`;
      const key = `${from}>n${i}`;
      if (seen.has(key)) return;
      seen.add(key);
      edges.push({ id: `e${i}_${k}`, from, to: `n${i}`, label: shapeFigure(source.outputShape, c) });
    });
  }
  const drawn = new Set(nodes.map((n) => n.id));
  const kept = frames.map((f) => ({ ...f, members: f.members.filter((m) => drawn.has(m)) })).filter((f) => f.members.length > 0);
  return { title: a.name ?? formatMessage(msg("diagram.untitled"), c), nodes, edges, frames: kept };
}

/**
 * The designer's layer view: the cards as a stack (a sequential model) or as a graph (branches and merges), with
 * the graph's zoom and overview. An edit re-renders only the cards it changed; a graph is laid out again only
 * when its structure changes (at once with the quick layout, then with elkjs').
 */
import { foldGroups, groupOf, type Analysis, type LayerInfo } from "../../src/core";
import { cardLine, fillCard, makeCard, makeGroupCard, setCardIndex, type CardActions } from "./card";
import { drawGraph, layoutGraph, type GraphLayout, type GraphView } from "./graph";
import { GraphOverview, type OverviewMark } from "./overview";
import { quickLayout } from "./quickLayout";
import { GraphZoom } from "./zoom";
import { t } from "../shared/l10n";

/** What an empty model shows where its cards will be: the first step. */
const emptyHintText = t(
  "No layers yet. Click Input in the palette to start (its shape is in the form), then add the layers that follow: each new one goes after the selected layer.",
);

/** The cards of a model in `stack`, inside the designer's `app` (which says whether a graph is shown). */
export class LayerView {
  /** The graph's zoom. */
  readonly zoom: GraphZoom;
  private readonly overview: GraphOverview;
  private readonly emptyHint = document.createElement("p");
  /** The cards of the last render by what they show (a card moved by an insertion above it is kept). */
  private cards = new Map<string, HTMLElement>();
  /** The latest graph layout, the structure it was computed for. */
  private lastLayout: { structure: string; names: string[]; layout: GraphLayout } | undefined;
  /** The layout on screen. */
  private shownLayout: GraphLayout | undefined;
  /** What the last render showed: the model and the selection. */
  private latest: { analysis: Analysis; selected: readonly number[] } | undefined;
  /** Draws the cards and edges that scrolling brings into view (the current model's graph). */
  private drawVisible: () => void = () => undefined;
  private scrollFrame = 0;
  /** The groups (models used as layers) shown layer by layer; the others are folded into one card each. */
  private readonly expanded: Set<string>;

  /** `columns` holds the overview; `zoom` is the saved level, `saveZoom` keeps a new one. */
  constructor(
    private readonly app: HTMLElement,
    private readonly stack: HTMLElement,
    columns: HTMLElement,
    private readonly actions: CardActions,
    zoom: number | undefined,
    saveZoom: (level: number) => void,
    expanded: readonly string[] = [],
    private readonly saveExpanded: (groups: string[]) => void = () => undefined,
  ) {
    this.expanded = new Set(expanded);
    this.emptyHint.className = "empty-hint";
    this.emptyHint.textContent = emptyHintText;
    this.zoom = new GraphZoom(
      stack,
      () => {
        this.drawVisible();
        this.overview.update();
      },
      zoom,
      saveZoom,
      app.querySelector<HTMLElement>(".zoom-level") ?? undefined,
    );
    this.overview = new GraphOverview(columns, stack, () => this.zoom.level);
    stack.addEventListener("scroll", () => {
      if (!stack.classList.contains("graph-mode") || this.scrollFrame) return;
      this.scrollFrame = requestAnimationFrame(() => {
        this.scrollFrame = 0;
        this.drawVisible();
      });
    });
  }

  /** Folds a group into one card, or shows its layers. */
  toggleGroup(name: string): void {
    if (!this.expanded.delete(name)) this.expanded.add(name);
    this.saveExpanded([...this.expanded]);
    if (this.latest) this.render(this.latest.analysis, this.latest.selected);
  }

  /** Shows `analysis`'s layers with `selected` selected; folded groups as one card each. */
  render(analysis: Analysis, selected: readonly number[]): void {
    this.latest = { analysis, selected };
    const chosen = new Set(selected.filter((i) => i < analysis.layers.length));
    // A selected layer is shown: its group unfolds (a problem's link, the arrow keys).
    for (const i of chosen) {
      const g = analysis.layers[i] && groupOf(analysis.layers[i]);
      if (g !== undefined && !this.expanded.has(g)) {
        this.expanded.add(g);
        this.saveExpanded([...this.expanded]);
      }
    }
    const all = new Set(analysis.layers.map(groupOf).filter((g): g is string => g !== undefined));
    const folded = foldGroups(analysis.layers, new Set([...all].filter((g) => !this.expanded.has(g))), analysis.outputs);
    const shown = new Map(folded.layers.map((l) => [l.index, l]));
    const used = new Map<string, HTMLElement>();
    // (A folded group's card is never refilled as a layer's.)
    const oldAt = new Map(
      [...this.cards]
        .filter(([key]) => !key.startsWith("group:"))
        .map(([key, element]) => [Number(element.dataset.index), { key, element }]),
    );
    const card = (index: number) => {
      const group = folded.groups.get(index);
      if (group) {
        const key = `group:${group.name}:${JSON.stringify(shown.get(index))}`;
        const element = this.cards.get(key) ?? makeGroupCard(shown.get(index) as LayerInfo, group, analysis, this.actions);
        used.set(key, element);
        return element;
      }
      // Cards whose content has not changed are kept, so that an edit re-renders only what it changed.
      const layer = analysis.layers[index];
      const problems = analysis.diagnostics.filter((d) => d.layerIndex === index).map((d) => d.message);
      const signature = JSON.stringify([
        layer.name,
        layer.type,
        cardLine(layer),
        layer.trainableParams,
        layer.macs,
        layer.inputs,
        problems,
        chosen.has(index),
        groupOf(layer),
      ]);
      // (Two layers that show the same — a duplicated name, a problem of its own — get a card each.)
      const key = used.has(signature) ? `${signature}#${index}` : signature;
      let element = this.cards.get(key);
      if (!element) {
        // A changed layer refills the card that was at its place (no new element, nothing moved), if it is free.
        const old = oldAt.get(index);
        if (old && !used.has(old.key) && this.cards.get(old.key) === old.element) {
          this.cards.delete(old.key);
          element = old.element;
          fillCard(element, layer, analysis, chosen.has(index));
        } else element = makeCard(layer, analysis, chosen.has(index), this.actions);
      }
      setCardIndex(element, index);
      used.set(key, element);
      return element;
    };
    this.draw(analysis, folded.layers, selected, card);
    this.cards = used;
  }

  /** Puts the cards on screen: a stack, or the graph's latest layout. */
  private draw(analysis: Analysis, layers: readonly LayerInfo[], selected: readonly number[], card: (index: number) => HTMLElement): void {
    const { app, stack } = this;
    if (analysis.sequential || layers.length < 2) {
      stack.classList.remove("graph-mode");
      app.classList.remove("graph-shown");
      placeInOrder(stack, layers.length ? layers.map((l) => card(l.index)) : [this.emptyHint]);
      this.overview.show(undefined, new Map());
      return;
    }
    // Branches and merges: a graph. A new structure is drawn at once with the quick layout, then with elkjs'
    // when its worker is done (unless the structure has moved on by then).
    stack.classList.add("graph-mode");
    app.classList.add("graph-shown");
    const structure = JSON.stringify(layers.map((l) => [l.name, l.inputs, l.outputShape]));
    if (this.lastLayout?.structure !== structure) {
      const names = layers.map((l) => l.name);
      this.lastLayout = { structure, names, layout: quickLayout(layers, this.lastLayout) };
      void layoutGraph(layers).then((layout) => {
        if (!layout || this.lastLayout?.structure !== structure) return;
        this.lastLayout = { structure, names, layout };
        if (this.latest) this.render(this.latest.analysis, this.latest.selected);
      });
    }
    const layout = this.lastLayout.layout;
    const view = () => this.graphView(selected);
    const graph = stack.querySelector(".graph");
    if (this.shownLayout === layout && graph) {
      // Same layout on screen: swap only the cards that changed, in place.
      for (const shown of graph.querySelectorAll<HTMLElement>(":scope > .card")) {
        const next = card(Number(shown.dataset.index));
        if (shown !== next) {
          // Through CSSOM: the webview's CSP (no 'unsafe-inline' styles) blocks a style attribute set as text.
          next.style.cssText = shown.style.cssText;
          shown.replaceWith(next);
        }
      }
      // A card selected out of view (arrow keys) is drawn too.
      if (selected.some((i) => !graph.querySelector(`:scope > .card[data-index="${i}"]`))) drawGraph(stack, layout, card, view());
    } else {
      drawGraph(stack, layout, card, view());
      this.shownLayout = layout;
    }
    this.zoom.bound(layout);
    this.zoom.apply();
    this.drawVisible = () => this.shownLayout && drawGraph(stack, this.shownLayout, card, view());
    this.overview.show(this.shownLayout, overviewMarks(analysis, selected));
  }

  /** The graph's part in view, a screen above and below it, and the selected cards wherever they are. */
  private graphView(selected: readonly number[]): GraphView {
    // In the layout's pixels: the scroll position and the viewport are in zoomed ones.
    const z = this.zoom.level;
    const margin = Math.max(this.stack.clientHeight, 400) / z;
    const top = this.stack.scrollTop / z;
    return { top: top - margin, bottom: top + this.stack.clientHeight / z + margin, keep: new Set(selected) };
  }
}

/** How the overview marks layers: the selection, then errors, then warnings. */
function overviewMarks(analysis: Analysis, selected: readonly number[]): Map<number, OverviewMark> {
  const marks = new Map<number, OverviewMark>();
  for (const d of analysis.diagnostics)
    if (d.layerIndex !== undefined && d.severity !== "info" && marks.get(d.layerIndex) !== "error")
      marks.set(d.layerIndex, d.severity === "error" ? "error" : "warning");
  for (const i of selected) marks.set(i, "selected");
  return marks;
}

/**
 * Makes `next` the children of `parent`, moving only what changed: children kept in place are not touched, so
 * the browser restyles and lays out only the cards an edit added or replaced.
 */
function placeInOrder(parent: HTMLElement, next: readonly HTMLElement[]): void {
  const wanted = new Set<Element>(next);
  for (const child of [...parent.children]) if (!wanted.has(child)) child.remove();
  let at = parent.firstElementChild;
  for (const el of next) {
    if (el === at) at = at.nextElementSibling;
    else parent.insertBefore(el, at);
  }
}

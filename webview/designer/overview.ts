/**
 * The overview of a graph too large for its view (a minimap, as VS Code's editor has): every layer a block, the
 * connections, the selection and problems in their colours, and the part in view as a frame. A click or a drag on
 * it scrolls the graph there. It shows only while the graph at its zoom does not fit the view.
 */
import { cardSize, type GraphLayout } from "./graph";
import { t } from "../shared/l10n";

/** How a layer is marked in the overview. */
export type OverviewMark = "selected" | "error" | "warning";

/**
 * The overview's width in pixels at most, and its largest scale: a graph taller than the view slides in it as the
 * graph scrolls (as VS Code's minimap does), so a deep network keeps blocks that can be told apart.
 */
const maxWidth = 120;
const maxScale = 0.15;

/** A graph's overview, drawn on a canvas laid over the corner of the layer view. */
export class GraphOverview {
  private readonly canvas = document.createElement("canvas");
  private layout: GraphLayout | undefined;
  private marks: ReadonlyMap<number, OverviewMark> = new Map();
  private scale = 1;
  /** How far the graph's overview is slid up, in overview pixels. */
  private offset = 0;
  private frame = 0;

  /** `stack` scrolls the graph at the zoom `zoom()` gives; the canvas goes into `parent`. */
  constructor(
    parent: HTMLElement,
    private readonly stack: HTMLElement,
    private readonly zoom: () => number,
  ) {
    this.canvas.className = "overview";
    this.canvas.hidden = true;
    this.canvas.title = t("Overview: click or drag to scroll the graph there");
    this.canvas.setAttribute("aria-hidden", "true");
    parent.append(this.canvas);
    this.canvas.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      e.preventDefault();
      this.canvas.setPointerCapture(e.pointerId);
      this.scrollTo(e);
      const move = (m: PointerEvent) => this.scrollTo(m);
      const up = () => {
        this.canvas.removeEventListener("pointermove", move);
        this.canvas.removeEventListener("pointerup", up);
      };
      this.canvas.addEventListener("pointermove", move);
      this.canvas.addEventListener("pointerup", up);
    });
    stack.addEventListener("scroll", () => this.update());
    new ResizeObserver(() => this.update()).observe(stack);
  }

  /** Shows `layout` (none: a stack of cards, no overview) with its layers marked. */
  show(layout: GraphLayout | undefined, marks: ReadonlyMap<number, OverviewMark>): void {
    this.layout = layout;
    this.marks = marks;
    this.update();
  }

  /** Draws again at the next frame (after a scroll, a zoom or a resize). */
  update(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Centres the view on the point of the overview under the pointer. */
  private scrollTo(e: PointerEvent): void {
    const box = this.canvas.getBoundingClientRect();
    const z = this.zoom();
    const [x, y] = [(e.clientX - box.left) / this.scale, (e.clientY - box.top + this.offset) / this.scale];
    this.stack.scrollLeft = x * z - this.stack.clientWidth / 2;
    this.stack.scrollTop = y * z - this.stack.clientHeight / 2;
  }

  private draw(): void {
    const layout = this.layout;
    const z = this.zoom();
    const view = { width: this.stack.clientWidth, height: this.stack.clientHeight };
    const fits = !layout || (layout.width * z <= view.width + 1 && layout.height * z <= view.height + 1);
    this.canvas.hidden = fits || view.height < 120;
    // The graph keeps clear of the overview: its column is left out of the part the cards are laid in.
    this.stack.classList.toggle("with-overview", !this.canvas.hidden);
    if (this.canvas.hidden || !layout) return;
    this.scale = Math.min(maxWidth / layout.width, maxScale);
    const content = layout.height * this.scale;
    const [width, height] = [Math.ceil(layout.width * this.scale), Math.ceil(Math.min(content, view.height - 24))];
    const scrollable = this.stack.scrollHeight - this.stack.clientHeight;
    this.offset = scrollable > 0 ? (content - height) * Math.min(1, this.stack.scrollTop / scrollable) : 0;
    const ratio = window.devicePixelRatio || 1;
    if (this.canvas.width !== width * ratio || this.canvas.height !== height * ratio) {
      this.canvas.width = width * ratio;
      this.canvas.height = height * ratio;
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    const g = this.canvas.getContext("2d");
    if (!g) return;
    const colour = themeColours();
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    g.fillStyle = colour.background;
    g.fillRect(0, 0, width, height);
    g.translate(0, -this.offset);
    const s = this.scale;
    g.strokeStyle = colour.edge;
    g.lineWidth = 1;
    g.beginPath();
    for (const edge of layout.edges) edge.points.forEach((p, i) => (i === 0 ? g.moveTo(p.x * s, p.y * s) : g.lineTo(p.x * s, p.y * s)));
    g.stroke();
    const [w, h] = [Math.max(2, layout.cardWidth * s), Math.max(2, cardSize.height * s)];
    for (const [index, at] of layout.nodes) {
      const mark = this.marks.get(index);
      g.fillStyle = mark ? colour[mark] : colour.node;
      g.fillRect(at.x * s, at.y * s, w, h);
    }
    // The part in view.
    g.strokeStyle = colour.selected;
    g.lineWidth = 1.5;
    g.strokeRect(
      (this.stack.scrollLeft / z) * s + 0.75,
      (this.stack.scrollTop / z) * s + 0.75,
      Math.min(width, (view.width / z) * s) - 1.5,
      Math.min(content, (view.height / z) * s) - 1.5,
    );
  }
}

/** The theme's colours for the overview, from VS Code's CSS variables. */
function themeColours(): Record<"background" | "edge" | "node" | OverviewMark, string> {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    background: v("--vscode-editorWidget-background", "#8882"),
    edge: v("--vscode-descriptionForeground", "#888"),
    node: v("--vscode-foreground", "#ccc"),
    selected: v("--vscode-focusBorder", "#07f"),
    error: v("--vscode-editorError-foreground", "#f44"),
    warning: v("--vscode-editorWarning-foreground", "#fa0"),
  };
}

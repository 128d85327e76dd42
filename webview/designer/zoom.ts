/**
 * Zoom for the graph view: Ctrl+wheel (at the pointer), pinch (which the browser reports as Ctrl+wheel), the
 * toolbar's − / + / Fit, and the keys + − 0 F in the layer list. The graph is scaled with CSS `zoom`, so the
 * scroll area follows and panning is plain scrolling (wheel, Shift+wheel, the scroll bars).
 */

/** The zoom levels' range. */
const min = 0.01;
const max = 2;
const step = 1.25;

/** The graph view's zoom: its level, and what changes it. */
export class GraphZoom {
  private current: number;
  /** The shown graph's size at 100 %: Fit fits it, and zooming out stops at half that level. */
  private size: { width: number; height: number } | undefined;

  /**
   * `stack` scrolls the graph; `redraw` runs after each change (to draw what came into view); `saved` is the level
   * kept across the webview being hidden, `save` keeps a new one.
   */
  constructor(
    private readonly stack: HTMLElement,
    private readonly redraw: () => void,
    saved: number | undefined,
    private readonly save: (level: number) => void,
    private readonly label?: HTMLElement,
  ) {
    this.current = clamp(saved ?? 1);
    stack.addEventListener(
      "wheel",
      (e) => {
        if (!e.ctrlKey || !this.active()) return;
        e.preventDefault();
        const box = stack.getBoundingClientRect();
        this.set(this.current * Math.pow(step, -Math.sign(e.deltaY)), { x: e.clientX - box.left, y: e.clientY - box.top });
      },
      { passive: false },
    );
  }

  /** The zoom level (1 = 100 %). */
  get level(): number {
    return this.active() ? this.current : 1;
  }

  /** Whether a graph is shown (a stack of cards is not zoomed). */
  active(): boolean {
    return this.stack.classList.contains("graph-mode");
  }

  /** The graph now shown, by its size at 100 % (zooming out further than to see it whole is no use). */
  bound(size: { width: number; height: number }): void {
    this.size = size;
  }

  /** The level that shows the whole graph (never above 100 %). */
  private fitLevel(size: { width: number; height: number }): number {
    return Math.min(1, this.stack.clientWidth / size.width, this.stack.clientHeight / size.height);
  }

  /** Sets the level, keeping the point `at` (in the viewport, default its centre) where it is on screen. */
  set(level: number, at?: { x: number; y: number }): void {
    const floor = this.size ? this.fitLevel(this.size) / 2 : min;
    const next = clamp(Math.max(level, Math.min(floor, this.current)));
    if (next === this.current) return;
    const anchor = at ?? { x: this.stack.clientWidth / 2, y: this.stack.clientHeight / 2 };
    const [gx, gy] = [(this.stack.scrollLeft + anchor.x) / this.current, (this.stack.scrollTop + anchor.y) / this.current];
    this.current = next;
    this.save(next);
    this.apply();
    this.stack.scrollLeft = gx * next - anchor.x;
    this.stack.scrollTop = gy * next - anchor.y;
    this.redraw();
  }

  /** Zooms in or out by one step. */
  zoomBy(direction: 1 | -1): void {
    this.set(this.current * Math.pow(step, direction));
  }

  /** The whole graph in view (never above 100 %). */
  fit(): void {
    if (!this.size) return;
    this.set(this.fitLevel(this.size));
    this.stack.scrollLeft = 0;
    this.stack.scrollTop = 0;
  }

  /** Puts the level on the graph element (after it is drawn anew). */
  apply(): void {
    const graph = this.stack.querySelector<HTMLElement>(":scope > .graph");
    const value = String(this.level);
    if (graph && graph.style.zoom !== value) graph.style.zoom = value;
    this.stack.dataset.zoom = this.level.toFixed(2);
    if (this.label) this.label.textContent = `${Math.round(this.level * 100)} %`;
  }

  /** Handles the zoom keys of the layer list; true when `e` was one. */
  key(e: KeyboardEvent): boolean {
    if (!this.active() || e.ctrlKey || e.metaKey || e.altKey) return false;
    if (e.key === "+" || e.key === "=") this.zoomBy(1);
    else if (e.key === "-") this.zoomBy(-1);
    else if (e.key === "0") this.set(1);
    else if (e.key === "f" || e.key === "F") this.fit();
    else return false;
    return true;
  }
}

function clamp(level: number): number {
  return Math.min(max, Math.max(min, Number.isFinite(level) ? level : 1));
}

/**
 * The volume view: each layer's output drawn as a block sized by its rows, columns and channels (log-scaled), as
 * `cnn-designer diagram --style volume` draws it — the core's layout and drawing, with the webview's own font
 * measured on a canvas. A click on a block selects its layer.
 */
import { catalogueFor, diagramScene, diagramSvg, layoutDiagram, type Analysis, type Typeface } from "../../src/core";
import { language } from "../shared/l10n";
import { Layouter } from "./layouter";
import { onThemeChange, themeNow } from "./theme";
import { t } from "../shared/l10n";

/** Measures with a canvas in the editor's font, which the SVG's `<text>` then uses. */
function canvasTypeface(): Typeface {
  const family = getComputedStyle(document.body).fontFamily || "sans-serif";
  const context = document.createElement("canvas").getContext("2d");
  return {
    family,
    width(text, size, bold) {
      if (!context) return text.length * size * 0.6;
      context.font = `${bold ? 600 : 400} ${size}px ${family}`;
      return context.measureText(text).width;
    },
  };
}

/** A layout that a newer one replaced before it ran. */
class Superseded extends Error {}

/** Draws the volumes of the model into `host`, newest model winning. */
export class VolumeView {
  private readonly layouter = new Layouter();
  private drawn: { analysis: Analysis; selected: readonly number[] } | undefined;

  constructor(
    private readonly host: HTMLElement,
    select: (index: number, add: boolean) => void,
  ) {
    // A new colour theme: the last model drawn again in its colours.
    onThemeChange(() => {
      const last = this.drawn;
      this.drawn = undefined;
      if (last && this.host.isConnected) void this.render(last.analysis, last.selected);
    });
    new ResizeObserver(() => this.fit()).observe(host);
    host.addEventListener("click", (e) => {
      const node = (e.target as Element).closest<SVGGElement>("g.node[data-index]");
      if (node) select(Number(node.dataset.index), e.ctrlKey || e.metaKey);
    });
  }

  /** Draws `analysis` (laid out anew when the model changed), its `selected` layers outlined. */
  async render(analysis: Analysis, selected: readonly number[]): Promise<void> {
    if (this.drawn?.analysis === analysis) return this.mark(selected);
    this.drawn = { analysis, selected };
    const face = canvasTypeface();
    const scene = diagramScene(analysis, { catalogue: catalogueFor(language()) });
    let svg: string;
    try {
      const layout = await layoutDiagram(scene, "volume", face, async (graph) => {
        const out = await this.layouter.layout(graph);
        if (!out) throw new Superseded();
        return out;
      });
      svg = diagramSvg(scene, layout, themeNow(), face);
    } catch (e) {
      if (e instanceof Superseded) return;
      throw e;
    }
    if (this.drawn.analysis !== analysis) return;
    this.host.innerHTML = svg;
    // The editor's background shows through.
    this.host.querySelector(":scope > svg > rect:first-of-type")?.remove();
    this.host
      .querySelector(":scope > svg")
      ?.setAttribute("aria-label", analysis.name ? t("{0}, drawn as volumes", analysis.name) : t("The model, drawn as volumes"));
    this.fit();
    this.mark(this.drawn.selected);
  }

  /** Shrinks a wide drawing to the view's width, down to 60 % (smaller text would not be read; the view scrolls). */
  private fit(): void {
    const svg = this.host.querySelector<SVGSVGElement>(":scope > svg");
    if (!svg) return;
    const natural = Number(svg.getAttribute("width"));
    const room = this.host.clientWidth - 24;
    svg.style.width = `${Math.max(natural * 0.6, Math.min(natural, room))}px`;
  }

  /** Outlines the selected layers' blocks. */
  private mark(selected: readonly number[]): void {
    if (this.drawn) this.drawn.selected = selected;
    const chosen = new Set(selected.map(String));
    for (const node of this.host.querySelectorAll<SVGGElement>("g.node[data-index]"))
      node.classList.toggle("selected", chosen.has(node.dataset.index ?? ""));
  }
}

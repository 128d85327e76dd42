/**
 * The sash between the layers and the properties pane: dragged with the mouse (a double click restores the
 * default width), or moved with the arrow keys when focused, as VS Code's own sashes. The width lives in the CSS
 * variable `--properties-width` of `root`.
 */
import { t } from "../shared/l10n";

/** The properties pane's widths in pixels: its default and its range. */
export const propertiesWidth = { initial: 280, min: 180, max: 720 } as const;

/** Makes `sash` resize the properties pane; `saved` is the width kept in the view state, `save` keeps a new one. */
export function wireSash(root: HTMLElement, sash: HTMLElement, saved: number | undefined, save: (width: number) => void): void {
  let width = clamp(saved ?? propertiesWidth.initial);
  const apply = () => {
    root.style.setProperty("--properties-width", `${width}px`);
    sash.setAttribute("aria-valuenow", String(width));
  };
  const set = (next: number) => {
    width = clamp(next);
    apply();
    save(width);
  };
  sash.setAttribute("role", "separator");
  sash.setAttribute("aria-orientation", "vertical");
  sash.setAttribute("aria-label", t("Properties pane width"));
  sash.setAttribute("aria-valuemin", String(propertiesWidth.min));
  sash.setAttribute("aria-valuemax", String(propertiesWidth.max));
  sash.tabIndex = 0;
  sash.title = t("Drag to resize the properties pane; double-click for its default width");
  apply();
  sash.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) return;
    e.preventDefault();
    sash.setPointerCapture(e.pointerId);
    const [startX, startWidth] = [e.clientX, width];
    sash.classList.add("dragging");
    // The pane is on the right: dragging left widens it.
    const move = (m: PointerEvent) => set(startWidth + startX - m.clientX);
    const up = () => {
      sash.classList.remove("dragging");
      sash.removeEventListener("pointermove", move);
      sash.removeEventListener("pointerup", up);
      sash.removeEventListener("pointercancel", up);
    };
    sash.addEventListener("pointermove", move);
    sash.addEventListener("pointerup", up);
    sash.addEventListener("pointercancel", up);
  });
  sash.addEventListener("dblclick", () => set(propertiesWidth.initial));
  sash.addEventListener("keydown", (e) => {
    const step = e.shiftKey ? 50 : 10;
    const next = { ArrowLeft: width + step, ArrowRight: width - step, Home: propertiesWidth.max, End: propertiesWidth.min }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    set(next);
  });
}

function clamp(width: number): number {
  return Math.round(Math.min(propertiesWidth.max, Math.max(propertiesWidth.min, Number.isFinite(width) ? width : propertiesWidth.initial)));
}

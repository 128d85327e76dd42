/** The designer's keyboard and pointer input on the layer list and the palette, as intents and selections. */
import type { DesignerDom } from "./dom";
import type { Intents } from "./intents";
import type { LayerView } from "./layerView";
import type { DesignerState } from "./state";

/** Wires the layer list's keys and clicks, and Escape in the palette. */
export function wireInput(dom: DesignerDom, state: DesignerState, intents: Intents, layers: LayerView): void {
  // Escape in the palette (after a click there, the focus stays in it) clears the selection too; a search box with a
  // query clears the query first (its own handler).
  dom.palette.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && state.selected.length) intents.deselect();
  });

  // A click on empty space (not on a card) clears the selection. The path is the one the click had when it began:
  // the card's own handler may have refilled the card by now (a problem's line rebuilt), leaving the target detached.
  dom.stack.addEventListener("click", (e) => {
    if (!e.composedPath().some((el) => el instanceof HTMLElement && el.classList.contains("card"))) intents.deselect();
  });

  dom.stack.addEventListener("keydown", (e) => {
    const { model, selected } = state;
    if (!model) return;
    const count = model.analysis.layers.length;
    const current = selected.length ? selected[selected.length - 1] : -1;
    if (layers.zoom.key(e)) {
      e.preventDefault();
      return;
    }
    if (e.key === "Escape" && selected.length) intents.deselect();
    else if (e.key === "Delete" && selected.length) {
      intents.send({ type: "deleteLayers", version: model.version, indices: [...selected] });
      state.save({ selected: [] });
    } else if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown") && current >= 0) {
      const to = current + (e.key === "ArrowUp" ? -1 : 1);
      if (to >= 0 && to < count) {
        intents.send({ type: "moveLayer", version: model.version, from: current, to });
        state.save({ selected: [to] });
      }
    } else if (e.key === "ArrowUp" || e.key === "ArrowDown") {
      // Shift extends the selection (to join layers with a merge); a plain arrow moves it.
      const to = Math.min(count - 1, Math.max(0, current + (e.key === "ArrowUp" ? -1 : 1)));
      if (e.shiftKey && !selected.includes(to)) intents.select(to, true);
      else if (!e.shiftKey) intents.select(to);
    } else if ((e.key === "Home" || e.key === "End") && count) intents.select(e.key === "Home" ? 0 : count - 1);
    else if (e.key === "d" && (e.ctrlKey || e.metaKey) && current >= 0)
      intents.send({ type: "duplicateLayer", version: model.version, index: current });
    else return;
    e.preventDefault();
  });
}

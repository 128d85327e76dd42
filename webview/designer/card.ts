/** One layer's card: type, name, output shape and parameters, problems marked and explained on hover. */
import { layerDetails, layerLine, type Analysis, type LayerInfo } from "../../src/core";

/** What a card does when the user acts on it. */
export interface CardActions {
  select(index: number, add: boolean): void;
  dropLayerType(type: string, after: number): void;
  moveCard(from: number, to: number): void;
}

/**
 * Builds the card of `layer`. Its handlers read the card's current `data-index`, so that a card whose layer
 * moves (a layer inserted above it) is kept and renumbered with {@link setCardIndex} rather than rebuilt.
 */
export function makeCard(layer: LayerInfo, analysis: Analysis, selected: boolean, actions: CardActions): HTMLElement {
  const card = document.createElement("div");
  card.setAttribute("role", "option");
  card.innerHTML = `<div class="card-title"><span class="card-name"></span><span class="card-type"></span></div><div class="card-shape"></div><div class="card-problems"></div>`;
  const index = () => Number(card.dataset.index);
  card.addEventListener("click", (e) => actions.select(index(), e.ctrlKey || e.metaKey));
  card.draggable = true;
  card.addEventListener("dragstart", (e) => e.dataTransfer?.setData("application/x-cnn-card", String(index())));
  card.addEventListener("dragover", (e) => e.preventDefault());
  card.addEventListener("drop", (e) => {
    e.preventDefault();
    const type = e.dataTransfer?.getData("application/x-cnn-layer");
    const from = e.dataTransfer?.getData("application/x-cnn-card");
    if (type) actions.dropLayerType(type, index());
    else if (from !== undefined && from !== "" && Number(from) !== index()) actions.moveCard(Number(from), index());
  });
  fillCard(card, layer, analysis, selected);
  return card;
}

/** Shows `layer` on a card made by {@link makeCard} (a card is refilled rather than rebuilt when its layer changes). */
export function fillCard(card: HTMLElement, layer: LayerInfo, analysis: Analysis, selected: boolean): void {
  const problems = analysis.diagnostics.filter((d) => d.layerIndex === layer.index);
  const level = problems.some((d) => d.severity === "error") ? "error" : problems.some((d) => d.severity === "warning") ? "warning" : "";
  card.className = `card ${level} ${selected ? "selected" : ""}`;
  setCardIndex(card, layer.index);
  card.setAttribute("aria-selected", String(selected));
  card.setAttribute(
    "aria-label",
    `${layer.name}, ${layer.type}, ${layerLine(layer)}${problems.length ? `, ${problems.length} problem(s)` : ""}`,
  );
  card.title = [...layerDetails(layer).map(([k, v]) => `${k}: ${v}`), ...problems.map((d) => `${d.severity}: ${d.message}`)].join("\n");
  const [name, type, shape, issues] = card.querySelectorAll<HTMLElement>(".card-name, .card-type, .card-shape, .card-problems");
  name.textContent = layer.name;
  type.textContent = layer.type || "?";
  shape.textContent = layerLine(layer);
  // Each problem in its severity's colour (a warning is not an error).
  issues.replaceChildren(
    ...problems.map((d) => {
      const line = document.createElement("div");
      line.className = `problem ${d.severity}`;
      line.textContent = d.message;
      return line;
    }),
  );
}

/** Gives a card its layer's (new) position in the model. */
export function setCardIndex(card: HTMLElement, index: number): void {
  card.dataset.index = String(index);
  card.id = `layer-card-${index}`;
}

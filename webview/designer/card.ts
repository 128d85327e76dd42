/** One layer's card: type, name, output shape and parameters, problems marked and explained on hover. */
import {
  catalogueFor,
  groupOf,
  layerDetails,
  layerLine,
  layerLineWithField,
  type Analysis,
  type FoldedGroup,
  type LayerInfo,
} from "../../src/core";
import { language, t } from "../shared/l10n";
import { typeColours } from "./theme";

/** How many problems, as a screen reader reads it. */
const problemCount = (n: number) => (n === 1 ? t("1 problem") : t("{0} problems", n));

/** The core's texts in the page's language (VS Code's display language). */
const catalogue = () => catalogueFor(language());

/** A card's figures: output shape, parameters and, where the layer has spatial axes, its receptive field. */
export const cardLine = (layer: LayerInfo): string => layerLineWithField(layer, catalogue());

/** What a card does when the user acts on it. */
export interface CardActions {
  select(index: number, add: boolean): void;
  dropLayerType(type: string, after: number): void;
  moveCard(from: number, to: number): void;
  /** Folds or unfolds a group (a model used as a layer) into one card. */
  toggleGroup(name: string): void;
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
  card.addEventListener("click", (e) => {
    // The group chip folds the layer's group; anywhere else selects the layer.
    const chip = (e.target as HTMLElement).closest(".card-group");
    if (chip && card.dataset.group) return actions.toggleGroup(card.dataset.group);
    actions.select(index(), e.ctrlKey || e.metaKey);
  });
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
    `${layer.name}, ${layer.type}, ${cardLine(layer).replace(" RF ", ` ${t("receptive field")} `)}${problems.length ? `, ${problemCount(problems.length)}` : ""}`,
  );
  card.title = [
    ...layerDetails(layer, catalogue()).map(([k, v]) => `${k}: ${v}`),
    ...problems.map((d) => `${d.severity}: ${d.message}`),
  ].join("\n");
  const [name, type, shape, issues] = card.querySelectorAll<HTMLElement>(".card-name, .card-type, .card-shape, .card-problems");
  // A layer of a model used as a layer carries its group, and a chip that folds the group into one card.
  const group = groupOf(layer);
  card.querySelector(".card-group")?.remove();
  if (group !== undefined) {
    card.dataset.group = group;
    const chip = document.createElement("button");
    chip.className = "card-group";
    chip.type = "button";
    chip.textContent = `▾ ${group}`;
    chip.title = t("Part of the model {0}: fold it into one card", group);
    chip.setAttribute("aria-label", t("Collapse {0}", group));
    card.querySelector(".card-title")?.append(chip);
  } else delete card.dataset.group;
  name.textContent = layer.name;
  type.textContent = layer.type || "?";
  // The family's colour, as the diagrams and the volume view draw it.
  const colours = typeColours(layer.type);
  card.style.setProperty("--family-light", colours.light);
  card.style.setProperty("--family-dark", colours.dark);
  shape.textContent = cardLine(layer);
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

/** The card of a folded group: its name, its layers' count and summed figures; a click unfolds it. */
export function makeGroupCard(layer: LayerInfo, group: FoldedGroup, analysis: Analysis, actions: CardActions): HTMLElement {
  const card = document.createElement("div");
  card.className = "card group-card";
  card.setAttribute("role", "option");
  card.setAttribute("aria-expanded", "false");
  setCardIndex(card, layer.index);
  const frozen = group.members.every((i) => analysis.layers[i].written?.trainable === false);
  const problems = analysis.diagnostics.filter((d) => d.layerIndex !== undefined && group.members.includes(d.layerIndex));
  const level = problems.some((d) => d.severity === "error") ? " error" : problems.some((d) => d.severity === "warning") ? " warning" : "";
  card.className += level;
  card.innerHTML = `<div class="card-title"><span class="card-name"></span><span class="card-type"></span></div><div class="card-shape"></div>`;
  const [name, type, shape] = card.querySelectorAll<HTMLElement>(".card-name, .card-type, .card-shape");
  name.textContent = `▸ ${layer.name}`;
  const count = group.members.length;
  type.textContent = frozen ? t("Model · {0} layers · frozen", count) : t("Model · {0} layers", count);
  shape.textContent = layerLine(layer, catalogue());
  const what = frozen ? t("{0}, a model of {1} layers, frozen", layer.name, count) : t("{0}, a model of {1} layers", layer.name, count);
  const summary = `${what}, ${layerLine(layer, catalogue())}${problems.length ? `, ${problemCount(problems.length)}` : ""}`;
  card.setAttribute("aria-label", t("{0}; activate to expand", summary));
  card.title = [`${summary}.`, t("Click to show its layers."), ...problems.map((d) => `${d.severity}: ${d.message}`)].join("\n");
  card.addEventListener("click", () => actions.toggleGroup(group.name));
  return card;
}

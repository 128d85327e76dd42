/** The layer palette, shared by the designer and the sidebar: grouped, searchable, one line of help each. */
import { categories, categoryName, layerExplanation, layerRegistry, searchLayerTypes, type LayerType } from "../../src/core";
import { language, t } from "./l10n";

/** What a click (or Enter) on a palette entry asks for: the type, and whether Alt was held (start a branch). */
export type PaletteChoice = (type: LayerType, branch: boolean) => void;

/** The pointer (or the focus) on an entry: what-if adding it (the designer asks the host, and shows the answer on it). */
export type PaletteHover = (type: LayerType, entry: HTMLElement) => void;

/**
 * Sets the text of `host`'s own line of class `className` (made as a `tag` at its end the first time), or removes
 * the line (null): what-if lines on palette entries and form fields.
 */
export function setLine(host: HTMLElement, className: string, text: string | null, tag = "span"): HTMLElement | undefined {
  let line = host.querySelector<HTMLElement>(`:scope > .${className}`);
  if (text === null) return void line?.remove();
  if (!line) {
    line = document.createElement(tag);
    line.className = className;
    host.append(line);
  }
  line.textContent = text;
  return line;
}

/** Shows what adding an entry's layer would change, on the entry (one line under its help), or removes it (null). */
export function showEffect(entry: HTMLElement, text: string | null): void {
  setLine(entry, "palette-effect", text);
}

/**
 * Renders the palette into `host`: every layer type by category, or, while `filter` has a query, the matches as
 * one list, best first (names before descriptions), so that the first entry is the one Enter adds.
 */
export function renderPalette(host: HTMLElement, filter: string, pick: PaletteChoice, hover?: PaletteHover): void {
  host.replaceChildren();
  const matches = searchLayerTypes(filter, language());
  const heading = (text: string) => {
    const h = document.createElement("h3");
    h.textContent = text;
    host.append(h);
  };
  if (filter.trim()) {
    if (matches.length) heading(t("Matches"));
    else {
      const none = document.createElement("p");
      none.className = "palette-none";
      none.textContent = t('No layer matches "{0}".', filter.trim());
      host.append(none);
    }
    for (const type of matches) host.append(entry(type, pick, hover));
  } else {
    for (const c of categories) {
      const types = matches.filter((type) => layerRegistry[type].category === c);
      if (!types.length) continue;
      heading(categoryName(c, language()));
      for (const type of types) host.append(entry(type, pick, hover));
    }
  }
  // One tab stop for the whole palette (a roving tabindex): arrows, Home and End move within it.
  const entries = [...host.querySelectorAll<HTMLElement>(".palette-entry")];
  entries.forEach((e, i) => (e.tabIndex = i === 0 ? 0 : -1));
  if (!host.dataset.roving) {
    host.dataset.roving = "1";
    host.addEventListener("keydown", (e) => moveFocus(host, e));
  }
}

function moveFocus(host: HTMLElement, e: KeyboardEvent): void {
  const entries = [...host.querySelectorAll<HTMLElement>(".palette-entry")];
  const at = entries.indexOf(e.target as HTMLElement);
  if (at < 0) return;
  const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: entries.length - 1 }[e.key];
  if (to === undefined || to < 0 || to >= entries.length) return;
  e.preventDefault();
  entries[at].tabIndex = -1;
  entries[to].tabIndex = 0;
  entries[to].focus();
}

function entry(type: LayerType, pick: PaletteChoice, hover?: PaletteHover): HTMLElement {
  const b = document.createElement("button");
  b.className = "palette-entry";
  b.dataset.type = type;
  b.draggable = true;
  const explanation = layerExplanation(type, language());
  b.title = `${explanation}\n${t("Click: add after the selected layer. Alt+click: start a branch from it.")}`;
  b.innerHTML = `<span class="palette-name"></span><span class="palette-doc"></span>`;
  (b.firstChild as HTMLElement).textContent = type;
  (b.lastChild as HTMLElement).textContent = explanation;
  b.addEventListener("click", (e) => pick(type, e.altKey));
  b.addEventListener("keydown", (e) => {
    // Enter adds (the button's own click); Alt+Enter starts a branch.
    if (e.key !== "Enter" || !e.altKey) return;
    e.preventDefault();
    pick(type, true);
  });
  b.addEventListener("dragstart", (e) => e.dataTransfer?.setData("application/x-cnn-layer", type));
  if (hover) {
    b.addEventListener("mouseenter", () => hover(type, b));
    b.addEventListener("focus", () => hover(type, b));
    b.addEventListener("mouseleave", () => showEffect(b, null));
    b.addEventListener("blur", () => showEffect(b, null));
  }
  return b;
}

/**
 * Wires a palette's search box: Enter adds the best match, the down arrow moves into the list, Escape clears the
 * query. `changed` runs after each change of the query.
 */
export function wireSearch(input: HTMLInputElement, host: HTMLElement, changed: () => void): void {
  input.addEventListener("input", changed);
  input.addEventListener("keydown", (e) => {
    const first = host.querySelector<HTMLElement>(".palette-entry");
    if (e.key === "Enter" && input.value.trim() && first) first.click();
    else if (e.key === "ArrowDown" && first) first.focus();
    else if (e.key === "Escape" && input.value) {
      input.value = "";
      changed();
    } else return;
    e.preventDefault();
    e.stopPropagation();
  });
}

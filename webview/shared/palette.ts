/** The layer palette, shared by the designer and the sidebar: grouped, searchable, one line of help each. */
import { categories, layerRegistry, layerTypes, type LayerType } from "../../src/core";

/** Renders the palette's groups into `host`, keeping the layer types that match `filter`. */
export function renderPalette(host: HTMLElement, filter: string, pick: (type: LayerType) => void): void {
  host.replaceChildren();
  const needle = filter.toLowerCase();
  for (const c of categories) {
    const types = layerTypes.filter(
      (t) => layerRegistry[t].category === c && (t.toLowerCase().includes(needle) || layerRegistry[t].doc.toLowerCase().includes(needle)),
    );
    if (!types.length) continue;
    const heading = document.createElement("h3");
    heading.textContent = c;
    host.append(heading);
    for (const t of types) host.append(entry(t, pick));
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

function entry(type: LayerType, pick: (type: LayerType) => void): HTMLElement {
  const b = document.createElement("button");
  b.className = "palette-entry";
  b.dataset.type = type;
  b.draggable = true;
  b.title = layerRegistry[type].doc;
  b.innerHTML = `<span class="palette-name"></span><span class="palette-doc"></span>`;
  (b.firstChild as HTMLElement).textContent = type;
  (b.lastChild as HTMLElement).textContent = layerRegistry[type].doc;
  b.addEventListener("click", () => pick(type));
  b.addEventListener("dragstart", (e) => e.dataTransfer?.setData("application/x-cnn-layer", type));
  return b;
}

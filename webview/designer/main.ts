/**
 * The designer webview: a layer palette, the model as a stack of layer cards, a totals bar and the selected
 * layer's properties. It never edits the model itself: it sends intents and renders what the host sends back.
 */
import { formatBytes, formatCount, layerSpec, type Analysis } from "../../src/core";
import type { DesignerViewState, HostMessage, ModelMessage, WebviewMessage } from "../../src/protocol/designer";
import { renderBanner } from "./banner";
import { fillCard, makeCard, setCardIndex, type CardActions } from "./card";
import { renderForm, renderSwaps, showRefusal } from "./form";
import { renderSettings } from "./trainingForm";
import { drawGraph, layoutGraph, type GraphLayout, type GraphView } from "./graph";
import { quickLayout } from "./quickLayout";
import { GraphZoom } from "./zoom";
import { wireSash } from "./sash";
import { GraphOverview, type OverviewMark } from "./overview";
import { TrainingCharts } from "../shared/charts";
import { renderPalette, wireSearch } from "../shared/palette";
import { keepFieldKeys } from "../shared/keys";

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): DesignerViewState | undefined;
  setState(state: DesignerViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
keepFieldKeys();
let model: ModelMessage | undefined;
let state: DesignerViewState = vscode.getState() ?? { selected: [], filter: "" };

const app = document.getElementById("app") as HTMLElement;
app.innerHTML = `
  <header class="toolbar"><span class="totals" aria-live="polite"></span><span class="zoom-controls"><button class="zoom-out" title="Zoom out (−, Ctrl+wheel)" aria-label="Zoom out">−</button><button class="zoom-in" title="Zoom in (+, Ctrl+wheel)" aria-label="Zoom in">+</button><button class="zoom-fit" title="Fit the graph in view (F)">Fit</button></span><button class="toggle-properties" title="Show or hide the properties pane" aria-pressed="true">Properties</button><button class="open-json" title="Open the model as JSON beside the designer">Open JSON beside</button></header>
  <div class="banner" role="alert" hidden></div>
  <div class="columns">
    <nav class="palette" aria-label="Layer palette">
      <input class="palette-filter" type="search" placeholder="Search layers" aria-label="Search layers">
      <div class="palette-groups"></div>
    </nav>
    <main class="stack" role="listbox" aria-label="Layers" aria-multiselectable="true" tabindex="0"></main>
    <div class="sash"></div>
    <aside class="properties" aria-label="Layer properties"></aside>
  </div>
  <details class="training" hidden><summary>Training <span class="training-latest"></span></summary><div class="training-charts"></div></details>
  <div class="notice" role="status"></div>`;
const totals = app.querySelector(".totals") as HTMLElement;
const stack = app.querySelector(".stack") as HTMLElement;
const properties = app.querySelector(".properties") as HTMLElement;
const notice = app.querySelector(".notice") as HTMLElement;
const filter = app.querySelector(".palette-filter") as HTMLInputElement;
const training = app.querySelector(".training") as HTMLElement;
const banner = app.querySelector(".banner") as HTMLElement;
const latest = app.querySelector(".training-latest") as HTMLElement;
let charts: TrainingCharts | undefined;
(app.querySelector(".open-json") as HTMLElement).addEventListener("click", () => send({ type: "openAsJson" }));
const zoom = new GraphZoom(
  stack,
  () => {
    drawVisible();
    overview.update();
  },
  state.zoom,
  (level) => save({ zoom: level }),
);
const toggle = app.querySelector(".toggle-properties") as HTMLElement;
const showProperties = (shown: boolean) => {
  app.classList.toggle("properties-hidden", !shown);
  toggle.setAttribute("aria-pressed", String(shown));
};
showProperties(!state.propertiesHidden);
toggle.addEventListener("click", () => {
  const hidden = !app.classList.contains("properties-hidden");
  save({ propertiesHidden: hidden });
  showProperties(!hidden);
});
const overview = new GraphOverview(app.querySelector(".columns") as HTMLElement, stack, () => zoom.level);
wireSash(app, app.querySelector(".sash") as HTMLElement, state.propertiesWidth, (width) => save({ propertiesWidth: width }));
const layoutSize = () => (shownLayout ? { width: shownLayout.width, height: shownLayout.height } : undefined);
(app.querySelector(".zoom-in") as HTMLElement).addEventListener("click", () => zoom.zoomBy(1));
(app.querySelector(".zoom-out") as HTMLElement).addEventListener("click", () => zoom.zoomBy(-1));
(app.querySelector(".zoom-fit") as HTMLElement).addEventListener("click", () => {
  const size = layoutSize();
  if (size) zoom.fit(size);
});

function save(next: Partial<DesignerViewState>): void {
  state = { ...state, ...next };
  vscode.setState(state);
}

/** When the last intent left, to time the round trip until the host's answer is on screen. */
let sentAt: number | undefined;

/**
 * A ping to the host (bench/designerVsCode dispatches the `cnn-designer-ping` event): the transport's round trip
 * to the painted frame after its answer, the peer of an edit's round trip, as `data-ping-ms`.
 */
let pingAt: number | undefined;
window.addEventListener("cnn-designer-ping", () => {
  delete app.dataset.pingMs;
  pingAt = performance.now();
  vscode.postMessage({ type: "ping" });
});

/** Runs `then` once the next frame has been painted (a frame callback, then a task after it). */
function afterPaint(then: () => void): void {
  requestAnimationFrame(() => setTimeout(then, 0));
}

/** Whether the last intent came from the selected layer's form (its refusal is shown there). */
let fromForm = false;

function send(message: WebviewMessage, form = false): void {
  fromForm = form;
  notice.textContent = "";
  sentAt = performance.now();
  delete app.dataset.roundTripMs;
  vscode.postMessage(message);
}

/** Where a new layer goes: after the last selected layer, else at the end. */
function insertionIndex(): number {
  const count = model?.analysis.layers.length ?? 0;
  return state.selected.length ? Math.min(count, Math.max(...state.selected) + 1) : count;
}

/** The layer an addition will put where: selected once the host's new model has it. */
let pendingSelect: { index: number; count: number } | undefined;

/**
 * Adds a layer after the selection (or at `index`): a merge with several layers selected joins them; `branch`
 * starts a branch beside the selected layer's consumers instead of taking them over. The new layer becomes the
 * selection, so that consecutive additions build the model in order.
 */
function addLayer(layerType: string, options: { index?: number; branch?: boolean } = {}): void {
  if (!model) return;
  const count = model.analysis.layers.length;
  const join = options.index === undefined && state.selected.length >= 2 && isMerge(layerType) ? [...state.selected] : undefined;
  const index = options.index ?? insertionIndex();
  pendingSelect = { index: join ? Math.max(...join) + 1 : index, count };
  send({
    type: "addLayer",
    version: model.version,
    layerType,
    index,
    ...(options.branch ? { branch: true } : {}),
    ...(join ? { join } : {}),
  });
}

function isMerge(type: string): boolean {
  return layerSpec(type)?.arity === "many";
}

function showPalette(): void {
  renderPalette(app.querySelector(".palette-groups") as HTMLElement, state.filter, (type, branch) => addLayer(type, { branch }));
}

function renderModel(): void {
  if (!model) return;
  const version = model.version;
  renderBanner(banner, model.analysis, model.skeleton, {
    createSkeleton: () => send({ type: "createSkeleton", version }),
    openAsJson: () => send({ type: "openAsJson" }),
    reveal: (offset, length) => send({ type: "reveal", offset, length }),
  });
  const t = model.analysis.totals;
  const memory = model.analysis.memory;
  const activations =
    memory.activationBytesPerSample === null ? "" : ` · activations ${formatBytes(memory.activationBytesPerSample)} per sample`;
  totals.textContent = `${formatCount(t.params)} params (${formatCount(t.trainableParams)} trainable, ${formatCount(t.nonTrainableParams)} non-trainable) · ${formatCount(t.macs)} MACs · parameters ${formatBytes(memory.parameterBytes)}${activations}`;
  renderLayers();
  renderProperties();
}

/** The layer cards: a stack, or a graph laid out again only when its structure changes. */
function renderLayers(): void {
  if (!model) return;
  const { analysis } = model;
  const selected = new Set(state.selected.filter((i) => i < analysis.layers.length));
  const card = (index: number) => {
    // Cards whose content has not changed are kept, so that an edit re-renders only what it changed.
    const layer = analysis.layers[index];
    const problems = analysis.diagnostics.filter((d) => d.layerIndex === index).map((d) => d.message);
    const signature = JSON.stringify([
      layer.name,
      layer.type,
      layer.outputShape,
      layer.params,
      layer.trainableParams,
      layer.macs,
      layer.inputs,
      problems,
      selected.has(index),
    ]);
    // (Two layers that show the same — a duplicated name, a problem of its own — get a card each.)
    const key = used.has(signature) ? `${signature}#${index}` : signature;
    let element = cards.get(key);
    if (!element) {
      // A changed layer refills the card that was at its place (no new element, nothing moved), if it is free.
      const old = oldAt.get(index);
      if (old && !used.has(old.key) && cards.get(old.key) === old.element) {
        cards.delete(old.key);
        element = old.element;
        fillCard(element, layer, analysis, selected.has(index));
      } else element = makeCard(layer, analysis, selected.has(index), cardActions);
    }
    setCardIndex(element, index);
    used.set(key, element);
    return element;
  };
  const used = new Map<string, HTMLElement>();
  const oldAt = new Map([...cards].map(([key, element]) => [Number(element.dataset.index), { key, element }]));
  drawLayers(analysis, card);
  cards = used;
}

/** What an empty model shows where its cards will be: the first step. */
const emptyHint = document.createElement("p");
emptyHint.className = "empty-hint";
emptyHint.textContent =
  "No layers yet. Click Input in the palette to start (its shape is in the form), then add the layers that follow: each new one goes after the selected layer.";

/** Puts the cards on screen: a stack, or the graph's latest layout. */
function drawLayers(analysis: Analysis, card: (index: number) => HTMLElement): void {
  if (analysis.sequential || analysis.layers.length < 2) {
    stack.classList.remove("graph-mode");
    app.classList.remove("graph-shown");
    placeInOrder(stack, analysis.layers.length ? analysis.layers.map((l) => card(l.index)) : [emptyHint]);
    overview.show(undefined, new Map());
    return;
  }
  // Branches and merges: a graph. A new structure is drawn at once with the quick layout, then with elkjs'
  // when its worker is done (unless the structure has moved on by then).
  stack.classList.add("graph-mode");
  app.classList.add("graph-shown");
  const structure = JSON.stringify(analysis.layers.map((l) => [l.name, l.inputs, l.outputShape]));
  if (lastLayout?.structure !== structure) {
    const names = analysis.layers.map((l) => l.name);
    lastLayout = { structure, names, layout: quickLayout(analysis.layers, lastLayout) };
    void layoutGraph(analysis.layers).then((layout) => {
      if (!layout || lastLayout?.structure !== structure) return;
      lastLayout = { structure, names, layout };
      renderLayers();
    });
  }
  const graph = stack.querySelector(".graph");
  if (shownLayout === lastLayout.layout && graph) {
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
    if (state.selected.some((i) => !graph.querySelector(`:scope > .card[data-index="${i}"]`)))
      drawGraph(stack, lastLayout.layout, card, graphView());
  } else {
    drawGraph(stack, lastLayout.layout, card, graphView());
    shownLayout = lastLayout.layout;
  }
  zoom.apply();
  drawVisible = () => shownLayout && drawGraph(stack, shownLayout, card, graphView());
  overview.show(shownLayout, overviewMarks(analysis));
}

/** How the overview marks layers: the selection, then errors, then warnings. */
function overviewMarks(analysis: Analysis): Map<number, OverviewMark> {
  const marks = new Map<number, OverviewMark>();
  for (const d of analysis.diagnostics)
    if (d.layerIndex !== undefined && d.severity !== "info" && marks.get(d.layerIndex) !== "error")
      marks.set(d.layerIndex, d.severity === "error" ? "error" : "warning");
  for (const i of state.selected) marks.set(i, "selected");
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

/** The graph's part in view, a screen above and below it, and the selected cards wherever they are. */
function graphView(): GraphView {
  // In the layout's pixels: the scroll position and the viewport are in zoomed ones.
  const z = zoom.level;
  const margin = Math.max(stack.clientHeight, 400) / z;
  const top = stack.scrollTop / z;
  return { top: top - margin, bottom: top + stack.clientHeight / z + margin, keep: new Set(state.selected) };
}

/** Draws the cards and edges that scrolling brings into view (the current model's graph). */
let drawVisible: () => void = () => undefined;
let scrollFrame = 0;
stack.addEventListener("scroll", () => {
  if (!stack.classList.contains("graph-mode") || scrollFrame) return;
  scrollFrame = requestAnimationFrame(() => {
    scrollFrame = 0;
    drawVisible();
  });
});

/** The properties pane: the selected layer's form. */
function renderProperties(): void {
  if (!model) return;
  const { analysis } = model;
  const focus = state.selected.length === 1 ? analysis.layers[state.selected[0]] : undefined;
  // The listbox keeps the focus; a screen reader follows the current card through aria-activedescendant.
  const current = state.selected.at(-1);
  if (current !== undefined && current < analysis.layers.length) stack.setAttribute("aria-activedescendant", `layer-card-${current}`);
  else stack.removeAttribute("aria-activedescendant");
  if (focus) {
    const others = analysis.layers.filter((l) => l.index !== focus.index).map((l) => l.name);
    renderForm(properties, focus, model.written[focus.index] ?? null, others, {
      setParam: (key, value) => model && send({ type: "setParam", version: model.version, index: focus.index, key, value }, true),
      resetParam: (key) => model && send({ type: "resetParam", version: model.version, index: focus.index, key }, true),
      rename: (name) => model && send({ type: "rename", version: model.version, index: focus.index, name }, true),
      setInputs: (inputs) => model && send({ type: "setInputs", version: model.version, index: focus.index, inputs }, true),
    });
    renderSwaps(
      properties,
      model.written,
      focus.index,
      (layerType) => model && send({ type: "swapType", version: model.version, index: focus.index, layerType }, true),
    );
  } else if (state.selected.length > 1) properties.textContent = `${state.selected.length} layers selected`;
  else {
    // Nothing selected: the model's own panel (name, description, training).
    const version = model.version;
    renderSettings(properties, model.settings, {
      set: (path, value) => send({ type: "setSetting", version, path, ...(value === undefined ? {} : { value }) }),
      pick: (path, folder) => send({ type: "pickPath", version, path, folder }),
    });
  }
}

/** The cards of the last render by what they show (a card moved by an insertion above it is kept). */
let cards = new Map<string, HTMLElement>();
/** The latest graph layout, the structure it was computed for and its layers' names. */
let lastLayout: { structure: string; names: string[]; layout: GraphLayout } | undefined;
/** The layout on screen. */
let shownLayout: GraphLayout | undefined;

const cardActions: CardActions = {
  select: (index, add) => select(index, add),
  dropLayerType: (type, after) => addLayer(type, { index: after + 1 }),
  moveCard: (from, to) => {
    if (!model) return;
    send({ type: "moveLayer", version: model.version, from, to });
    save({ selected: [to] });
  },
};

function select(index: number, add = false): void {
  const next = add ? (state.selected.includes(index) ? state.selected.filter((i) => i !== index) : [...state.selected, index]) : [index];
  save({ selected: next });
  renderModel();
  scrollToCard(index);
}

/** Clears the selection: new layers then go at the end. */
function deselect(): void {
  if (!state.selected.length) return;
  save({ selected: [] });
  renderModel();
}

function scrollToCard(index: number): void {
  // Arrow keys, Home and End may select a card out of view: bring it in.
  document.getElementById(`layer-card-${index}`)?.scrollIntoView({ block: "nearest" });
}

// Escape in the palette (after a click there, the focus stays in it) clears the selection too; a search box with a
// query clears the query first (its own handler).
(app.querySelector(".palette") as HTMLElement).addEventListener("keydown", (e) => {
  if (e.key === "Escape" && state.selected.length) deselect();
});

// A click on empty space (not on a card) clears the selection.
stack.addEventListener("click", (e) => {
  if (!(e.target as HTMLElement).closest(".card")) deselect();
});

stack.addEventListener("keydown", (e) => {
  if (!model) return;
  const count = model.analysis.layers.length;
  const current = state.selected.length ? state.selected[state.selected.length - 1] : -1;
  if (zoom.key(e, layoutSize)) {
    e.preventDefault();
    return;
  }
  if (e.key === "Escape" && state.selected.length) deselect();
  else if (e.key === "Delete" && state.selected.length) {
    send({ type: "deleteLayers", version: model.version, indices: state.selected });
    save({ selected: [] });
  } else if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown") && current >= 0) {
    const to = current + (e.key === "ArrowUp" ? -1 : 1);
    if (to >= 0 && to < count) {
      send({ type: "moveLayer", version: model.version, from: current, to });
      save({ selected: [to] });
    }
  } else if (e.key === "ArrowUp" || e.key === "ArrowDown") {
    // Shift extends the selection (to join layers with a merge); a plain arrow moves it.
    const to = Math.min(count - 1, Math.max(0, current + (e.key === "ArrowUp" ? -1 : 1)));
    if (e.shiftKey && !state.selected.includes(to)) select(to, true);
    else if (!e.shiftKey) select(to);
  } else if ((e.key === "Home" || e.key === "End") && count) select(e.key === "Home" ? 0 : count - 1);
  else if (e.key === "d" && (e.ctrlKey || e.metaKey) && current >= 0)
    send({ type: "duplicateLayer", version: model.version, index: current });
  else return;
  e.preventDefault();
});

filter.value = state.filter;
wireSearch(filter, app.querySelector(".palette-groups") as HTMLElement, () => {
  save({ filter: filter.value });
  showPalette();
});

window.addEventListener("message", (e: MessageEvent<HostMessage>) => {
  const m = e.data;
  switch (m.type) {
    case "model": {
      model = m;
      if (pendingSelect && m.analysis.layers.length > pendingSelect.count) {
        save({ selected: [Math.min(pendingSelect.index, m.analysis.layers.length - 1)] });
        const index = state.selected[0];
        pendingSelect = undefined;
        renderModel();
        scrollToCard(index);
      } else renderModel();
      if (sentAt !== undefined) {
        // Read by the UI suite and bench/designerVsCode: intent → edit → analysis → render → the frame painted.
        const since = sentAt;
        sentAt = undefined;
        afterPaint(() => (app.dataset.roundTripMs = (performance.now() - since).toFixed(1)));
      }
      break;
    }
    case "pong":
      if (pingAt !== undefined) {
        const since = pingAt;
        pingAt = undefined;
        afterPaint(() => (app.dataset.pingMs = (performance.now() - since).toFixed(1)));
      }
      break;
    case "rejected":
      pendingSelect = undefined;
      if (fromForm && state.selected.length === 1) {
        // An edit made in the form: the reason at the form, its fields back to the model as it is.
        showRefusal(properties, m.reason, renderProperties);
      } else notice.textContent = m.reason;
      break;
    case "insertLayer":
      addLayer(m.layerType, { branch: m.branch });
      break;
    case "selectLayer":
      if (model && m.index < model.analysis.layers.length) select(m.index);
      break;
    case "runs":
    case "append":
    case "ended":
      // The model's training, live: the section appears with the first run.
      // Collapsed by default (the Training Charts panel shows the same, larger): its summary line keeps the latest figures.
      if (m.type === "runs") training.hidden = m.runs.length === 0;
      if (m.type === "append") {
        const loss = typeof m.row.loss === "number" ? ` · loss ${m.row.loss.toFixed(4)}` : "";
        latest.textContent = `— epoch ${m.row.epoch}${m.kind === "batch" && m.row.batch !== undefined ? `, batch ${m.row.batch}` : ""}${loss}`;
      } else if (m.type === "ended") latest.textContent += " (ended)";
      charts ??= new TrainingCharts(training.querySelector(".training-charts") as HTMLElement, { height: 120, tables: false });
      charts.apply(m);
      break;
    default: {
      const unknown: never = m;
      void unknown;
    }
  }
});

showPalette();
vscode.postMessage({ type: "ready" });

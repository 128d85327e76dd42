/**
 * The designer webview: a layer palette, the model as a stack of layer cards, a totals bar and the selected
 * layer's properties. It never edits the model itself: it sends intents and renders what the host sends back.
 */
import { formatBytes, formatCount, layerSpec } from "../../src/core";
import type { DesignerViewState, HostMessage, ModelMessage, WebviewMessage } from "../../src/protocol/designer";
import { renderBanner } from "./banner";
import { renderForm, renderSwaps, showRefusal } from "./form";
import { renderSettings } from "./trainingForm";
import { LayerView } from "./layerView";
import { wireSash } from "./sash";
import { designerTiming } from "./timing";
import { TrainingCharts } from "../shared/charts";
import { renderPalette, wireSearch } from "../shared/palette";
import { keepFieldKeys } from "../shared/keys";
import { connectToHost } from "../shared/host";

const vscode = connectToHost<WebviewMessage, DesignerViewState>();
keepFieldKeys();
let model: ModelMessage | undefined;
let state: DesignerViewState = vscode.getState() ?? { selected: [], filter: "" };

const app = document.getElementById("app") as HTMLElement;
app.innerHTML = `
  <header class="toolbar"><span class="totals" aria-live="polite"></span><span class="zoom-controls"><span class="zoom-level" aria-live="polite" title="Zoom level (0: 100 %)"></span><button class="zoom-out" title="Zoom out (−, Ctrl+wheel)" aria-label="Zoom out">−</button><button class="zoom-in" title="Zoom in (+, Ctrl+wheel)" aria-label="Zoom in">+</button><button class="zoom-fit" title="Fit the graph in view (F)">Fit</button></span><button class="toggle-properties" title="Show or hide the properties pane" aria-pressed="true">Properties</button><button class="open-json" title="Open the model as JSON beside the designer">Open JSON beside</button></header>
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
wireSash(app, app.querySelector(".sash") as HTMLElement, state.propertiesWidth, (width) => save({ propertiesWidth: width }));
const layers = new LayerView(
  app,
  stack,
  app.querySelector(".columns") as HTMLElement,
  {
    select: (index, add) => select(index, add),
    dropLayerType: (type, after) => addLayer(type, { index: after + 1 }),
    moveCard: (from, to) => {
      if (!model) return;
      send({ type: "moveLayer", version: model.version, from, to });
      save({ selected: [to] });
    },
  },
  state.zoom,
  (level) => save({ zoom: level }),
);
(app.querySelector(".zoom-in") as HTMLElement).addEventListener("click", () => layers.zoom.zoomBy(1));
(app.querySelector(".zoom-out") as HTMLElement).addEventListener("click", () => layers.zoom.zoomBy(-1));
(app.querySelector(".zoom-fit") as HTMLElement).addEventListener("click", () => layers.zoom.fit());

function save(next: Partial<DesignerViewState>): void {
  state = { ...state, ...next };
  vscode.setState(state);
}

const timing = designerTiming(app, () => vscode.postMessage({ type: "ping" }));

/** Whether the last intent came from the selected layer's form (its refusal is shown there). */
let fromForm = false;

function send(message: WebviewMessage, form = false): void {
  fromForm = form;
  notice.textContent = "";
  timing.intent.start();
  vscode.postMessage(message);
}

/** Where a new layer goes: after the last selected layer, else at the end. */
function insertionIndex(): number {
  const count = model?.analysis.layers.length ?? 0;
  return state.selected.length ? Math.min(count, state.selected.reduce((m, i) => Math.max(m, i), -1) + 1) : count;
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
  pendingSelect = { index: join ? join.reduce((m, i) => Math.max(m, i), -1) + 1 : index, count };
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
  // Layers whose shapes are unknown count nothing: the sums are then lower bounds, and say so.
  const atLeast = t.complete ? "" : "≥ ";
  totals.textContent = `${atLeast}${formatCount(t.params)} params (${formatCount(t.trainableParams)} trainable, ${formatCount(t.nonTrainableParams)} non-trainable) · ${atLeast}${formatCount(t.macs)} MACs · parameters ${formatBytes(memory.parameterBytes)}${activations}`;
  layers.render(model.analysis, state.selected);
  renderProperties();
}

/** The properties pane: the selected layer's form. */
function renderProperties(): void {
  // A field with the focus keeps it when the pane is drawn anew (the keyboard user goes on from there).
  const active = document.activeElement;
  const focused = active instanceof HTMLElement && properties.contains(active) && active.id ? active.id : undefined;
  drawProperties();
  const again = focused ? (document.getElementById(focused) as (HTMLElement & { updateComplete?: Promise<unknown> }) | null) : null;
  // (A vscode-elements control takes the focus once it has rendered its inner field.)
  if (again && again !== document.activeElement) void (again.updateComplete ?? Promise.resolve()).then(() => again.focus());
}

function drawProperties(): void {
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
  if (layers.zoom.key(e)) {
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
      timing.intent.stop();
      break;
    }
    case "pong":
      timing.ping.stop();
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

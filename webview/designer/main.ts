/**
 * The designer webview: a layer palette, the model as a stack of layer cards or a graph, a totals bar and the
 * selected layer's properties. It never edits the model itself: it sends intents (intents.ts) and draws
 * (render.ts) what the host sends back. Its state is one object (state.ts); its input is wired in input.ts.
 */
import type { DesignerViewState, HostMessage, WebviewMessage } from "../../src/protocol/designer";
import { TrainingCharts } from "../shared/charts";
import { connectToHost } from "../shared/host";
import { keepFieldKeys } from "../shared/keys";
import { wireSearch } from "../shared/palette";
import { renderDiff } from "./diffView";
import { buildDom } from "./dom";
import { showRefusal } from "./form";
import { wireInput } from "./input";
import { Intents, scrollToCard } from "./intents";
import { LayerView } from "./layerView";
import { Renderer } from "./render";
import { wireSash } from "./sash";
import { DesignerState } from "./state";
import { designerTiming } from "./timing";
import { t } from "../shared/l10n";

const host = connectToHost<WebviewMessage, DesignerViewState>();
keepFieldKeys();
const state = new DesignerState(host);
const dom = buildDom(document.getElementById("app") as HTMLElement);
const timing = designerTiming(dom.app, () => host.postMessage({ type: "ping" }));
let charts: TrainingCharts | undefined;

const layers = new LayerView(
  dom.app,
  dom.stack,
  dom.columns,
  {
    select: (index, add) => intents.select(index, add),
    dropLayerType: (type, after) => intents.addLayer(type, { index: after + 1 }),
    moveCard: (from, to) => {
      if (!state.model) return;
      intents.send({ type: "moveLayer", version: state.model.version, from, to });
      state.save({ selected: [to] });
    },
    toggleGroup: (name) => layers.toggleGroup(name),
  },
  state.view.zoom,
  (level) => state.save({ zoom: level }),
  state.view.expandedGroups,
  (groups) => state.save({ expandedGroups: groups }),
);
const render = new Renderer(dom, state, layers, () => intents);
const intents = new Intents(state, host, dom.notice, timing.intent, () => render.model());

// The toolbar.
dom.openJson.addEventListener("click", () => intents.send({ type: "openAsJson" }));
dom.exportDiagram.addEventListener("click", () => intents.send({ type: "exportDiagram" }));
const showProperties = (shown: boolean) => {
  dom.app.classList.toggle("properties-hidden", !shown);
  dom.toggleProperties.setAttribute("aria-pressed", String(shown));
};
showProperties(!state.view.propertiesHidden);
dom.toggleProperties.addEventListener("click", () => {
  const hidden = !dom.app.classList.contains("properties-hidden");
  state.save({ propertiesHidden: hidden });
  showProperties(!hidden);
});
// The volume view in place of the cards.
const showVolumes = (shown: boolean) => {
  dom.app.classList.toggle("volumes-shown", shown);
  dom.toggleVolumes.setAttribute("aria-pressed", String(shown));
};
showVolumes(state.view.volumes === true);
dom.toggleVolumes.addEventListener("click", () => {
  const shown = !dom.app.classList.contains("volumes-shown");
  state.save({ volumes: shown });
  showVolumes(shown);
  render.model();
});
wireSash(dom.app, dom.sash, state.view.propertiesWidth, (width) => state.save({ propertiesWidth: width }));
dom.zoomIn.addEventListener("click", () => layers.zoom.zoomBy(1));
dom.zoomOut.addEventListener("click", () => layers.zoom.zoomBy(-1));
dom.zoomFit.addEventListener("click", () => layers.zoom.fit());

wireInput(dom, state, intents, layers);
dom.filter.value = state.view.filter;
wireSearch(dom.filter, dom.paletteGroups, () => {
  state.save({ filter: dom.filter.value });
  render.palette();
});

/** The model's training, live: the section appears with the first run, its summary line keeps the latest figures. */
function showTraining(m: Extract<HostMessage, { type: "runs" | "append" | "ended" }>): void {
  // Collapsed by default (the Training Charts panel shows the same, larger).
  if (m.type === "runs") dom.training.hidden = m.runs.length === 0;
  if (m.type === "append") {
    const loss = typeof m.row.loss === "number" ? ` · ${t("loss {0}", m.row.loss.toFixed(4))}` : "";
    const where =
      m.kind === "batch" && m.row.batch !== undefined ? t("epoch {0}, batch {1}", m.row.epoch, m.row.batch) : t("epoch {0}", m.row.epoch);
    dom.latest.textContent = `— ${where}${loss}`;
  } else if (m.type === "ended") dom.latest.textContent += ` ${t("(ended)")}`;
  charts ??= new TrainingCharts(dom.trainingCharts, { height: 120, tables: false });
  charts.apply(m);
}

window.addEventListener("message", (e: MessageEvent<HostMessage>) => {
  const m = e.data;
  switch (m.type) {
    case "model": {
      state.model = m;
      const pending = state.pendingSelect;
      if (pending && m.analysis.layers.length > pending.count) {
        state.save({ selected: [Math.min(pending.index, m.analysis.layers.length - 1)] });
        const index = state.selected[0];
        state.pendingSelect = undefined;
        render.model();
        scrollToCard(index);
      } else render.model();
      timing.intent.stop();
      render.refreshWhatIf();
      break;
    }
    case "pong":
      timing.ping.stop();
      break;
    case "swaps":
      state.swaps = m;
      if (m.version === state.model?.version && state.selected.length === 1 && state.selected[0] === m.index) render.properties();
      break;
    case "whatIf":
      render.whatIfAnswer(m);
      break;
    case "whatIfSet":
      render.whatIfSetAnswer(m);
      break;
    case "rejected":
      state.pendingSelect = undefined;
      // An edit made in the form: the reason at the form, its fields back to the model as it is.
      if (state.fromForm && state.selected.length === 1) showRefusal(dom.properties, m.reason, () => render.properties());
      else dom.notice.textContent = m.reason;
      break;
    case "insertLayer":
      intents.addLayer(m.layerType, { branch: m.branch });
      break;
    case "selectLayer":
      if (state.model && m.index < state.model.analysis.layers.length) intents.select(m.index);
      break;
    case "diff":
      renderDiff(dom.diff, m.overlay ? m : undefined, {
        clear: () => host.postMessage({ type: "clearDiff" }),
        select: (index) => intents.select(index),
      });
      break;
    case "runs":
    case "append":
    case "ended":
      showTraining(m);
      break;
    default: {
      const unknown: never = m;
      void unknown;
    }
  }
});

render.palette();
host.postMessage({ type: "ready" });

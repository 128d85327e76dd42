/** The designer's page: its markup, built once, and the elements the designer draws into. */
import { th } from "../shared/l10n";

/** The designer's elements. */
export interface DesignerDom {
  readonly app: HTMLElement;
  readonly totals: HTMLElement;
  readonly stack: HTMLElement;
  readonly columns: HTMLElement;
  readonly properties: HTMLElement;
  readonly notice: HTMLElement;
  readonly filter: HTMLInputElement;
  readonly palette: HTMLElement;
  readonly paletteGroups: HTMLElement;
  readonly training: HTMLElement;
  readonly trainingCharts: HTMLElement;
  readonly latest: HTMLElement;
  readonly banner: HTMLElement;
  readonly sash: HTMLElement;
  readonly toggleProperties: HTMLElement;
  readonly openJson: HTMLElement;
  readonly zoomIn: HTMLElement;
  readonly zoomOut: HTMLElement;
  readonly zoomFit: HTMLElement;
  readonly volumes: HTMLElement;
  readonly toggleVolumes: HTMLElement;
  readonly diff: HTMLElement;
  readonly exportDiagram: HTMLElement;
}

/** Writes the designer's markup into `app` and returns its elements. */
export function buildDom(app: HTMLElement): DesignerDom {
  app.innerHTML = `
  <header class="toolbar"><span class="totals" aria-live="polite"></span><span class="zoom-controls"><span class="zoom-level" aria-live="polite" title="${th("Zoom level (0: 100 %)")}"></span><button class="zoom-out" title="${th("Zoom out (−, Ctrl+wheel)")}" aria-label="${th("Zoom out")}">−</button><button class="zoom-in" title="${th("Zoom in (+, Ctrl+wheel)")}" aria-label="${th("Zoom in")}">+</button><button class="zoom-fit" title="${th("Fit the graph in view (F)")}">${th("Fit")}</button></span><button class="export-diagram" title="${th("Export the model's diagram as SVG or PNG (cards or volumes)")}">${th("Export diagram…")}</button><button class="toggle-volumes" title="${th("Draw each layer's output as a block sized by its height, width and channels (log-scaled)")}" aria-pressed="false">${th("Volumes")}</button><button class="toggle-properties" title="${th("Show or hide the properties pane")}" aria-pressed="true">${th("Properties")}</button><button class="open-json" title="${th("Open the model as JSON beside the designer")}">${th("Open JSON beside")}</button></header>
  <div class="banner" role="alert" hidden></div>
  <section class="diff-banner" aria-label="${th("Model diff")}" hidden></section>
  <div class="columns">
    <nav class="palette" aria-label="${th("Layer palette")}">
      <input class="palette-filter" type="search" placeholder="${th("Search layers")}" aria-label="${th("Search layers")}">
      <div class="palette-groups"></div>
    </nav>
    <main class="stack" role="listbox" aria-label="${th("Layers")}" aria-multiselectable="true" tabindex="0"></main>
    <div class="volumes" role="figure" aria-label="${th("Layers drawn as volumes")}"></div>
    <div class="sash"></div>
    <aside class="properties" aria-label="${th("Layer properties")}"></aside>
  </div>
  <details class="training" hidden><summary>${th("Training")} <span class="training-latest"></span></summary><div class="training-charts"></div></details>
  <div class="notice" role="status"></div>`;
  const find = <T extends HTMLElement = HTMLElement>(selector: string) => app.querySelector(selector) as T;
  return {
    app,
    totals: find(".totals"),
    stack: find(".stack"),
    columns: find(".columns"),
    properties: find(".properties"),
    notice: find(".notice"),
    filter: find<HTMLInputElement>(".palette-filter"),
    palette: find(".palette"),
    paletteGroups: find(".palette-groups"),
    training: find(".training"),
    trainingCharts: find(".training-charts"),
    latest: find(".training-latest"),
    banner: find(".banner"),
    sash: find(".sash"),
    toggleProperties: find(".toggle-properties"),
    openJson: find(".open-json"),
    zoomIn: find(".zoom-in"),
    zoomOut: find(".zoom-out"),
    zoomFit: find(".zoom-fit"),
    volumes: find(".volumes"),
    toggleVolumes: find(".toggle-volumes"),
    diff: find(".diff-banner"),
    exportDiagram: find(".export-diagram"),
  };
}

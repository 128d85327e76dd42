/** Drawing the designer from its state: the banner, the totals, the layers, the properties pane and the palette. */
import { formatBytes, poolingSwaps } from "../../src/core";
import { count, language, t } from "../shared/l10n";
import type { WebviewMessage, WhatIfMessage, WhatIfSetMessage } from "../../src/protocol/designer";
import { renderPalette, showEffect } from "../shared/palette";
import { renderBanner } from "./banner";
import type { DesignerDom } from "./dom";
import { parseField, renderForm, renderSwaps, showFieldEffect } from "./form";
import type { Intents } from "./intents";
import type { LayerView } from "./layerView";
import type { DesignerState } from "./state";
import { renderSettings } from "./trainingForm";
import { VolumeView } from "./volumes";

/** A size in bytes with the page's decimal mark (`1,14 MB` in Spanish). */
const bytes = (n: number): string => formatBytes(n, language());

/** Draws the designer; the intents its controls send go through `intents`. */
export class Renderer {
  private readonly volumes: VolumeView;

  constructor(
    private readonly dom: DesignerDom,
    private readonly state: DesignerState,
    private readonly layers: LayerView,
    private readonly intents: () => Intents,
  ) {
    this.volumes = new VolumeView(dom.volumes, (index, add) => this.intents().select(index, add));
  }

  /** The palette, filtered by the search box's query. */
  palette(): void {
    renderPalette(
      this.dom.paletteGroups,
      this.state.view.filter,
      (type, branch) => this.intents().addLayer(type, { branch }),
      (type, entry) => this.whatIf(type, entry),
    );
  }

  /** What adding `type` where the selection is would change: shown on its entry, asked of the host once per model. */
  private whatIf(type: string, entry: HTMLElement): void {
    const { model } = this.state;
    if (!model || model.skeleton !== "complete") return;
    const index = this.state.insertionIndex();
    const key = `${model.version}:${index}:${type}:false`;
    this.state.hovered = { key, entry, type };
    const known = this.state.whatIf.get(key);
    if (known !== undefined) return showEffect(entry, known);
    if (this.state.whatIf.size > 300) this.state.whatIf.clear();
    this.intents().ask({ type: "whatIf", version: model.version, index, layerType: type, branch: false });
  }

  /** After a change of the model or the selection: the entry still pointed at gets the new model's what-if. */
  refreshWhatIf(): void {
    const hovered = this.state.hovered;
    if (hovered?.entry.isConnected && hovered.entry.matches(":hover, :focus")) this.whatIf(hovered.type, hovered.entry);
  }

  /** The host's answer about a typed value: shown under its field while the field still holds that value. */
  whatIfSetAnswer(m: WhatIfSetMessage): void {
    const { model } = this.state;
    if (!model || m.version !== model.version || this.state.selected.length !== 1 || this.state.selected[0] !== m.index) return;
    const field = this.dom.properties.querySelector<HTMLElement>(`:scope > .field[data-param="${CSS.escape(m.key)}"]`);
    const control = field?.querySelector<HTMLElement & { value: string }>("vscode-textfield");
    if (!field || !control || JSON.stringify(parseField(control.value)) !== JSON.stringify(m.value)) return;
    showFieldEffect(field, m.text ?? null);
  }

  /** The host's what-if answer: kept, and shown if its entry is still the one pointed at. */
  whatIfAnswer(m: WhatIfMessage): void {
    const key = `${m.version}:${m.index}:${m.layerType}:${m.branch}`;
    this.state.whatIf.set(key, m.text);
    const hovered = this.state.hovered;
    if (hovered?.key === key && hovered.entry.isConnected && hovered.entry.matches(":hover, :focus")) showEffect(hovered.entry, m.text);
  }

  /** The whole model: banner, totals, layers and the properties pane. */
  model(): void {
    const { model } = this.state;
    if (!model) return;
    const intents = this.intents();
    const version = model.version;
    renderBanner(this.dom.banner, model.analysis, model.skeleton, {
      createSkeleton: () => intents.send({ type: "createSkeleton", version }),
      openAsJson: () => intents.send({ type: "openAsJson" }),
      reveal: (offset, length) => intents.send({ type: "reveal", offset, length }),
    });
    const totals = model.analysis.totals;
    const memory = model.analysis.memory;
    const activations =
      memory.activationBytesPerSample === null ? "" : ` · ${t("activations {0} per sample", bytes(memory.activationBytesPerSample))}`;
    // Layers whose shapes are unknown count nothing: the sums are then lower bounds, and say so.
    const atLeast = totals.complete ? "" : "≥ ";
    // The training step at the model's batch on PyTorch (which trains on GPUs); with the device's memory set, the
    // largest batch that fits. Its parts, and the tfjs trainer's step, in the tooltip.
    const device = memory.device;
    const step = memory.pytorch;
    const tfjs = memory.training;
    const fit =
      step.totalBytes === null
        ? ""
        : device && device.largestBatch !== null
          ? ` · ${t(
              "training {0} at batch {1}, batch ≤ {2} fits {3}",
              bytes(step.totalBytes),
              step.batchSize,
              count(device.largestBatch),
              bytes(device.bytes),
            )}`
          : ` · ${t("training {0} at batch {1}", bytes(step.totalBytes), step.batchSize)}`;
    const parts = (x: typeof step) => [
      bytes(x.weightBytes),
      bytes(x.gradientBytes),
      bytes(x.optimizerStateBytes),
      bytes(x.activationBytes ?? 0),
      bytes(x.workspaceBytes ?? 0),
    ];
    this.dom.totals.title =
      step.totalBytes === null || tfjs.totalBytes === null
        ? ""
        : [
            t(
              "A training step at batch {0} on PyTorch: weights {1}, gradients {2}, optimizer state {3}, activations and their gradients {4}, workspace {5}",
              step.batchSize,
              ...parts(step),
            ),
            t(
              "On tfjs (the wasm trainer, without Python): {0} — weights {1}, gradients {2}, optimizer state {3}, activations and their gradients {4}, working memory {5}",
              bytes(tfjs.totalBytes),
              ...parts(tfjs),
            ),
          ].join("\n");
    const params = t(
      "{0} params ({1} trainable, {2} non-trainable)",
      count(totals.params),
      count(totals.trainableParams),
      count(totals.nonTrainableParams),
    );
    const macs = t("{0} MACs", count(totals.macs));
    this.dom.totals.textContent = `${atLeast}${params} · ${atLeast}${macs} · ${t("parameters {0}", bytes(memory.parameterBytes))}${activations}${fit}`;
    this.layers.render(model.analysis, this.state.selected);
    if (this.state.view.volumes) void this.volumes.render(model.analysis, this.state.selected);
    this.properties();
  }

  /** The properties pane: the selected layer's form. */
  properties(): void {
    const { properties } = this.dom;
    // A field with the focus keeps it when the pane is drawn anew (the keyboard user goes on from there).
    const active = document.activeElement;
    const focused = active instanceof HTMLElement && properties.contains(active) && active.id ? active.id : undefined;
    this.drawProperties();
    const again = focused ? (document.getElementById(focused) as (HTMLElement & { updateComplete?: Promise<unknown> }) | null) : null;
    // (A vscode-elements control takes the focus once it has rendered its inner field.)
    if (again && again !== document.activeElement) void (again.updateComplete ?? Promise.resolve()).then(() => again.focus());
  }

  private drawProperties(): void {
    const { model, selected } = this.state;
    if (!model) return;
    const { properties, stack } = this.dom;
    const intents = this.intents();
    const { analysis } = model;
    const focus = selected.length === 1 ? analysis.layers[selected[0]] : undefined;
    // The listbox keeps the focus; a screen reader follows the current card through aria-activedescendant.
    const current = selected.at(-1);
    if (current !== undefined && current < analysis.layers.length) stack.setAttribute("aria-activedescendant", `layer-card-${current}`);
    else stack.removeAttribute("aria-activedescendant");
    // An edit from the form names the model as it is when the edit is sent.
    const fromForm = (intent: (version: number) => WebviewMessage) => {
      const now = this.state.model;
      if (now) intents.send(intent(now.version), true);
    };
    if (focus) {
      const others = analysis.layers.filter((l) => l.index !== focus.index).map((l) => l.name);
      const index = focus.index;
      renderForm(properties, focus, model.analysis.layers[index]?.written ?? null, others, {
        setParam: (key, value) => fromForm((version) => ({ type: "setParam", version, index, key, value })),
        resetParam: (key) => fromForm((version) => ({ type: "resetParam", version, index, key })),
        rename: (name) => fromForm((version) => ({ type: "rename", version, index, name })),
        setInputs: (inputs) => fromForm((version) => ({ type: "setInputs", version, index, inputs })),
        preview: (key, value) => intents.ask({ type: "whatIfSet", version: model.version, index, key, value }),
      });
      // The pooling swaps come from the host, which computes them on the document itself; asked once per model and layer.
      const answer = this.state.swaps;
      if (answer && answer.version === model.version && answer.index === index)
        renderSwaps(properties, answer.swaps, (layerType) => fromForm((version) => ({ type: "swapType", version, index, layerType })));
      else {
        renderSwaps(properties, [], () => undefined);
        if (Object.hasOwn(poolingSwaps, focus.type)) intents.ask({ type: "swapsFor", version: model.version, index });
      }
    } else if (selected.length > 1) properties.textContent = t("{0} layers selected", selected.length);
    else {
      // Nothing selected: the model's own panel (name, description, training).
      const version = model.version;
      renderSettings(properties, model.settings, {
        set: (path, value) => intents.send({ type: "setSetting", version, path, ...(value === undefined ? {} : { value }) }),
        pick: (path, folder) => intents.send({ type: "pickPath", version, path, folder }),
      });
    }
  }
}

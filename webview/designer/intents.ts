/**
 * What the designer asks of the host, and the selection it keeps itself. Every change of the model is an intent
 * naming the document version it saw; the host applies it and sends the new model back (or says why not).
 */
import { layerSpec } from "../../src/core";
import type { WebviewMessage } from "../../src/protocol/designer";
import type { HostApi } from "../shared/host";
import type { DesignerViewState } from "../../src/protocol/designer";
import type { DesignerState } from "./state";
import type { Stopwatch } from "./timing";

/** The designer's intents and selection changes. */
export class Intents {
  constructor(
    private readonly state: DesignerState,
    private readonly host: HostApi<WebviewMessage, DesignerViewState>,
    private readonly notice: HTMLElement,
    private readonly roundTrip: Stopwatch,
    /** Draws the model again (after a change of the selection). */
    private readonly redraw: () => void,
  ) {}

  /** Sends an intent; `form`: it came from the selected layer's form, where a refusal is shown. */
  send(message: WebviewMessage, form = false): void {
    this.state.fromForm = form;
    this.notice.textContent = "";
    this.roundTrip.start();
    this.host.postMessage(message);
  }

  /** Asks the host a question (no edit: the notice and the round-trip timing are left as they are). */
  ask(message: WebviewMessage): void {
    this.host.postMessage(message);
  }

  /**
   * Adds a layer after the selection (or at `index`): a merge with several layers selected joins them; `branch`
   * starts a branch beside the selected layer's consumers instead of taking them over. The new layer becomes the
   * selection, so that consecutive additions build the model in order.
   */
  addLayer(layerType: string, options: { index?: number; branch?: boolean } = {}): void {
    const { model, selected } = this.state;
    if (!model) return;
    const count = model.analysis.layers.length;
    const join = options.index === undefined && selected.length >= 2 && isMerge(layerType) ? [...selected] : undefined;
    const index = options.index ?? this.state.insertionIndex();
    this.state.pendingSelect = { index: join ? join.reduce((m, i) => Math.max(m, i), -1) + 1 : index, count };
    this.send({
      type: "addLayer",
      version: model.version,
      layerType,
      index,
      ...(options.branch ? { branch: true } : {}),
      ...(join ? { join } : {}),
    });
  }

  /** Selects a layer (`add`: toggles it in a multiple selection) and brings its card into view. */
  select(index: number, add = false): void {
    const selected = this.state.selected;
    const next = add ? (selected.includes(index) ? selected.filter((i) => i !== index) : [...selected, index]) : [index];
    this.state.save({ selected: next });
    this.redraw();
    scrollToCard(index);
  }

  /** Clears the selection: new layers then go at the end. */
  deselect(): void {
    if (!this.state.selected.length) return;
    this.state.save({ selected: [] });
    this.redraw();
  }
}

/** Whether a layer type merges several inputs. */
function isMerge(type: string): boolean {
  return layerSpec(type)?.arity === "many";
}

/** Brings a card into view (arrow keys, Home and End may select one out of view). */
export function scrollToCard(index: number): void {
  document.getElementById(`layer-card-${index}`)?.scrollIntoView({ block: "nearest" });
}

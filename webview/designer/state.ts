/**
 * The designer's state, in one object: the model the host last sent, the view state that survives the tab being
 * hidden (selection, palette filter, zoom, properties pane), and what an intent in flight expects back.
 */
import type { DesignerViewState, ModelMessage, SwapsMessage, WebviewMessage } from "../../src/protocol/designer";
import type { HostApi } from "../shared/host";

/** The designer's state; the host's model is the only truth about the model itself. */
export class DesignerState {
  /** The model as the host last sent it; undefined until the first message. */
  model: ModelMessage | undefined;
  /** What VS Code keeps across reloads of the webview. */
  view: DesignerViewState;
  /** Whether the last intent came from the selected layer's form (its refusal is shown there). */
  fromForm = false;
  /** The host's last answer about a layer's pooling swaps (for the model version and layer it names). */
  swaps: SwapsMessage | undefined;
  /** The host's what-if answers, by `version:index:type:branch` (a few hundred at most). */
  readonly whatIf = new Map<string, string | null>();
  /** The palette entry under the pointer and its what-if key, to show the host's answer on when it comes. */
  hovered: { readonly key: string; readonly entry: HTMLElement; readonly type: string } | undefined;
  /** The layer an addition will put where: selected once the host's new model has it. */
  pendingSelect: { readonly index: number; readonly count: number } | undefined;

  constructor(private readonly host: HostApi<WebviewMessage, DesignerViewState>) {
    this.view = host.getState() ?? { selected: [], filter: "" };
  }

  /** The selected layers' indices, in the order they were selected. */
  get selected(): readonly number[] {
    return this.view.selected;
  }

  /** Updates the view state and keeps it with VS Code. */
  save(next: Partial<DesignerViewState>): void {
    this.view = { ...this.view, ...next };
    this.host.setState(this.view);
  }

  /** Where a new layer goes: after the last selected layer, else at the end. */
  insertionIndex(): number {
    const count = this.model?.analysis.layers.length ?? 0;
    return this.selected.length ? Math.min(count, this.selected.reduce((m, i) => Math.max(m, i), -1) + 1) : count;
  }
}

/**
 * The typed protocol between the extension host and the designer webview. Types only: both sides import it.
 * The host checks every message the designer sends through a table with one checker per message type
 * (src/extension/webviews/designer/messages.ts), so a message added here does not compile until it is checked.
 */
import type { Analysis, DiffOverlay, SkeletonState } from "../core";
import type { ChartsHostMessage } from "./charts";

/** The model as the designer shows it, sent after every change of the document. */
export interface ModelMessage {
  readonly type: "model";
  /** The document version this analysis belongs to; intents must name it. */
  readonly version: number;
  /** The engine's analysis: shapes, counts, diagnostics (located by layer index). */
  readonly analysis: Analysis;
  /** Whether the file has a model's skeleton (an object with "version" and a "layers" list), or what it lacks. */
  readonly skeleton: SkeletonState;
  /** The model's own settings as written: its name, description and training section (for the Training panel). */
  readonly settings: { readonly name?: unknown; readonly description?: unknown; readonly training?: unknown };
}

/** An intent the host did not apply (stale version, invalid value); the designer shows the reason. */
export interface RejectedMessage {
  readonly type: "rejected";
  readonly reason: string;
}

/** Add a layer of `layerType` where the designer's selection is (from the sidebar palette); `branch`: as a new branch. */
export interface InsertLayerRequest {
  readonly type: "insertLayer";
  readonly layerType: string;
  readonly branch?: boolean;
}

/** Select layer `index` and bring its card into view (a click on the layer in the Model Summary view). */
export interface SelectLayerRequest {
  readonly type: "selectLayer";
  readonly index: number;
}

/** The answer to a ping, at once: the transport's round trip, which bench/designerVsCode compares edits with. */
export interface PongMessage {
  readonly type: "pong";
}

/** A swap the form offers for a Flatten or global pooling layer: the type, and the model's parameters before and after. */
export interface SwapOffer {
  readonly target: string;
  readonly paramsBefore: number;
  readonly paramsAfter: number;
}

/** The host's answer to `swapsFor`: the swaps of the layer at `index` in the model of `version`, computed on the document. */
export interface SwapsMessage {
  readonly type: "swaps";
  readonly version: number;
  readonly index: number;
  readonly swaps: readonly SwapOffer[];
}

/** The host's answer to `whatIf`: what adding `layerType` at `index` would change, in a line (null: nothing to say). */
export interface WhatIfMessage {
  readonly type: "whatIf";
  readonly version: number;
  readonly index: number;
  readonly layerType: string;
  readonly branch: boolean;
  readonly text: string | null;
}

/** The host's answer to `whatIfSet`: what setting `key` to `value` would change (null: the value is refused). */
export interface WhatIfSetMessage {
  readonly type: "whatIfSet";
  readonly version: number;
  readonly index: number;
  readonly key: string;
  readonly value: unknown;
  readonly text: string | null;
}

/**
 * The model compared with another (Compare Model with…, with the committed version): the overlay of what changed,
 * computed against each new version of the model until the designer clears it; `overlay` null: cleared.
 */
export interface DiffMessage {
  readonly type: "diff";
  /** What the model is compared with: `HEAD:model.cnn.json`, or another file's path. */
  readonly base: string;
  readonly overlay: DiffOverlay | null;
}

/** Host → designer (the chart messages show the model's training live, as in the Training Charts panel). */
export type HostMessage =
  | ModelMessage
  | RejectedMessage
  | InsertLayerRequest
  | SelectLayerRequest
  | PongMessage
  | SwapsMessage
  | WhatIfMessage
  | WhatIfSetMessage
  | DiffMessage
  | ChartsHostMessage;

/** The designer has loaded and wants the model. */
export interface ReadyMessage {
  readonly type: "ready";
}

/** Asks which pooling swaps the layer at `index` has (its form shows them), in the model of `version`. */
export interface SwapsRequest {
  readonly type: "swapsFor";
  readonly version: number;
  readonly index: number;
}

/** Asks what adding a layer of `layerType` at `index` (as a branch or not) would change, in the model of `version`. */
export interface WhatIfRequest {
  readonly type: "whatIf";
  readonly version: number;
  readonly index: number;
  readonly layerType: string;
  readonly branch: boolean;
}

/** Asks what setting the parameter `key` of the layer at `index` to `value` would change (the form, as it is typed). */
export interface WhatIfSetRequest {
  readonly type: "whatIfSet";
  readonly version: number;
  readonly index: number;
  readonly key: string;
  readonly value: unknown;
}

/** Asks for a pong and nothing else: the least a designer's message to the host costs (measured by the bench). */
export interface PingMessage {
  readonly type: "ping";
}

/**
 * Add a new layer of `layerType` at position `index` (0 = first; the count = last), after the layer before it:
 * it takes over that layer's consumers, or, with `branch`, starts a branch beside them. A merge layer with `join`
 * (two or more layer indices, the selection) joins those layers instead.
 */
export interface AddLayerMessage {
  readonly type: "addLayer";
  readonly version: number;
  readonly layerType: string;
  readonly index: number;
  readonly branch?: boolean;
  readonly join?: readonly number[];
}

/** Set parameter `key` of layer `index` to `value`. */
export interface SetParamMessage {
  readonly type: "setParam";
  readonly version: number;
  readonly index: number;
  readonly key: string;
  readonly value: unknown;
}

/** Remove parameter `key` of layer `index`, back to its default. */
export interface ResetParamMessage {
  readonly type: "resetParam";
  readonly version: number;
  readonly index: number;
  readonly key: string;
}

/** Rename layer `index` (other layers' `inputs` that name it follow). */
export interface RenameMessage {
  readonly type: "rename";
  readonly version: number;
  readonly index: number;
  readonly name: string;
}

/** Make layer `index` read the layers named in `inputs` (the designer's way to wire merges and branches). */
export interface SetInputsMessage {
  readonly type: "setInputs";
  readonly version: number;
  readonly index: number;
  readonly inputs: readonly string[];
}

/** Delete the layers at `indices`. */
export interface DeleteLayersMessage {
  readonly type: "deleteLayers";
  readonly version: number;
  readonly indices: readonly number[];
}

/** Move the layer at `from` to position `to`. */
export interface MoveLayerMessage {
  readonly type: "moveLayer";
  readonly version: number;
  readonly from: number;
  readonly to: number;
}

/** Insert a copy of layer `index` after it (under a new name if it has one). */
export interface DuplicateLayerMessage {
  readonly type: "duplicateLayer";
  readonly version: number;
  readonly index: number;
}

/** The pooling lesson: replace layer `index` (Flatten or a global pooling) with `layerType`, another of them. */
export interface SwapTypeMessage {
  readonly type: "swapType";
  readonly version: number;
  readonly index: number;
  readonly layerType: string;
}

/** Show the file in the text editor. */
export interface OpenAsJsonMessage {
  readonly type: "openAsJson";
}

/** Show the file in the text editor at `offset` (a file-level problem's place), selecting `length` characters. */
export interface RevealMessage {
  readonly type: "reveal";
  readonly offset: number;
  readonly length: number;
}

/**
 * Set one of the model's own settings — `["name"]`, `["description"]` or a path in `training` — to `value`;
 * without `value`, remove it (back to its default).
 */
export interface SetSettingMessage {
  readonly type: "setSetting";
  readonly version: number;
  readonly path: readonly string[];
  readonly value?: unknown;
}

/** Ask the user for a file or folder and set the training setting at `path` to it (relative to the model file). */
export interface PickPathMessage {
  readonly type: "pickPath";
  readonly version: number;
  readonly path: readonly string[];
  readonly folder: boolean;
}

/** Give an empty or half-written file a model's skeleton ("version" and an empty "layers" list). */
export interface CreateSkeletonMessage {
  readonly type: "createSkeleton";
  readonly version: number;
}

/** Designer → host. */
export type WebviewMessage =
  | ReadyMessage
  | PingMessage
  | SwapsRequest
  | WhatIfRequest
  | WhatIfSetRequest
  | AddLayerMessage
  | SetParamMessage
  | ResetParamMessage
  | RenameMessage
  | SetInputsMessage
  | DeleteLayersMessage
  | MoveLayerMessage
  | DuplicateLayerMessage
  | SwapTypeMessage
  | OpenAsJsonMessage
  | RevealMessage
  | CreateSkeletonMessage
  | SetSettingMessage
  | PickPathMessage
  | ClearDiffMessage
  | ExportDiagramMessage;

/** Export Diagram… for the designer's model (the host asks where and how, as the command does). */
export interface ExportDiagramMessage {
  readonly type: "exportDiagram";
}

/** Stop comparing: the designer drops the diff overlay, and the host stops computing it. */
export interface ClearDiffMessage {
  readonly type: "clearDiff";
}

/** What the designer keeps across being hidden and shown again (`vscode.setState`). */
export interface DesignerViewState {
  readonly selected: readonly number[];
  readonly filter: string;
  /** The graph view's zoom level (1 = 100 %). */
  readonly zoom?: number;
  /** The properties pane folded away. */
  readonly propertiesHidden?: boolean;
  /** The properties pane's width in pixels, as the user dragged it. */
  readonly propertiesWidth?: number;
  /** The groups (models used as layers) shown layer by layer; the others are folded into one card each. */
  readonly expandedGroups?: readonly string[];
  /** The volume view shown instead of the cards. */
  readonly volumes?: boolean;
}

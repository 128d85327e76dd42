import {
  applyEdits,
  changeEffect,
  effectText,
  insertionEffect,
  insertLayer,
  insertionEdits,
  isLayerType,
  layerSpec,
  minimal,
  moveLayer,
  msg,
  parseDocument,
  poolingSwapsOf,
  readParam,
  removeLayerProperty,
  removeLayers,
  renameLayer,
  setLayerProperty,
  settingEdits,
  skeletonEdits,
  skeletonState,
  type Analysis,
  type LayerType,
  type Message,
  type TextEdit,
} from "../../../core";
import type {
  ModelMessage,
  SwapsMessage,
  WebviewMessage,
  WhatIfMessage,
  WhatIfRequest,
  WhatIfSetMessage,
  WhatIfSetRequest,
} from "../../../protocol/designer";
import { catalogue, describe } from "../../messages";

/** What the designer is sent for a model text (its analysis made by the caller, which caches it). */
export function designerModel(text: string, version: number, analysis: Analysis): ModelMessage {
  const value = parseDocument(text).value as Record<string, unknown> | undefined;
  const root = typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
  const settings = Object.fromEntries(["name", "description", "training"].filter((k) => Object.hasOwn(root, k)).map((k) => [k, root[k]]));
  return { type: "model", version, analysis, skeleton: skeletonState(text), settings };
}

/** The pooling swaps of the layer at `index`, computed on the document itself (its version, its outputs, everything). */
export function swapsMessage(text: string, version: number, index: number, analysis: Analysis): SwapsMessage {
  const swaps = poolingSwapsOf(text, index, analysis).map(({ target, paramsBefore, paramsAfter }) => ({
    target,
    paramsBefore,
    paramsAfter,
  }));
  return { type: "swaps", version, index, swaps };
}

/** What adding a layer would change, computed on the document itself: the palette's what-if line. */
export function whatIfMessage(text: string, request: WhatIfRequest, analysis: Analysis): WhatIfMessage {
  const { version, index, layerType, branch } = request;
  const effect = insertionEffect(text, { type: layerType as LayerType, index, branch }, analysis, catalogue);
  return { type: "whatIf", version, index, layerType, branch, text: effect ? effectText(effect, catalogue) : null };
}

/** What setting a parameter would change, computed on the document as the form's setParam would edit it. */
export function whatIfSetMessage(text: string, request: WhatIfSetRequest, analysis: Analysis): WhatIfSetMessage {
  const { version, index, key, value } = request;
  const result = editsForIntent(text, analysis, { type: "setParam", version, index, key, value });
  const text2 = "edits" in result ? effectText(changeEffect(analysis, applyEdits(text, result.edits), index, catalogue), catalogue) : null;
  return { type: "whatIfSet", version, index, key, value, text: text2 };
}

/** The edits for an intent, or the reason it cannot be applied. */
export type IntentResult = { readonly edits: readonly TextEdit[] } | { readonly reason: string };

/** A name for a copy that no layer has yet: `conv1_copy`, `conv1_copy_1`, … */
function copyName(base: string, taken: ReadonlySet<string>): string {
  let name = `${base}_copy`;
  for (let i = 1; taken.has(name); i++) name = `${base}_copy_${i}`;
  return name;
}

/**
 * Turns a designer intent into minimal edits of the model text, computed by the pure core. The host has
 * already checked that the intent names the current document version.
 */
export function editsForIntent(text: string, a: Analysis, m: WebviewMessage): IntentResult {
  const layer = "index" in m ? a.layers[m.index] : undefined;
  const refused = (m: Message) => ({ reason: describe(m) });
  const missing = refused(msg("intent.layerGone"));
  const done = (edits: readonly TextEdit[] | undefined, reason: Message = msg("intent.noLayersList")) =>
    edits ? { edits } : refused(reason);
  switch (m.type) {
    case "ready":
    case "ping":
    case "swapsFor":
    case "whatIf":
    case "whatIfSet":
    case "openAsJson":
    case "reveal":
    case "pickPath":
    case "clearDiff":
    case "exportDiagram":
      return { edits: [] };
    case "setSetting":
      return done(settingEdits(text, m.path, m.value), msg("intent.notAnObject"));
    case "createSkeleton":
      return done(skeletonEdits(text), msg("intent.notAnObjectOrEmpty"));
    case "addLayer": {
      if (!isLayerType(m.layerType)) return refused(msg("intent.unknownType", { type: m.layerType }));
      if (m.join?.some((i) => i >= a.layers.length)) return refused(msg("intent.layersGone"));
      const request = { type: m.layerType, index: m.index, branch: m.branch, join: m.join };
      const edits = insertionEdits(text, a.layers, request);
      if (edits) return { edits };
      // An empty or half-written file: the first layer brings the skeleton with it.
      const skeleton = skeletonEdits(text);
      const started = skeleton && applyEdits(text, skeleton);
      const inserted = started !== undefined && insertionEdits(started, [], { ...request, index: 0 });
      const edit = inserted ? minimal(text, applyEdits(started, inserted)) : undefined;
      return edit ? { edits: [edit] } : refused(msg("intent.noLayersListFix"));
    }
    case "setParam": {
      if (!layer) return missing;
      const spec = layerSpec(layer.type)?.params[m.key];
      if (!spec) return refused(msg("intent.noParameter", { type: layer.type, key: m.key }));
      const checked = readParam(m.key, spec, m.value);
      if (!checked.ok) return { reason: `${layer.name}: ${describe(checked.message)}` };
      return done(setLayerProperty(text, m.index, m.key, m.value));
    }
    case "resetParam":
      if (!layer) return missing;
      return layer.written && Object.hasOwn(layer.written, m.key) ? done(removeLayerProperty(text, m.index, m.key)) : { edits: [] };
    case "rename": {
      if (!layer) return missing;
      const name = m.name.trim();
      if (name === layer.name) return { edits: [] };
      if (!name || name.includes("/")) return refused(msg("intent.badName"));
      if (a.layers.some((l) => l.name === name)) return refused(msg("intent.nameTaken", { name: name }));
      return done(renameLayer(text, m.index, layer.name, name));
    }
    case "setInputs": {
      if (!layer) return missing;
      if (layerSpec(layer.type)?.arity === "none") return refused(msg("intent.inputReads"));
      if (m.inputs.includes(layer.name)) return refused(msg("intent.readsItself", { layer: layer.name }));
      const unknown = m.inputs.find((n) => !a.layers.some((l) => l.name === n));
      if (unknown) return refused(msg("intent.noSuchLayer", { name: unknown }));
      return done(setLayerProperty(text, m.index, "inputs", m.inputs));
    }
    case "deleteLayers":
      return done(removeLayers(text, m.indices), msg("intent.layersGone"));
    case "moveLayer":
      return done(moveLayer(text, m.from, m.to), msg("intent.layerGone"));
    case "duplicateLayer": {
      const source = layer?.written;
      if (!layer || !source) return missing;
      const copy = "name" in source ? { ...source, name: copyName(layer.name, new Set(a.layers.map((l) => l.name))) } : { ...source };
      return done(insertLayer(text, m.index + 1, copy));
    }
    case "swapType": {
      if (!layer) return missing;
      const swap = poolingSwapsOf(text, m.index, a).find((s) => s.target === m.layerType);
      const cannot = msg("intent.cannotSwap", { layer: layer.name, type: layer.type, target: m.layerType });
      return swap ? { edits: swap.edits } : refused(cannot);
    }
    default:
      return unreachable(m);
  }
}

/** Makes the switch above exhaustive: a new message type fails to compile until it is handled. */
function unreachable(m: never): never {
  throw new Error(`unhandled designer message ${JSON.stringify(m)}`);
}

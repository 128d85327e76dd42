/** The designer's messages, checked by the host before it acts on them (see ../shared/messageTable.ts). */
import { isSettingPath, layerRegistry } from "../../../core";
import type { WebviewMessage } from "../../../protocol/designer";
import { checkMessage, isIndex as isInt, type MessageCheckers, type RawMessage } from "../shared/messageTable";

/** The document version an intent names, when it is one. */
const version = (m: RawMessage) => (isInt(m.version) ? m.version : undefined);

/** One checker per designer message: a new message in the protocol does not compile until it has one. */
const checkers: MessageCheckers<WebviewMessage> = {
  ready: () => ({ type: "ready" }),
  ping: () => ({ type: "ping" }),
  swapsFor: (m) => {
    const v = version(m);
    return v !== undefined && isInt(m.index) ? { type: "swapsFor", version: v, index: m.index } : undefined;
  },
  whatIf: (m) => {
    const v = version(m);
    return v !== undefined && isInt(m.index) && typeof m.layerType === "string" && Object.hasOwn(layerRegistry, m.layerType)
      ? { type: "whatIf", version: v, index: m.index, layerType: m.layerType, branch: m.branch === true }
      : undefined;
  },
  whatIfSet: (m) => {
    const v = version(m);
    // A value the file could hold: JSON, and of a sane size (as setParam's).
    const json = Object.hasOwn(m, "value") && m.value !== undefined ? JSON.stringify(m.value) : undefined;
    if (v === undefined || !isInt(m.index) || typeof m.key !== "string" || json === undefined || json.length > 100_000) return undefined;
    return { type: "whatIfSet", version: v, index: m.index, key: m.key, value: JSON.parse(json) as unknown };
  },
  openAsJson: () => ({ type: "openAsJson" }),
  clearDiff: () => ({ type: "clearDiff" }),
  exportDiagram: () => ({ type: "exportDiagram" }),
  reveal: (m) => (isInt(m.offset) && isInt(m.length) ? { type: "reveal", offset: m.offset, length: m.length } : undefined),
  createSkeleton: (m) => {
    const v = version(m);
    return v === undefined ? undefined : { type: "createSkeleton", version: v };
  },
  setSetting: (m) => {
    const v = version(m);
    if (v === undefined || !Array.isArray(m.path) || !isSettingPath(m.path)) return undefined;
    // A value the file can hold: JSON, and of a sane size.
    const json = Object.hasOwn(m, "value") && m.value !== undefined ? JSON.stringify(m.value) : undefined;
    if (json !== undefined && json.length > 100_000) return undefined;
    const value = json === undefined ? undefined : (JSON.parse(json) as unknown);
    return { type: "setSetting", version: v, path: m.path, ...(value === undefined ? {} : { value }) };
  },
  pickPath: (m) => {
    const v = version(m);
    return v !== undefined && Array.isArray(m.path) && isSettingPath(m.path) && m.path[0] === "training" && typeof m.folder === "boolean"
      ? { type: "pickPath", version: v, path: m.path, folder: m.folder }
      : undefined;
  },
  addLayer: (m) => {
    const v = version(m);
    const branch = m.branch === undefined || typeof m.branch === "boolean";
    const join = m.join === undefined || (Array.isArray(m.join) && m.join.length <= 1000 && m.join.every(isInt));
    if (v === undefined || typeof m.layerType !== "string" || !isInt(m.index) || !branch || !join) return undefined;
    return {
      type: "addLayer",
      version: v,
      layerType: m.layerType,
      index: m.index,
      ...(m.branch ? { branch: true } : {}),
      ...(m.join ? { join: m.join as number[] } : {}),
    };
  },
  setParam: (m) => {
    const v = version(m);
    return v !== undefined && isInt(m.index) && typeof m.key === "string" && Object.hasOwn(m, "value")
      ? { type: "setParam", version: v, index: m.index, key: m.key, value: m.value }
      : undefined;
  },
  resetParam: (m) => {
    const v = version(m);
    return v !== undefined && isInt(m.index) && typeof m.key === "string"
      ? { type: "resetParam", version: v, index: m.index, key: m.key }
      : undefined;
  },
  rename: (m) => {
    const v = version(m);
    return v !== undefined && isInt(m.index) && typeof m.name === "string"
      ? { type: "rename", version: v, index: m.index, name: m.name }
      : undefined;
  },
  setInputs: (m) => {
    const v = version(m);
    return v !== undefined && isInt(m.index) && Array.isArray(m.inputs) && m.inputs.every((n) => typeof n === "string" && n !== "")
      ? { type: "setInputs", version: v, index: m.index, inputs: m.inputs as string[] }
      : undefined;
  },
  deleteLayers: (m) => {
    const v = version(m);
    return v !== undefined && Array.isArray(m.indices) && m.indices.length > 0 && m.indices.every(isInt)
      ? { type: "deleteLayers", version: v, indices: m.indices as number[] }
      : undefined;
  },
  moveLayer: (m) => {
    const v = version(m);
    return v !== undefined && isInt(m.from) && isInt(m.to) ? { type: "moveLayer", version: v, from: m.from, to: m.to } : undefined;
  },
  swapType: (m) => {
    const v = version(m);
    return v !== undefined && isInt(m.index) && typeof m.layerType === "string"
      ? { type: "swapType", version: v, index: m.index, layerType: m.layerType }
      : undefined;
  },
  duplicateLayer: (m) => {
    const v = version(m);
    return v !== undefined && isInt(m.index) ? { type: "duplicateLayer", version: v, index: m.index } : undefined;
  },
};

/**
 * Checks a message from the designer webview (which the host does not trust) against the protocol;
 * `undefined` when it is malformed.
 */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  return checkMessage(checkers, raw);
}

import { isSettingPath } from "../core";
import type { WebviewMessage } from "../protocol/designer";

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Checks a message from the designer webview (which the host does not trust) against the protocol;
 * `undefined` when it is malformed.
 */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (!isObject(raw) || typeof raw.type !== "string") return undefined;
  const m = raw as Record<string, unknown> & { type: WebviewMessage["type"] };
  const versioned = isInt(m.version);
  switch (m.type) {
    case "ready":
    case "ping":
    case "openAsJson":
      return { type: m.type };
    case "reveal":
      return isInt(m.offset) && isInt(m.length) ? { type: m.type, offset: m.offset, length: m.length } : undefined;
    case "createSkeleton":
      return versioned ? { type: m.type, version: m.version as number } : undefined;
    case "setSetting": {
      if (!versioned || !Array.isArray(m.path) || !isSettingPath(m.path)) return undefined;
      // A value the file can hold: JSON, and of a sane size.
      const json = "value" in m && m.value !== undefined ? JSON.stringify(m.value) : undefined;
      if (json !== undefined && json.length > 100_000) return undefined;
      const value = json === undefined ? undefined : (JSON.parse(json) as unknown);
      return { type: m.type, version: m.version as number, path: m.path, ...(value === undefined ? {} : { value }) };
    }
    case "pickPath":
      return versioned && Array.isArray(m.path) && isSettingPath(m.path) && m.path[0] === "training" && typeof m.folder === "boolean"
        ? { type: m.type, version: m.version as number, path: m.path, folder: m.folder }
        : undefined;
    case "addLayer": {
      const branch = m.branch === undefined || typeof m.branch === "boolean";
      const join = m.join === undefined || (Array.isArray(m.join) && m.join.length <= 1000 && m.join.every(isInt));
      if (!versioned || typeof m.layerType !== "string" || !isInt(m.index) || !branch || !join) return undefined;
      return {
        type: m.type,
        version: m.version as number,
        layerType: m.layerType,
        index: m.index,
        ...(m.branch ? { branch: true } : {}),
        ...(m.join ? { join: m.join as number[] } : {}),
      };
    }
    case "setParam":
      return versioned && isInt(m.index) && typeof m.key === "string" && "value" in m
        ? { type: m.type, version: m.version as number, index: m.index, key: m.key, value: m.value }
        : undefined;
    case "resetParam":
      return versioned && isInt(m.index) && typeof m.key === "string"
        ? { type: m.type, version: m.version as number, index: m.index, key: m.key }
        : undefined;
    case "rename":
      return versioned && isInt(m.index) && typeof m.name === "string"
        ? { type: m.type, version: m.version as number, index: m.index, name: m.name }
        : undefined;
    case "setInputs":
      return versioned && isInt(m.index) && Array.isArray(m.inputs) && m.inputs.every((n) => typeof n === "string" && n !== "")
        ? { type: m.type, version: m.version as number, index: m.index, inputs: m.inputs as string[] }
        : undefined;
    case "deleteLayers":
      return versioned && Array.isArray(m.indices) && m.indices.length > 0 && m.indices.every(isInt)
        ? { type: m.type, version: m.version as number, indices: m.indices as number[] }
        : undefined;
    case "moveLayer":
      return versioned && isInt(m.from) && isInt(m.to) ? { type: m.type, version: m.version as number, from: m.from, to: m.to } : undefined;
    case "swapType":
      return versioned && isInt(m.index) && typeof m.layerType === "string"
        ? { type: m.type, version: m.version as number, index: m.index, layerType: m.layerType }
        : undefined;
    case "duplicateLayer":
      return versioned && isInt(m.index) ? { type: m.type, version: m.version as number, index: m.index } : undefined;
    default:
      return undefined;
  }
}

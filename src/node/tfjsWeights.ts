/**
 * The weights of a TF.js layers model (`model.json` with its weightsManifest, as tfjs-layers, the tensorflowjs
 * converter and Teachable Machine write it): the shard files are read only from regular files inside the model's
 * folder, at the sizes the manifest implies, and each weight is taken as float32 (dequantised from uint8 or uint16
 * where the converter quantised it). Weights are keyed by the layer that owns them (`conv2d/kernel` → conv2d).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { msg, printable, type FileWeight, type FileWeights } from "../core";
import { FileError } from "./files";
import { maxFileBytes, readInside } from "./readFiles";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Bytes per value of each stored dtype. */
const widths: Record<string, number> = { float32: 4, int32: 4, uint8: 1, uint16: 2 };

/**
 * The weights `model.json` lists (`missing` names a weights file that is not beside it: the topology then comes
 * alone), or undefined when it lists none; a FileError for shards that cannot be read.
 */
export function readTfjsWeights(
  json: unknown,
  path: string,
  dir: string | undefined,
): { weights?: FileWeights; missing?: string } | undefined {
  const groups = isObject(json) && Array.isArray(json.weightsManifest) ? json.weightsManifest : [];
  if (groups.length === 0) return undefined;
  if (dir === undefined) throw new FileError(msg("tfjsFile.notHere", { path }));
  const listed = groups.flatMap((g) => (isObject(g) && Array.isArray(g.paths) ? g.paths : []));
  const missing = listed.find(
    (p) => typeof p === "string" && !p.split("/").includes("..") && !p.startsWith("/") && !existsSync(join(dir, p)),
  );
  if (typeof missing === "string") return { missing };
  const weights = new Map<string, FileWeight[]>();
  let budget = maxFileBytes();
  for (const g of groups) {
    const paths = isObject(g) && Array.isArray(g.paths) ? g.paths : [];
    const specs = isObject(g) && Array.isArray(g.weights) ? g.weights : [];
    const parts: Uint8Array[] = [];
    for (const p of paths) {
      if (typeof p !== "string" || p === "" || p.startsWith("/") || p.includes("\\") || p.split("/").includes(".."))
        throw new FileError(msg("tfjsFile.pointsOutside", { path, name: printable(JSON.stringify(p)) }));
      let part: Uint8Array;
      try {
        part = readInside(dir, p, undefined, msg("tfjsFile.weightsFile", { path }), budget, "model");
      } catch (e) {
        throw e instanceof FileError ? e : new FileError((e as Error).message);
      }
      budget -= part.length;
      parts.push(part);
    }
    const bytes = Buffer.concat(parts);
    let at = 0;
    for (const s of specs) {
      const spec = isObject(s) ? s : {};
      const name = typeof spec.name === "string" ? spec.name : "";
      const shape =
        Array.isArray(spec.shape) && spec.shape.every((d) => Number.isSafeInteger(d) && d >= 0) ? (spec.shape as number[]) : undefined;
      const q = isObject(spec.quantization) ? spec.quantization : undefined;
      const stored = String(q?.dtype ?? spec.dtype ?? "float32");
      const width = widths[stored];
      if (!name || !shape || width === undefined || (q && stored !== "uint8" && stored !== "uint16"))
        throw new FileError(msg("tfjsFile.notRead", { path, spec: printable(JSON.stringify(s)).slice(0, 80) }));
      const size = shape.reduce((a, d) => a * d, 1);
      if (at + size * width > bytes.length) throw new FileError(msg("tfjsFile.endsBefore", { path, name: printable(name) }));
      const view = new DataView(bytes.buffer, bytes.byteOffset + at, size * width);
      const values = new Float32Array(size);
      const [scale, min] = [Number(q?.scale ?? 1), Number(q?.min ?? 0)];
      for (let i = 0; i < size; i++) {
        const v =
          stored === "float32"
            ? view.getFloat32(i * 4, true)
            : stored === "int32"
              ? view.getInt32(i * 4, true)
              : stored === "uint8"
                ? view.getUint8(i)
                : view.getUint16(i * 2, true);
        values[i] = q ? v * scale + min : v;
      }
      at += size * width;
      const layer = name.includes("/") ? name.slice(0, name.lastIndexOf("/")) : name;
      weights.set(layer, [...(weights.get(layer) ?? []), { name, shape, values }]);
    }
  }
  return { weights };
}

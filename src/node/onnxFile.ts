/**
 * Reading an ONNX file for import: the protobuf decoded with onnx-proto, and weights kept outside it (external
 * data, as models over 2 GB must keep them) read only from regular files inside the model's own folder, at the
 * offsets and lengths they declare — a location with `..`, an absolute path or a link out of the folder is refused.
 */
import { closeSync, realpathSync } from "node:fs";
import { basename, isAbsolute, join, relative, sep } from "node:path";
import { onnx } from "onnx-proto";
import { importOnnx, msg, printable, type OnnxModelObject } from "../core";
import { FileError } from "./files";
import type { ModelFile } from "./kerasFile";
import { maxFileBytes, openRegularFile, readAt } from "./readFiles";

/** Bytes per element of the data types the import reads. */
const widths: Record<number, number> = { 1: 4, 6: 4, 7: 8, 11: 8 };

/** Reads each initializer kept in external data into its `rawData`, from files inside `dir`. */
function readExternalData(model: onnx.ModelProto, path: string, dir: string | undefined): void {
  let total = 0;
  for (const t of model.graph?.initializer ?? []) {
    if (t.dataLocation !== onnx.TensorProto.DataLocation.EXTERNAL) continue;
    const entry = (key: string) => (t.externalData ?? []).find((e) => e.key === key)?.value ?? undefined;
    const location = entry("location") ?? "";
    const what = msg("onnxFile.kept", { path, name: printable(t.name ?? "?"), location: printable(location) });
    if (dir === undefined) throw new FileError(msg("onnxFile.notHere", { what }));
    if (location === "" || isAbsolute(location) || location.includes("\\") || location.split("/").includes(".."))
      throw new FileError(msg("onnxFile.pointsOutside", { what }));
    const root = realpathSync(dir);
    let real: string;
    try {
      real = realpathSync(join(dir, location));
    } catch {
      throw new FileError(msg("onnxFile.missing", { what }));
    }
    const inside = relative(root, real);
    if (inside === "" || inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside))
      throw new FileError(msg("onnxFile.leadsOutside", { what, real: printable(real) }));
    const size = (t.dims ?? []).reduce((a: number, d) => a * Number(d), 1) * (widths[t.dataType ?? 0] ?? 0);
    if (size === 0) throw new FileError(msg("onnxFile.dtype", { what, type: String(t.dataType) }));
    const offset = Number(entry("offset") ?? 0);
    const length = Number(entry("length") ?? size);
    total += length;
    if (!Number.isSafeInteger(offset) || offset < 0 || length !== size || total > maxFileBytes())
      throw new FileError(msg("onnxFile.length", { what, offset, length, size }));
    const file = openRegularFile(real, msg("files.cannotRead", { what }));
    try {
      if (offset + length > file.size)
        throw new FileError(msg("onnxFile.pastEnd", { what, from: offset, to: offset + length, size: file.size }));
      t.rawData = readAt(file, offset, length);
      t.dataLocation = onnx.TensorProto.DataLocation.DEFAULT;
    } finally {
      closeSync(file.fd);
    }
  }
}

/** Whether `bytes` decode as an ONNX model with a graph of operations (ONNX has no signature of its own). */
export function looksLikeOnnx(bytes: Uint8Array): boolean {
  // A ModelProto begins with its ir_version (field 1, a varint: byte 0x08).
  if (bytes[0] !== 0x08) return false;
  try {
    return (onnx.ModelProto.decode(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).graph?.node?.length ?? 0) > 0;
  } catch {
    return false;
  }
}

/** An ONNX model, imported as it is read, and named by its producer and opset. */
export function readOnnx(bytes: Uint8Array, path: string, dir: string | undefined): ModelFile {
  let model: onnx.ModelProto;
  try {
    // A plain Uint8Array, not a Node Buffer: protobufjs makes an empty bytes field with `new Buffer(0)`, which Node
    // warns about on stderr.
    model = onnx.ModelProto.decode(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    throw new FileError(msg("onnxFile.damaged", { path, error: printable(String(e instanceof Error ? e.message : e)) }));
  }
  readExternalData(model, path, dir);
  const object = onnx.ModelProto.toObject(model, { longs: Number }) as OnnxModelObject & {
    producerName?: string;
    producerVersion?: string;
  };
  const opset = (model.opsetImport ?? []).find((o) => !o.domain)?.version;
  const producer = [object.producerName, object.producerVersion].filter(Boolean).join(" ");
  const about = [printable(producer).slice(0, 40), opset ? `opset ${String(opset)}` : ""].filter(Boolean).join(", ");
  return {
    format: `ONNX${about ? ` (${about})` : ""}`,
    onnx: importOnnx(object, printable(basename(path).replace(/\.onnx$/i, "")).slice(0, 100)),
  };
}

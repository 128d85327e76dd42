/**
 * The bytes of an export: the core's artefact encoded — an ONNX model by onnx-proto, a Keras `.h5` by h5wasm (the
 * HDF5 library built to WebAssembly, writing in memory), a `.keras` archive zipped by fflate as Keras stores it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { zipSync } from "fflate";
import type * as H5 from "h5wasm" with { "resolution-mode": "import" };
import { onnx } from "onnx-proto";
import { isDataset, type Exported, type Hdf5Group } from "../core";

/** One file of an export: the target itself, or a file `beside` it (named relative to its folder). */
export interface ExportFile {
  readonly beside?: string;
  readonly bytes: Uint8Array;
}

let written = 0;

/**
 * h5wasm, loaded on first use: the bundles' own copy beside them (`dist/h5wasm.js`, built apart so that the CLI
 * and the first import do not parse 4 MB of WebAssembly they do not need), else the package (an ES module).
 */
async function loadH5wasm(): Promise<typeof H5> {
  const beside = join(__dirname, "h5wasm.js");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return existsSync(beside) ? (require(beside) as typeof H5) : import("h5wasm");
}

/** Writes a group's attributes and members into an h5wasm group, depth first, in order. */
function writeGroup(target: H5.Group, group: Hdf5Group): void {
  for (const [name, value] of Object.entries(group.attrs)) target.create_attribute(name, typeof value === "string" ? value : [...value]);
  for (const [name, member] of group.members) {
    if (isDataset(member) && member.int64)
      target.create_dataset({
        name,
        data: BigInt64Array.from(member.values, (v) => BigInt(Math.round(v))),
        shape: [...member.shape],
        dtype: "<q",
      });
    else if (isDataset(member)) target.create_dataset({ name, data: member.values, shape: [...member.shape], dtype: "<f" });
    else writeGroup(target.create_group(name), member);
  }
}

/** An HDF5 file's bytes, written by the HDF5 library in h5wasm's in-memory file system. */
export async function hdf5Bytes(root: Hdf5Group): Promise<Uint8Array> {
  const h5wasm = await loadH5wasm();
  const { FS } = await h5wasm.ready;
  const path = `/cnn-designer-export-${++written}.h5`;
  const file = new h5wasm.File(path, "w");
  try {
    writeGroup(file, root);
  } finally {
    file.close();
  }
  try {
    return FS.readFile(path);
  } finally {
    FS.unlink(path);
  }
}

/** `2026-12-03@05:40:00`: the `date_saved` of Keras' metadata.json. */
const kerasDate = (d: Date) => d.toISOString().slice(0, 19).replace("T", "@");

/** The files an export writes, encoded. */
export async function exportFiles(exported: Exported, now = new Date()): Promise<ExportFile[]> {
  if ("onnx" in exported) return [{ bytes: onnx.ModelProto.encode(onnx.ModelProto.fromObject(exported.onnx)).finish() }];
  if ("hdf5" in exported) return [{ bytes: await hdf5Bytes(exported.hdf5) }];
  if ("kerasArchive" in exported) {
    const { config, metadata, weights } = exported.kerasArchive;
    const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    // Keras stores its three entries uncompressed.
    const zip = zipSync(
      {
        "metadata.json": json({ ...metadata, date_saved: kerasDate(now) }),
        "config.json": json(config),
        "model.weights.h5": await hdf5Bytes(weights),
      },
      { level: 0 },
    );
    return [{ bytes: zip }];
  }
  return [
    { bytes: new TextEncoder().encode(exported.text) },
    ...(exported.weights ? [{ beside: exported.weights.name, bytes: exported.weights.bytes }] : []),
  ];
}

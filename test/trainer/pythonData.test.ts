/**
 * [pytorch] data.py, the datasets read in Python (for the standalone training script), against the Node trainer's
 * readers and split: the same samples and labels in each of train, validation and test, bit for bit, for the
 * built-in MNIST sample, IDX files (gzipped, with a test set of their own, resized), CIFAR-10 batches (grey
 * conversion) and NPY arrays (uint8 pixels, float targets), with seeds, splits and --samples limits.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { loadDataset, split, type Samples } from "../../src/trainer/datasets/datasets";
import { python, root } from "./trainerHelpers";

/** A case: the dataset, the model's input shape, and the split settings. */
interface Case {
  readonly name: string;
  readonly dataset: Record<string, unknown>;
  readonly shape: number[];
  readonly validationSplit: number;
  readonly testSplit: number;
  readonly seed: number;
  readonly limit?: number;
}

/** An IDX file of `data` (uint8) with `shape`, gzipped. */
function idx(shape: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header[2] = 0x08;
  header[3] = shape.length;
  shape.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return gzipSync(Buffer.concat([header, Buffer.from(data)]));
}

/** A version-1 NPY file of `values` as `descr` ('|u1', '<i8', '<f4'), shape `shape`. */
function npy(descr: string, shape: number[], bytes: Buffer): Buffer {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  header += " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
  const pre = Buffer.from([0x93, ...Buffer.from("NUMPY"), 1, 0, header.length & 0xff, header.length >> 8]);
  return Buffer.concat([pre, Buffer.from(header, "latin1"), bytes]);
}

/** Bytes drawn from a fixed generator (a linear congruential one: the data need only be varied). */
function bytes(n: number, seed: number, below = 256): Uint8Array {
  let s = seed;
  return Uint8Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 16) % below;
  });
}

describe("[pytorch] data.py reads and splits the datasets as the Node trainer does", function () {
  this.timeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), "cnn-pydata-"));
  writeFileSync(join(dir, "train-images.gz"), idx([50, 10, 12], bytes(50 * 120, 1)));
  writeFileSync(join(dir, "train-labels.gz"), idx([50], bytes(50, 2, 10)));
  writeFileSync(join(dir, "test-images.gz"), idx([9, 10, 12], bytes(9 * 120, 3)));
  writeFileSync(join(dir, "test-labels.gz"), idx([9], bytes(9, 4, 10)));
  mkdirSync(join(dir, "cifar"));
  const cifar = (records: number, seed: number) => {
    const b = bytes(records * 3073, seed);
    for (let r = 0; r < records; r++) b[r * 3073] %= 10;
    return b;
  };
  writeFileSync(join(dir, "cifar", "data_batch_1.bin"), cifar(30, 5));
  writeFileSync(join(dir, "cifar", "data_batch_2.bin"), cifar(17, 6));
  writeFileSync(join(dir, "cifar", "test_batch.bin"), cifar(11, 7));
  writeFileSync(join(dir, "x-u1.npy"), npy("|u1", [40, 6, 6], Buffer.from(bytes(40 * 36, 8))));
  const labels = BigInt64Array.from(bytes(40, 9, 4), (v) => BigInt(v));
  writeFileSync(join(dir, "y-i8.npy"), npy("<i8", [40], Buffer.from(labels.buffer)));
  const floats = Float32Array.from(bytes(40 * 6, 10), (v) => v / 7 - 3);
  writeFileSync(join(dir, "x-f4.npy"), npy("<f4", [40, 6], Buffer.from(floats.buffer)));
  const targets = Float32Array.from(bytes(40 * 3, 11), (v) => v / 13);
  writeFileSync(join(dir, "t-f4.npy"), npy("<f4", [40, 3], Buffer.from(targets.buffer)));

  const idxFiles = { images: "train-images.gz", labels: "train-labels.gz" };
  const cases: Case[] = [
    { name: "mnist-sample", dataset: { type: "mnist-sample" }, shape: [28, 28, 1], validationSplit: 0.1, testSplit: 0, seed: 1337 },
    {
      name: "mnist-sample-limit",
      dataset: { type: "mnist-sample" },
      shape: [28, 28, 1],
      validationSplit: 0.1,
      testSplit: 0,
      seed: 5,
      limit: 3000,
    },
    {
      name: "mnist-sample-resized",
      dataset: { type: "mnist-sample", resize: true },
      shape: [32, 32, 3],
      validationSplit: 0,
      testSplit: 0.2,
      seed: 7,
      limit: 700,
    },
    { name: "idx", dataset: { type: "idx", ...idxFiles }, shape: [10, 12, 1], validationSplit: 0.25, testSplit: 0.1, seed: 3 },
    {
      name: "idx-own-test-resized",
      dataset: { type: "idx", ...idxFiles, testImages: "test-images.gz", testLabels: "test-labels.gz", resize: true },
      shape: [5, 7, 3],
      validationSplit: 0.2,
      testSplit: 0,
      seed: 11,
    },
    {
      name: "cifar10-grey",
      dataset: { type: "cifar10", path: "cifar", resize: true },
      shape: [16, 16, 1],
      validationSplit: 0.3,
      testSplit: 0,
      seed: 2,
    },
    {
      name: "cifar10-split",
      dataset: { type: "cifar10", path: "cifar" },
      shape: [32, 32, 3],
      validationSplit: 0.1,
      testSplit: 0.15,
      seed: 2 ** 31 - 1,
      limit: 40,
    },
    {
      name: "npy-classes",
      dataset: { type: "npy", x: "x-u1.npy", y: "y-i8.npy" },
      shape: [6, 6, 1],
      validationSplit: 0.2,
      testSplit: 0.2,
      seed: 0,
    },
    {
      name: "npy-targets",
      dataset: { type: "npy", x: "x-f4.npy", y: "t-f4.npy" },
      shape: [6],
      validationSplit: 0.15,
      testSplit: 0.25,
      seed: 99,
    },
  ];
  const builtinDir = join(root, "dist", "datasets");
  const out = join(dir, "out");
  mkdirSync(out);
  const script = `
import json, os, sys
import numpy as np
sys.path.insert(0, ${JSON.stringify(join(root, "src", "trainer", "pytorch"))})
from data import load_split
for c in json.loads(sys.argv[1]):
    parts = load_split(c["dataset"], ${JSON.stringify(dir)}, ${JSON.stringify(builtinDir)}, c["shape"], c["validationSplit"],
                       c["testSplit"], c["seed"], c.get("limit"))
    for name, part in parts.items():
        if part is not None:
            for what, a in zip("xy", part):
                np.ascontiguousarray(a).tofile(os.path.join(${JSON.stringify(out)}, f"{c['name']}-{name}-{what}"))
`;

  it("gives the same samples and labels in each part, bit for bit", () => {
    const r = spawnSync(python, ["-c", script, JSON.stringify(cases)], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    for (const c of cases) {
      const data = loadDataset(c.dataset as { type: string }, { modelDir: dir, builtinDir, inputShape: c.shape });
      const parts = split(data, { validationSplit: c.validationSplit, testSplit: c.testSplit, seed: c.seed, limit: c.limit });
      for (const [name, part] of Object.entries(parts) as [string, Samples | null][]) {
        if (part === null) {
          assert.ok(!existsSync(join(out, `${c.name}-${name}-x`)), `${c.name}: Python has a ${name} part, Node none`);
          continue;
        }
        for (const [what, values] of [
          ["x", part.x],
          ["y", part.y],
        ] as const) {
          const theirs = readFileSync(join(out, `${c.name}-${name}-${what}`));
          const ours = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
          assert.ok(theirs.equals(ours), `${c.name}: ${name} ${what} differs (${theirs.length} vs ${ours.length} bytes)`);
        }
      }
    }
  });
});

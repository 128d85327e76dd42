/** Will it fit: the largest batch a device's memory holds, and the warning where the training batch does not fit. */
import * as assert from "node:assert/strict";
import { analyze, formatSummary } from "../../src/core";
import { example } from "./knownAnswers.test";

const MiB = 1024 ** 2;

describe("will it fit", () => {
  it("the largest batch: its step fits the device, one more sample does not", () => {
    const seed = example("pooling-gap.cnn.json");
    for (const device of [64 * MiB, 256 * MiB, 16 * 1024 * MiB]) {
      const a = analyze(seed, { deviceMemoryBytes: device });
      const n = a.memory.device?.largestBatch as number;
      assert.ok(n > 0);
      const at = (batch: number) => analyze(seed, { batchSize: batch }).memory.training.totalBytes as number;
      assert.ok(at(n) <= device, `${n} fits`);
      assert.ok(at(n + 1) > device, `${n + 1} does not`);
    }
    // Not even the weights, gradients and Adam's slots: 0.
    assert.equal(analyze(seed, { deviceMemoryBytes: MiB }).memory.device?.largestBatch, 0);
    // A size known only at run time: unknown.
    const open = '{"version":1,"layers":[{"type":"Input","shape":[null,null,3]},{"type":"Conv2D","filters":2,"kernelSize":3}]}';
    assert.equal(analyze(open, { deviceMemoryBytes: MiB }).memory.device?.largestBatch, null);
  });

  it("a warning at the training section's batchSize when its step does not fit; the summary says the largest batch", () => {
    const seed = example("pooling-gap.cnn.json");
    const a = analyze(seed, { deviceMemoryBytes: 256 * MiB });
    const found = a.diagnostics.filter((d) => d.code === "memory");
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, "warning");
    assert.equal(
      found[0].message,
      "training: a step at batch 128 needs about 808.72 MB, more than the 256.00 MB of device memory; a batch of 38 fits",
    );
    assert.equal(seed.slice(found[0].offset, found[0].offset + found[0].length), "128");
    assert.match(formatSummary(a), /^Largest batch in 256\.00 MB: 38$/m);
    assert.deepEqual(
      analyze(seed, { deviceMemoryBytes: 1024 * MiB }).diagnostics.filter((d) => d.code === "memory"),
      [],
    );
    assert.match(
      analyze(seed, { deviceMemoryBytes: MiB }).diagnostics.find((d) => d.code === "memory")?.message ?? "",
      /not even a batch of 1 fits/,
    );
    // No device memory given: no figure, no warning.
    assert.equal(analyze(seed).memory.device, undefined);
  });
});

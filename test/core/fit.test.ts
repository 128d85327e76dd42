/** Will it fit: the largest batch a device's memory holds, and the warning where the training batch does not fit. */
import * as assert from "node:assert/strict";
import { analyze, formatSummary } from "../../src/core";
import { example } from "./knownAnswers.test";

const MiB = 1024 ** 2;

describe("will it fit", () => {
  it("the largest batch: its step fits the device, one more sample does not — on PyTorch and on tfjs", () => {
    const seed = example("pooling-gap.cnn.json");
    for (const device of [96 * MiB, 256 * MiB, 16 * 1024 * MiB]) {
      const a = analyze(seed, { deviceMemoryBytes: device });
      for (const [n, figure] of [
        [a.memory.device?.largestBatch as number, "pytorch"],
        [a.memory.device?.tfjsLargestBatch as number, "training"],
      ] as const) {
        assert.ok(n > 0);
        const at = (batch: number) => analyze(seed, { batchSize: batch }).memory[figure].totalBytes as number;
        assert.ok(at(n) <= device, `${figure}: ${n} fits`);
        assert.ok(at(n + 1) > device, `${figure}: ${n + 1} does not`);
      }
    }
    // Not even the weights, gradients and Adam's slots (and on PyTorch cuBLAS's workspace): 0.
    assert.equal(analyze(seed, { deviceMemoryBytes: MiB }).memory.device?.largestBatch, 0);
    assert.equal(analyze(seed, { deviceMemoryBytes: 64 * MiB }).memory.device?.largestBatch, 0);
    assert.equal(analyze(seed, { deviceMemoryBytes: MiB }).memory.device?.tfjsLargestBatch, 0);
    // A size known only at run time: unknown.
    const open = '{"version":1,"layers":[{"type":"Input","shape":[null,null,3]},{"type":"Conv2D","filters":2,"kernelSize":3}]}';
    assert.equal(analyze(open, { deviceMemoryBytes: MiB }).memory.device?.largestBatch, null);
    assert.equal(analyze(open, { deviceMemoryBytes: MiB }).memory.device?.tfjsLargestBatch, null);
    assert.match(
      formatSummary(analyze(open, { deviceMemoryBytes: MiB })),
      /^Largest batch in 1\.00 MB: unknown \(a size is known only at run time\)$/m,
    );
  });

  it("on tfjs, every batch up to the largest fits, though a larger batch can need less (a convolution leaves the patches' form)", () => {
    const vgg = example("small-vgg.cnn.json");
    const device = 0.19 * 1024 * MiB;
    const at = (batch: number) => analyze(vgg, { batchSize: batch }).memory.training.totalBytes as number;
    // The drop the outsider found: 56 → 57 needs less.
    assert.ok(at(57) < at(56));
    const n = analyze(vgg, { deviceMemoryBytes: device }).memory.device?.tfjsLargestBatch as number;
    for (let b = 1; b <= n; b++) assert.ok(at(b) <= device, `batch ${b} of ${n} fits`);
    assert.ok(at(n + 1) > device);
    // At most the largest batch a file may name; none for a file without layers.
    const tiny = '{"version":1,"layers":[{"type":"Input","shape":[1]},{"type":"Dense","units":1}]}';
    assert.equal(analyze(tiny, { deviceMemoryBytes: 2 ** 50 }).memory.device?.tfjsLargestBatch, 2 ** 31 - 1);
    assert.equal(analyze(tiny, { deviceMemoryBytes: 2 ** 50 }).memory.device?.largestBatch, 2 ** 31 - 1);
    const empty = analyze('{"version":1,"layers":[]}', { deviceMemoryBytes: 2 ** 30 }).memory;
    assert.equal(empty.training.totalBytes, null);
    assert.equal(empty.device?.largestBatch, null);
  });

  it("optimizer state as tfjs keeps it: SGD one slot with momentum, none without; RMSprop two", () => {
    const lenet = JSON.parse(example("lenet5.cnn.json")) as { training?: object };
    const state = (optimizer: object) =>
      analyze(JSON.stringify({ ...lenet, training: { ...lenet.training, optimizer } })).memory.training.optimizerStateBytes;
    const weights = analyze(example("lenet5.cnn.json")).memory.training.gradientBytes;
    assert.equal(state({ type: "sgd" }), 0);
    assert.equal(state({ type: "sgd", momentum: 0.9 }), weights);
    assert.equal(state({ type: "rmsprop" }), 2 * weights);
  });

  it("a warning at the training section's batchSize when its step does not fit; the summary says the largest batch", () => {
    const seed = example("pooling-gap.cnn.json");
    const a = analyze(seed, { deviceMemoryBytes: 256 * MiB });
    const found = a.diagnostics.filter((d) => d.code === "memory");
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, "warning");
    assert.equal(
      found[0].message,
      "training: a step at batch 128 needs about 352.08 MB on PyTorch, more than the 256.00 MB of device memory; a batch of 84 fits",
    );
    assert.equal(seed.slice(found[0].offset, found[0].offset + found[0].length), "128");
    assert.match(formatSummary(a), /^Largest batch in 256\.00 MB: 84 on PyTorch, 38 on tfjs$/m);
    assert.deepEqual(
      analyze(seed, { deviceMemoryBytes: 512 * MiB }).diagnostics.filter((d) => d.code === "memory"),
      [],
    );
    assert.match(
      analyze(seed, { deviceMemoryBytes: MiB }).diagnostics.find((d) => d.code === "memory")?.message ?? "",
      /not even a batch of 1 fits/,
    );
    // No device memory given: no figure, no warning.
    assert.equal(analyze(seed).memory.device, undefined);
  });

  it("writes sizes that round alike to the byte; does not warn at the file's batchSize for a batch the caller chose", () => {
    const seed = example("pooling-gap.cnn.json");
    const needed = analyze(seed).memory.pytorch.totalBytes as number;
    const close = analyze(seed, { deviceMemoryBytes: needed - 1 }).diagnostics.find((d) => d.code === "memory");
    const bytes = (n: number) => `${n.toLocaleString("en-US")} bytes`;
    assert.match(close?.message ?? "", new RegExp(`needs about ${bytes(needed)} on PyTorch, more than the ${bytes(needed - 1)} of`));
    assert.deepEqual(
      analyze(seed, { deviceMemoryBytes: needed }).diagnostics.filter((d) => d.code === "memory"),
      [],
    );
    // summary --batch-size 256: the file's 128 fits 512 MiB, 256 does not — said in the summary, not at the file's 128.
    const chosen = analyze(seed, { deviceMemoryBytes: 512 * MiB, batchSize: 256 });
    assert.deepEqual(
      chosen.diagnostics.filter((d) => d.code === "memory"),
      [],
    );
    assert.match(formatSummary(chosen), /^A step at batch 256 on PyTorch does not fit in 512\.00 MB$/m);
    // The file's own batch given as the flag: the same warning as without it.
    assert.equal(analyze(seed, { deviceMemoryBytes: 256 * MiB, batchSize: 128 }).diagnostics.filter((d) => d.code === "memory").length, 1);
  });
});

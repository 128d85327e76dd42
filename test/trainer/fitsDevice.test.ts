/**
 * Before a run, the trainer sizes the chosen backend's step against that backend's device (src/trainer/prepare.ts):
 * PyTorch's step against a GPU's memory, tfjs' against the machine's. A fake probe stands for the Python found: an
 * 80 GB GPU, or none.
 */
import * as assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { analyze, formatMessage, spanishCatalogue, type Message } from "../../src/core";
import type { SelectedBackend } from "../../src/trainer/backends";
import { checkFits } from "../../src/trainer/fits";
import { prepare } from "../../src/trainer/prepare";
import type { TorchProbe } from "../../src/trainer/pytorch/probe";

const root = join(__dirname, "..", "..", "..");
const GB = 2 ** 30;

const torchWith = (gpus: number): TorchProbe => ({
  python: "3.12.3",
  executable: "/usr/bin/python3",
  torch: "2.5.1",
  cuda: gpus ? "12.4" : null,
  cudnn: gpus ? 90100 : null,
  gpus: Array.from({ length: gpus }, (_, i) => ({ name: `NVIDIA H100 #${i}`, memory: 80 * GB, capability: "9.0" })),
  mps: false,
  cpus: 16,
  cudaProblem: null,
});

/** MNIST digits through a wide convolution: about 25 MB a sample on PyTorch, 4–5 times that on tfjs. */
const wide = (batchSize: number) =>
  JSON.stringify({
    version: 1,
    layers: [
      { type: "Input", shape: [28, 28, 1] },
      { type: "Conv2D", filters: 4096, kernelSize: 3, padding: "same", activation: "relu" },
      { type: "GlobalAveragePooling2D" },
      { type: "Dense", units: 10, activation: "softmax" },
    ],
    training: { batchSize, epochs: 1, dataset: { type: "mnist-sample" } },
  });

async function problem(text: string, gpus: number, samples?: number): Promise<string | null> {
  const dir = mkdtempSync(join(tmpdir(), "cnn-fits-"));
  try {
    await prepare(
      {
        type: "start",
        protocolVersion: 1,
        modelPath: join(dir, "wide.cnn.json"),
        modelText: text,
        samples,
        backend: "pytorch",
        runsDir: join(dir, "runs"),
      },
      {
        builtinDir: join(root, "dist", "datasets"),
        pytorchDir: join(root, "dist", "pytorch"),
        wasmDir: join(root, "node_modules", "@tensorflow", "tfjs-backend-wasm", "dist"),
        probe: async () => torchWith(gpus),
      },
      { stopRequested: false },
    );
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

describe("a step sized against the device it would run on", function () {
  this.timeout(120_000);
  after(() => tf.setBackend("cpu"));

  it("on a GPU, PyTorch's step: refused with the largest batch that fits, where tfjs' figure alone would refuse more", async () => {
    const at = (n: number) => analyze(wide(n)).memory;
    // A batch whose PyTorch step fits 80 GB, while tfjs' would not fit it, nor this machine.
    const fitting = 2048;
    assert.ok((at(fitting).pytorch.totalBytes as number) < 80 * GB);
    assert.ok((at(fitting).training.totalBytes as number) > Math.max(80 * GB, totalmem()));
    assert.equal(await problem(wide(fitting), 1), null);
    // One too large: the message names the GPU's memory and the batch that fits, which does fit, and one more not.
    const said = (await problem(wide(8192), 1)) ?? "";
    const m =
      /^training needs about ([\d.]+) GB on PyTorch .*, more than the GPU's 80\.00 GB; make the model or the batch smaller \(a batch of ([\d,]+) fits\)$/.exec(
        said,
      );
    assert.ok(m, said);
    const fits = Number(m[2].replace(/,/g, ""));
    assert.ok((at(fits).pytorch.totalBytes as number) <= 80 * GB);
    assert.ok((at(fits + 1).pytorch.totalBytes as number) > 80 * GB);
  });

  it("on the CPU, PyTorch's step against this machine's memory, at the batch the run takes", async () => {
    const batch = Math.ceil((2 * totalmem()) / (analyze(wide(1)).memory.pytorch.activationBytes as number));
    assert.ok(batch < 8000, "the built-in sample's training split is larger");
    assert.match(
      (await problem(wide(batch), 0)) ?? "",
      /^training needs about [\d.]+ GB on PyTorch \(.* at batch [\d,]+\), more than this machine's [\d.]+ GB of memory; make the model or the batch smaller \(a batch of [\d,]+ fits\)$/,
    );
    // With 64 samples (52 to train on), no step is larger than 52: it fits.
    assert.equal(await problem(wide(batch), 0, 64), null);
  });

  it("a step that fits this machine but not the memory free now is run, with a note for the log", () => {
    const tfjs = { torch: undefined } as unknown as SelectedBackend;
    const needed = analyze(wide(8)).memory.training.totalBytes as number;
    assert.ok(needed < totalmem());
    const note = checkFits(wide(8), tfjs, 1, 8, 1000, needed - 1);
    assert.match(
      formatMessage(note as Message),
      /^Memory: a step needs about [\d.]+ [MG]B on tfjs, more than the [\d.]+ [MG]B this machine has free now \(of [\d.]+ GB\): /,
    );
    assert.match(formatMessage(note as Message, spanishCatalogue), /^Memoria: un paso necesita unos [\d,]+ [MG]B en tfjs, más de los /);
    assert.equal(checkFits(wide(8), tfjs, 1, 8, 1000, needed), undefined);
  });
});

import * as assert from "node:assert/strict";
import { analyze, formatSummary } from "../../src/core";
import { example } from "./knownAnswers.test";

describe("text summary", () => {
  it("prints Keras' columns and totals for a sequential model, without the Input row", () => {
    const text = formatSummary(analyze(example("pooling-gap.cnn.json")));
    const lines = text.split("\n");
    assert.equal(lines[0], 'Model: "pooling-demo"');
    assert.match(lines[2], /^ Layer \(type\)\s+Output Shape\s+Param #\s+MACs\s+Receptive field$/);
    assert.match(text, /^ conv1 \(Conv2D\)\s+\(None, 30, 30, 128\)\s+3,584\s+3,110,400\s+3×3$/m);
    assert.match(text, /^ conv2d_1 \(Conv2D\)\s+\(None, 26, 26, 128\)\s+147,584\s+99,680,256\s+7×7$/m);
    // Global pooling reads every position: its field is the whole input.
    assert.match(text, /^ global_average_pooling2d \(GlobalAveragePooling2D\)\s+\(None, 128\)\s+0\s+0\s+32×32$/m);
    assert.doesNotMatch(text, /InputLayer/);
    assert.match(text, /^Total params: 300,042 \(1\.14 MB\)$/m);
    assert.match(text, /^Trainable params: 300,042 \(1\.14 MB\)$/m);
    assert.match(text, /^Non-trainable params: 0 \(0\.00 B\)$/m);
    assert.match(text, /^Total MACs: 218,397,440 per sample$/m);
    assert.match(text, /^Training memory \(batch 128, adam\): about [\d.]+ MB on PyTorch, [\d.]+ MB on tfjs \(wasm\)$/m);
    assert.match(
      text,
      /^ {2}tfjs: weights [\d.]+ MB, gradients [\d.]+ MB, optimizer state [\d.]+ MB, activations and their gradients [\d.]+ MB, workspace [\d.]+ MB$/m,
    );
    assert.match(
      text,
      /^ {2}PyTorch: weights 1\.14 MB, gradients 1\.14 MB, optimizer state 2\.29 MB, activations and their gradients [\d.]+ MB, workspace 65\.00 MB$/m,
    );
  });

  it("adds Connected to and InputLayer rows for graphs", () => {
    const text = formatSummary(analyze(example("densenet-mini.cnn.json")));
    assert.match(text, /Connected to$/m);
    assert.match(text, /^ image \(InputLayer\)\s+\(None, 32, 32, 3\)\s+0\s+0$/m);
    assert.match(text, /^ b1_cat1 \(Concatenate\)\s+\(None, 32, 32, 36\)\s+0\s+0\s+5×5\s+stem, b1_conv1$/m);
    assert.match(text, /^Non-trainable params: 216 \(864\.00 B\)$/m);
  });

  it("marks unknown figures when the model has errors", () => {
    const text = formatSummary(
      analyze('{"version":1,"layers":[{"type":"Input","shape":[2,2,1]},{"type":"Conv2D","filters":1,"kernelSize":3}]}'),
    );
    assert.match(text, /^ conv2d \(Conv2D\)\s+\?\s+\?\s+\?$/m);
    assert.match(text, /^Incomplete: some layers could not be analysed/m);
  });

  it("memory: parameter bytes, activations per sample and a training estimate that grows with the batch", () => {
    const a = analyze(example("pooling-gap.cnn.json"), { batchSize: 128, optimizer: "sgd" });
    assert.equal(a.memory.parameterBytes, 300042 * 4);
    const values = 32 * 32 * 3 + 30 * 30 * 128 + 28 * 28 * 128 + 26 * 26 * 128 + 128 + 10;
    assert.equal(a.memory.activationBytesPerSample, values * 4);
    assert.equal(a.memory.training.optimizerStateBytes, 0);
    const t = a.memory.training;
    assert.equal(t.totalBytes, 300042 * 4 * 2 + (t.activationBytes as number) + (t.workspaceBytes as number));
    // At least every layer's output for the batch is kept; more for the tape's other tensors and gradients.
    assert.ok((t.activationBytes as number) > values * 4 * 128);
    const larger = analyze(example("pooling-gap.cnn.json"), { batchSize: 256, optimizer: "sgd" }).memory.training;
    assert.ok((larger.activationBytes as number) > 1.9 * (t.activationBytes as number));
    const adam = analyze(example("pooling-gap.cnn.json"), { batchSize: 128, optimizer: "adam" });
    assert.equal(adam.memory.training.optimizerStateBytes, 2 * 300042 * 4);
  });
});

import * as assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { EndEvent, EpochEndEvent, StartEvent, TrainerEvent } from "../../src/protocol/trainer";
import { modelFile, python, root, trainCli, trainCliAsync } from "./trainerHelpers";

/**
 * A model whose weights take every conversion between Keras' layout and PyTorch's: a convolution, a batch
 * normalization (with its moving statistics), a depthwise convolution and a dense layer.
 */
const model = (training: object, output = "softmax") =>
  JSON.stringify({
    version: 1,
    layers: [
      { type: "Input", shape: [28, 28, 1] },
      { type: "Conv2D", filters: 4, kernelSize: 3, strides: 2, activation: "relu" },
      { type: "BatchNormalization" },
      { type: "DepthwiseConv2D", kernelSize: 3, depthMultiplier: 2, activation: "tanh" },
      { type: "GlobalAveragePooling2D" },
      { type: "Dense", units: 10, activation: output },
    ],
    training: { batchSize: 8, epochs: 1, shuffle: false, seed: 7, dataset: { type: "mnist-sample" }, ...training },
  });

/** The final weights of a run, by name. */
function weights(runDir: string): Map<string, Float32Array> {
  const manifest = JSON.parse(readFileSync(join(runDir, "model.json"), "utf8"));
  const bytes = readFileSync(join(runDir, "weights.bin"));
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const out = new Map<string, Float32Array>();
  let offset = 0;
  for (const w of manifest.weightsManifest[0].weights as { name: string; shape: number[] }[]) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    out.set(w.name, all.slice(offset, offset + n));
    offset += n;
  }
  return out;
}

/** Trains on `backend` (16 samples: two steps) and returns its events. */
async function train(text: string, backend: string, samples = 16) {
  const args = [
    modelFile(text),
    "--samples",
    String(samples),
    "--backend",
    backend,
    ...(backend === "pytorch" ? ["--python", python] : []),
  ];
  const r = await trainCliAsync(args);
  assert.equal(r.status, 0, `${backend}: ${r.stderr}`);
  return r.events;
}

const endOf = (events: TrainerEvent[]) => events.find((e): e is EndEvent => e.type === "end") as EndEvent;

const maxAbs = (a: Float32Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/**
 * Asserts that two runs of `training` ended with the same weights (1e-4 of each tensor's largest value) and logs.
 * The two run side by side (as does `also`, a run of the same model that the caller wants: they are independent).
 */
async function sameRun(training: object, output?: string, also?: (text: string) => Promise<TrainerEvent[]>) {
  const text = model(training, output);
  const [tfjs, torch, other] = await Promise.all([train(text, "cpu"), train(text, "pytorch"), also?.(text)]);
  const start = torch.find((e): e is StartEvent => e.type === "start");
  assert.equal(start?.backend, "pytorch");
  const label = JSON.stringify(training);
  const [a, b] = [tfjs, torch].map((events) => weights(endOf(events).runDir));
  for (const [name, x] of a) {
    const y = b.get(name) as Float32Array;
    const worst = x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);
    assert.ok(worst <= 1e-4 * maxAbs(x), `${label}: ${name} differs by ${worst} (largest value ${maxAbs(x)})`);
  }
  const [la, lb] = [tfjs, torch].map((events) => (events.find((e): e is EpochEndEvent => e.type === "epochEnd") as EpochEndEvent).logs);
  assert.deepEqual(Object.keys(lb).sort(), Object.keys(la).sort(), label);
  for (const k of Object.keys(la))
    assert.ok(Math.abs(la[k] - lb[k]) <= 1e-4 * Math.max(1, Math.abs(la[k])), `${label}: ${k} ${la[k]} vs ${lb[k]}`);
  return { a, b, other };
}

describe("the pytorch backend (Debian's python3-torch) against the trainer's tfjs", function () {
  this.timeout(600_000);

  it("two steps of every optimizer give the same weights, batch normalization's moving statistics included", async () => {
    const optimizers = [
      { type: "adam", learningRate: 0.01 },
      { type: "adamax", learningRate: 0.01, decay: 0.1 },
      { type: "sgd", learningRate: 0.1 },
      { type: "sgd", learningRate: 0.1, momentum: 0.9, nesterov: true },
      { type: "rmsprop", learningRate: 0.01, momentum: 0.5 },
      { type: "adagrad", learningRate: 0.1 },
      { type: "adadelta", learningRate: 1 },
      // Keras' legacy decay and a schedule: the learning rate of every step comes from the core.
      { type: "adam", learningRate: 0.01, decay: 0.5 },
      { type: "sgd", learningRate: 0.1, schedule: { type: "cosineDecay", decaySteps: 2 } },
    ];
    for (const optimizer of optimizers) {
      // One step alone, beside the pair: the comparison can fail, as the second step moves the weights far more than
      // the tolerance allows.
      const { a, other } = await sameRun({ optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"] }, undefined, (text) =>
        train(text, "cpu", 8),
      );
      const one = weights(endOf(other as TrainerEvent[]).runDir);
      const moved = [...a].map(
        ([name, x]) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - (one.get(name) as Float32Array)[i])), 0) / maxAbs(x),
      );
      assert.ok(Math.max(...moved) > 100 * 1e-4, `${optimizer.type}: the second step moved the weights by ${Math.max(...moved)}`);
    }
  });

  it("every loss and metric gives the same weights and the same logs, with and without label smoothing", async () => {
    const metrics = ["accuracy", "categoricalAccuracy", "binaryAccuracy", "precision", "recall", "meanSquaredError", "meanAbsoluteError"];
    const losses = [
      "categoricalCrossentropy",
      "meanSquaredError",
      "meanAbsoluteError",
      "meanAbsolutePercentageError",
      "meanSquaredLogarithmicError",
      "hinge",
      "squaredHinge",
      "categoricalHinge",
      "logcosh",
      "kullbackLeiblerDivergence",
      "poisson",
      "cosineProximity",
    ];
    // MAPE divides by targets clipped to 1e-7: on one-hot targets its gradients are some 1e9. (Batch normalization's moving variance takes the batch's
    // variance with Bessel's correction in PyTorch, as Keras' fused kernel does, and without it in tfjs: a
    // difference of 1/(n − 1) of its update, seen only where the variance grows large.)
    for (const loss of losses)
      await sameRun({ optimizer: { type: "sgd", learningRate: loss === "meanAbsolutePercentageError" ? 1e-10 : 0.5 }, loss, metrics });
    await sameRun({ optimizer: { type: "sgd", learningRate: 0.5 }, loss: "categoricalCrossentropy", labelSmoothing: 0.2, metrics });
    await sameRun({ optimizer: { type: "sgd", learningRate: 0.5 }, loss: "binaryCrossentropy", metrics }, "sigmoid");
    await sameRun({ optimizer: { type: "sgd", learningRate: 0.5 }, loss: "binaryCrossentropy", labelSmoothing: 0.1, metrics }, "sigmoid");
    await sameRun({
      optimizer: { type: "sgd", learningRate: 0.5 },
      loss: "sparseCategoricalCrossentropy",
      metrics: ["accuracy", "sparseCategoricalAccuracy"],
    });
  });

  it("the Keras MNIST convnet template reaches ≥ 98% test accuracy within 5 epochs, with the same logs and run folder", () => {
    const { events, status, stderr } = trainCli([
      join(root, "examples", "mnist-convnet.cnn.json"),
      "--backend",
      "pytorch",
      "--python",
      python,
    ]);
    assert.equal(status, 0, stderr);
    const start = events.find((e): e is StartEvent => e.type === "start") as StartEvent;
    const end = events.find((e): e is EndEvent => e.type === "end") as EndEvent;
    assert.match(start.device, /^CPU: \d+ threads, PyTorch \d+\.\d+/);
    console.log(
      `      on pytorch: test accuracy ${end.test?.accuracy.toFixed(4)} after ${end.epochsRun} epochs (${end.samplesPerSecond.toFixed(0)} samples/s)`,
    );
    assert.ok(start.epochs <= 5 && (end.test?.accuracy ?? 0) >= 0.98, `test accuracy ${end.test?.accuracy}`);
    const lines = events.flatMap((e) => (e.type === "log" ? [e.line] : []));
    assert.ok(lines.some((l) => /^Backend: pytorch \(CPU: /.test(l)));
    assert.equal(
      lines.filter((l) => /^\d+\/\d+ - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: .* - \d+s \d+ms\/step$/.test(l)).length,
      5,
    );
    // Every batch reported, in order; the checkpoints and the final model as on any backend.
    const batches = events.filter((e) => e.type === "batchEnd");
    assert.equal(batches.length, 5 * start.batchesPerEpoch);
    const last = JSON.parse(readFileSync(join(end.runDir, "checkpoints", "last.json"), "utf8"));
    assert.equal(last.epoch, 5);
    assert.equal(last.step, 5 * start.batchesPerEpoch);
    assert.deepEqual(
      last.optimizerState.slice(0, 2).map((t: { name: string }) => t.name),
      ["iter", "conv2d/kernel/m"],
    );
    assert.ok(existsSync(join(end.runDir, "model.json")));
  });
});

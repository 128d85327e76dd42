import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as tf from "@tensorflow/tfjs";
import { optimizerSpecs, readTraining, type TrainingConfig } from "../../src/core";
import { lossFunction, optimizer, setLearningRate } from "../../src/trainer/compileSettings";
import { lehmer, uniform } from "./numeric";

/** Debian's python3, with python3-torch. */
const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

/** The optimizer a training section names, read as the engine reads it. */
const optimizerConfig = (o: object): TrainingConfig["optimizer"] => readTraining({ optimizer: o }, [])!.optimizer;

/** A variable after two steps of `opt` on a fixed gradient. */
function twoSteps(opt: tf.Optimizer): Float32Array {
  const v = tf.variable(tf.tensor1d([1, -2, 3]));
  for (let i = 0; i < 2; i++) opt.applyGradients({ [v.name]: tf.tensor1d([0.5, 0.25, -1]) });
  const out = v.dataSync() as Float32Array;
  v.dispose();
  return out;
}

describe("what the trainer compiles with", () => {
  before(() => tf.setBackend("cpu"));

  it("a schedule's learning rate takes effect on every optimizer: set to 0.01 it steps as one built with 0.01", () => {
    const kinds = [...Object.keys(optimizerSpecs).map((type) => ({ type })), { type: "sgd", momentum: 0.9 }];
    for (const o of kinds) {
      const config = (lr: number) => optimizerConfig({ ...o, learningRate: lr });
      const rescheduled = optimizer(tf, config(0.1));
      setLearningRate(rescheduled, 0.01);
      const fromRescheduled = twoSteps(rescheduled);
      const built = twoSteps(optimizer(tf, config(0.01)));
      const unchanged = twoSteps(optimizer(tf, config(0.1)));
      assert.deepEqual([...fromRescheduled], [...built], JSON.stringify(o));
      assert.notDeepEqual([...unchanged], [...built], `${JSON.stringify(o)}: the rate matters`);
    }
  });

  it("label smoothing: the categorical loss PyTorch's cross_entropy(label_smoothing) gives, the binary one Keras' formula gives", () => {
    const random = lehmer(7);
    const [n, k, smoothing] = [6, 5, 0.2];
    const logits = tf.tensor2d(uniform(random, n * k), [n, k]).mul(3);
    const probabilities = tf.softmax(logits);
    const labels = Array.from({ length: n }, (_, i) => i % k);
    const oneHot = tf.oneHot(tf.tensor1d(labels, "int32"), k).toFloat();
    const loss = lossFunction(tf, "categoricalCrossentropy", smoothing);
    assert.equal(typeof loss, "function");
    const ours = [...(loss as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor)(oneHot, probabilities).dataSync()];
    const torch = JSON.parse(
      execFileSync(
        python,
        [
          "-c",
          "import json, sys, torch; p, y, e = json.loads(sys.argv[1]); print(json.dumps(torch.nn.functional.cross_entropy(" +
            "torch.tensor(p).log(), torch.tensor(y), label_smoothing=e, reduction='none').tolist()))",
          JSON.stringify([probabilities.arraySync(), labels, smoothing]),
        ],
        { encoding: "utf8" },
      ),
    ) as number[];
    ours.forEach((v, i) => assert.ok(Math.abs(v - torch[i]) < 1e-5, `sample ${i}: ${v} vs ${torch[i]}`));
    const plain = [...tf.metrics.categoricalCrossentropy(oneHot, probabilities).dataSync()];
    assert.ok(
      ours.every((v, i) => Math.abs(v - plain[i]) > 1e-3),
      "smoothing changes the loss",
    );
    // Binary: Keras' y · (1 − ε) + ε / 2 as the target of the plain binary cross-entropy.
    const y = tf.tensor2d([[1], [0], [1]]);
    const p = tf.tensor2d([[0.9], [0.2], [0.4]]);
    const binary = lossFunction(tf, "binaryCrossentropy", 0.1) as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
    const expected = [0.95, 0.05, 0.95].map((t, i) => {
      const q = [0.9, 0.2, 0.4][i];
      return -(t * Math.log(q) + (1 - t) * Math.log(1 - q));
    });
    [...binary(y, p).dataSync()].forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-5, `binary ${i}: ${v} vs ${expected[i]}`));
    assert.equal(lossFunction(tf, "categoricalCrossentropy", 0), "categoricalCrossentropy");
    assert.deepEqual(lossFunction(tf, "meanSquaredError", 0.1), { problem: "labelSmoothing does not apply to meanSquaredError" });
  });
});

import * as assert from "node:assert/strict";
import { EarlyStopping, type EarlyStoppingConfig } from "../../src/trainer/earlyStopping";

/** The epoch (1-based) at which training stops for these per-epoch values, and the best epoch. */
function run(config: Partial<EarlyStoppingConfig>, values: number[]): { stoppedAt: number | null; best: number } {
  const es = new EarlyStopping({ monitor: "loss", patience: 0, minDelta: 0, restoreBestWeights: false, ...config });
  for (let i = 0; i < values.length; i++)
    if (es.onEpochEnd(i + 1, { [es.config.monitor]: values[i] }) === "stop") return { stoppedAt: i + 1, best: es.bestEpoch };
  return { stoppedAt: null, best: es.bestEpoch };
}

describe("early stopping (Keras' semantics)", () => {
  it("stops after `patience` epochs without improvement: Keras' documented example runs 4 epochs with patience 3", () => {
    // keras.callbacks.EarlyStopping(monitor='loss', patience=3) on a loss that only grows: "Only 4 epochs are run."
    assert.deepEqual(run({ patience: 3 }, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), { stoppedAt: 4, best: 1 });
    assert.deepEqual(run({ patience: 0 }, [1, 0.5, 0.6, 0.4]), { stoppedAt: 3, best: 2 });
    assert.deepEqual(run({ patience: 2 }, [1, 0.9, 0.95, 0.8, 0.85, 0.86, 0.7]), { stoppedAt: 6, best: 4 });
  });

  it("an improvement must beat the best by more than minDelta; accuracies improve upwards", () => {
    assert.deepEqual(run({ patience: 1, minDelta: 0.1 }, [1, 0.95, 0.91, 0.5]), { stoppedAt: 2, best: 1 });
    assert.deepEqual(run({ monitor: "val_accuracy", patience: 1 }, [0.5, 0.6, 0.55, 0.7]), { stoppedAt: 3, best: 2 });
    assert.deepEqual(run({ monitor: "val_accuracy", patience: 5 }, [0.5, 0.6, 0.7]), { stoppedAt: null, best: 3 });
  });

  it("a metric missing from the logs is not monitored (no stop, no best)", () => {
    const es = new EarlyStopping({ monitor: "val_loss", patience: 0, minDelta: 0, restoreBestWeights: true });
    assert.equal(es.onEpochEnd(1, { loss: 1 }), "unmonitored");
    assert.equal(es.onEpochEnd(2, { loss: 2 }), "unmonitored");
    assert.equal(es.bestEpoch, 0);
    assert.equal(es.onEpochEnd(3, { val_loss: 1 }), "improved");
    assert.equal(es.onEpochEnd(4, { val_loss: 1 }), "stop");
    assert.equal(es.wait, 1);
  });
});

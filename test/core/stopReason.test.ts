import * as assert from "node:assert/strict";
import {
  divergedReason,
  englishCatalogue,
  earlyStoppingReason,
  formatMessage,
  spanishCatalogue,
  stoppedBeforeEvaluation,
  stoppedByUser,
  stoppedEarly,
  stopReasonMessage,
  stopRequested,
  type Message,
} from "../../src/core";

/** A recorded reason as a reader in `catalogue`'s language sees it. */
const read = (reason: string, catalogue = spanishCatalogue) => {
  const m: Message | string = stopReasonMessage(reason);
  return typeof m === "string" ? m : formatMessage(m, catalogue);
};

describe("a run's stop reason: one English record, read in the reader's language", () => {
  it("early stopping and a diverged loss are recorded in fixed English and read back in Spanish", () => {
    assert.equal(earlyStoppingReason("val_loss", 1), "early stopping (val_loss did not improve for 1 epoch)");
    assert.equal(earlyStoppingReason("val_accuracy", 3), "early stopping (val_accuracy did not improve for 3 epochs)");
    assert.equal(read(earlyStoppingReason("val_accuracy", 3)), "parada temprana (val_accuracy no mejoró en 3 épocas)");
    assert.equal(read(earlyStoppingReason("val_loss", 1)), "parada temprana (val_loss no mejoró en 1 época)");
    assert.equal(read(divergedReason(NaN, 2, 17)), "la pérdida pasó a ser NaN en la época 2, lote 17");
    assert.equal(read(divergedReason(Infinity, 1, 3)), "la pérdida pasó a ser Infinity en la época 1, lote 3");
    // In English, reading gives back the record's own words.
    for (const r of [earlyStoppingReason("loss", 2), divergedReason(NaN, 4, 1)]) assert.equal(read(r, englishCatalogue), r);
  });

  it("a user's Stop is told apart from early stopping, and a reason written by another tool stays as it is", () => {
    assert.equal(stoppedByUser(stopRequested), true);
    assert.equal(stoppedByUser(stoppedBeforeEvaluation), true);
    assert.equal(stoppedByUser(earlyStoppingReason("loss", 1)), false);
    assert.equal(stoppedByUser(null), false);
    assert.equal(stoppedEarly(earlyStoppingReason("loss", 1)), true);
    assert.equal(stoppedEarly(stopRequested), false);
    assert.equal(read(stopRequested), "detención solicitada");
    assert.equal(read("halted by the cluster's scheduler"), "halted by the cluster's scheduler");
    // A monitor whose name holds the words around it is still read whole.
    assert.equal(
      read(earlyStoppingReason("val_did not improve for", 2)),
      "parada temprana (val_did not improve for no mejoró en 2 épocas)",
    );
  });
});

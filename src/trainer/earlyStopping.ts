/**
 * Keras' EarlyStopping, decision by decision: an epoch improves when the monitored value beats the best by more
 * than `minDelta` (lower for losses, higher for accuracies); after `patience` epochs without improvement
 * training stops (patience 0: at the first epoch that does not improve). The caller keeps the best epoch's
 * weights when the decision says so.
 */

/** The `earlyStopping` settings, with Keras' defaults filled in by the engine. */
export interface EarlyStoppingConfig {
  readonly monitor: string;
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBestWeights: boolean;
}

/** What to do after an epoch. */
export type EarlyStoppingDecision = "improved" | "continue" | "stop" | "unmonitored";

/** Tracks the monitored value across epochs. */
export class EarlyStopping {
  private best = Infinity;
  /** Epochs since the best one. */
  wait = 0;
  /** The 1-based epoch with the best value so far (0 before any). */
  bestEpoch = 0;

  constructor(readonly config: EarlyStoppingConfig) {}

  /** Higher is better for accuracies, lower for losses and errors. */
  private get sign(): number {
    return /acc/i.test(this.config.monitor) ? -1 : 1;
  }

  /** Records epoch `epoch` (1-based) with its logs and decides. */
  onEpochEnd(epoch: number, logs: Readonly<Record<string, number>>): EarlyStoppingDecision {
    const value = logs[this.config.monitor];
    if (value === undefined || Number.isNaN(value)) return "unmonitored";
    this.wait++;
    if (this.sign * value < this.best - this.config.minDelta) {
      this.best = this.sign * value;
      this.bestEpoch = epoch;
      this.wait = 0;
      return "improved";
    }
    return this.wait >= this.config.patience && epoch > 1 ? "stop" : "continue";
  }

  /** The whole state, for a checkpoint: the best value (as logged) and its epoch, and the epochs waited since. */
  state(): { monitor: string; best: number | null; bestEpoch: number; wait: number } {
    return {
      monitor: this.config.monitor,
      best: Number.isFinite(this.best) ? this.sign * this.best : null,
      bestEpoch: this.bestEpoch,
      wait: this.wait,
    };
  }

  /** Goes on from a checkpoint's state. */
  restore(state: { best: number | null; bestEpoch: number; wait: number }): void {
    this.best = state.best === null ? Infinity : this.sign * state.best;
    this.bestEpoch = state.bestEpoch;
    this.wait = state.wait;
  }
}

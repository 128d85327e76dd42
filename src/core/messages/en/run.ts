/** English texts of a training run's log (the trainer's own lines; Keras' progress lines stay as Keras prints them). */
export const runTexts = {
  "run.backend": "Backend: {backend} ({device})",
  "run.skipped": "  skipped {backend}: {reason}",
  "run.resumed": "Resumed from epoch {epoch} of {epochs} (checkpoints/last.json, step {step})",
  "run.ownModel": "  (the run's own model, as it began: {file} is not the same now, and is not used)",
  "run.initialWeights": "Initial weights: {count} {count|layer|layers} from {run}",
  "run.fresh": "  starting fresh (no weights of that name and shape): {layers}",
  "run.adapted": "Adapted {layer} (Normalization) to the training set: mean and variance of {values} values per feature",
  "run.data": "Data: {description}: {train} training, {validation} validation, {test} test samples",
  "run.stopped": "Stopped: {reason}",
  "run.restored": "Restored the weights of epoch {epoch} (best {monitor})",
  "run.best": "Best epoch: {epoch} (its weights are in checkpoints/best.json)",
  "run.estimate": "Estimated time per epoch: about {duration} ({timed} batches timed after {warmup} of warm-up)",
  "run.stopping": "Stopping now: saving what was trained, without the evaluation",
  "run.stopRequested": "Stop requested: finishing the current batch",
  "run.ranksFinished": "This machine's ranks have finished; the run is on {lead}",
} as const;

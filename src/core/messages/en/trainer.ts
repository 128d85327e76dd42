/**
 * English texts of why the trainer refuses a run before it starts (a model, dataset, resume or distribution
 * problem the user fixes), in the language of the start request, as the log's own lines are.
 */
export const trainerTexts = {
  "trainer.modelErrors": "the model has {count} {count|error|errors}: {errors}",
  "trainer.layerName": "the layer name '{name}' {problem}, so it cannot be trained here; rename it",
  "trainer.noDataset": 'the model file has no training.dataset to train on (e.g. { "type": "mnist-sample" })',
  "trainer.oneInputOutput": "training needs a model with one input and one output",
  "trainer.modelOutput": "the model's output {name} is {shape}",
  "trainer.oneRow": "training needs an output of one row per sample, (None, units), but {output}",
  "trainer.categoricalOneUnit":
    "{loss} needs an output of one unit per class, at least 2, but {output}; for two classes use 2 units with softmax, or 1 unit with sigmoid and binaryCrossentropy",
  "trainer.targets": "the dataset's targets are {targets}, but {output}",
  "trainer.floatLabels":
    "the dataset's labels are floats, one per sample, read as targets (None, 1), but {output}: class labels must be integers (in NumPy, y.astype(np.int64))",
  "trainer.classes": "the dataset has {count} classes ({names}), but {output}: give {name} {count} units, one per class",
  "trainer.yesNoLabel": "the dataset has label {label}, but {output}: one unit, a yes/no output, takes labels 0 and 1",
  "trainer.classLabel": "the dataset has label {label}, but {output}: {units} classes, labels 0–{last}",
  "trainer.runsFolder": "cannot create the run's folder: {reason}",
  "trainer.sizes": "{train} training, {validation} validation and {test} test samples",
  "trainer.allSamples": "all the samples",
  "trainer.someSamples": "--samples {samples}",
  "trainer.resumeSamples": "the run '{run}' trained on {before}; resume it with the same (or without --samples), not --samples {samples}",
  "trainer.resumeData":
    "the run '{run}' trained on {before}, but its dataset now gives {now}: resume it with the data it had (the model file beside it names its dataset)",
  "trainer.resumeSteps":
    "the run '{run}' does not record the data it trained on (no environment.json), and its checkpoint took {steps} steps in {epochs} {epochs|epoch|epochs}, not the {per} an epoch its dataset now gives ({now}): resume it with the data it had (the --samples it was trained with)",
  "trainer.allEpochsDone": "the run '{run}' has trained all its {epochs} epochs; to train on, resume it with more epochs (--epochs {more})",
  "trainer.epochsDone": "the run '{run}' has trained {done} {done|epoch|epochs} already; give --epochs more than {done}",
  "trainer.unknownBackend": "unknown backend '{backend}': use one of {backends}",
  "trainer.backendUnusable": "backend '{backend}' cannot be used: {reason}",
  "trainer.distributedBackend": "distributed training runs on the pytorch backend (torch.distributed), not '{backend}'",
  "trainer.processCount": "distributed training needs a whole number of processes, at least 1, not {value}",
  "trainer.shareBatches":
    "{processes} processes cannot share batches of {batch} samples: use at most {batch} processes, or a larger batchSize",
  "trainer.shareBatchesMachines":
    "{processes} processes ({each} on each of {machines} machines) cannot share batches of {batch} samples: use at most {batch} processes, or a larger batchSize",
  "trainer.machinesNeedDistribute": "training across machines is distributed training: give distribute too",
  "trainer.machineCount": "the number of machines must be a whole number, at least 1, not {value}",
  "trainer.endpoint": "the rendezvous endpoint must be HOST:PORT, the same on every machine, not '{endpoint}'",
  "trainer.endpointPort": "the rendezvous endpoint's port must be 1 to 65535, not {port} ('{endpoint}')",
  "trainer.rendezvousId": "the rendezvous id must be letters, digits, '.', '_' or '-', not '{id}'",
  "trainer.rendezvousHost": "the rendezvous host '{host}' has no address here ({found}): give the name or address of one of the machines",
  "trainer.stoppedBeforeTraining": "stopped before training began: nothing was trained",
  "trainer.stoppedWaiting": "stopped while waiting for the other machines: nothing was trained here",
  "trainer.initialWeights": "training.initialWeights: {reason}",
  "trainer.recipeImageFolder":
    "the standalone PyTorch script does not read image folders yet: train with `cnn-designer train` (--distribute for torch.distributed)",
  "trainer.recipeAdapt":
    "the Normalization layer {layer} learns its statistics from the training set (Keras' adapt), which the standalone PyTorch script does not do yet: give its mean and variance, or train with `cnn-designer train`",
  "trainer.recipeModule": "the model cannot be built in PyTorch: {problem}",
  "trainer.resumeNoFolder": "cannot resume '{run}': there is no such folder",
  "trainer.resumeFile": "cannot resume '{run}': it is a file, not a run's folder",
  "trainer.resumeNotRun": "cannot resume '{run}': it is not a run's folder (it has no {model} or {status})",
  "trainer.resumeRunning": "cannot resume '{run}': it is still training (process {pid} on {host}); stop it first",
  "trainer.resumeNoCheckpoint":
    "cannot resume '{run}': it ended ({state}) before its first epoch did, so it has no checkpoint to go on from; train the model again",
  "trainer.resumeCannot": "cannot resume '{run}': {reason}",
  "trainer.resumeNoWeight": "cannot resume '{run}': its checkpoint has no weight {weight} of shape {shape}",
  "trainer.memory":
    "training needs about {needed} on {trainer} (weights, gradients, {optimizer} state and activations at batch {batch}), more than {where}; make the model or the batch smaller",
  "trainer.memoryFits":
    "training needs about {needed} on {trainer} (weights, gradients, {optimizer} state and activations at batch {batch}), more than {where}; make the model or the batch smaller (a batch of {fits} fits)",
  "trainer.shareOf": "{batch} (each process's share of {step})",
  "trainer.gpuMemory": "the GPU's {size}",
  "trainer.machineMemory": "this machine's {size} of memory",
  "trainer.memberRank":
    "This machine runs rank {first} of {processes}, on {machines} machines; the trainer on {lead} writes the run and shows its progress",
  "trainer.memberRanks":
    "This machine runs ranks {first}–{last} of {processes}, on {machines} machines; the trainer on {lead} writes the run and shows its progress",
  "trainer.diverged":
    "{where}; training stopped (TerminateOnNaN): {kept}. A lower learning rate, or inputs scaled to small values, usually cure it",
  "trainer.divergedKept": "the last good epoch, {epoch}, is kept in checkpoints/last.json",
  "trainer.divergedNothing": "no epoch finished before it, so there is no checkpoint",
  "trainer.failed": "training failed: {error}",
  "trainer.failedInPytorch": "training failed in PyTorch: {error}",
  "trainer.lastWordsInLog": "{failure} (the run's log has Python's last output)",
  "trainer.lastWordsAbove": "{failure} (Python's last output is above)",
  "trainer.deviceMemory": "the device ran out of memory ({error}): make the batch or the model smaller, or free the GPU",
  "trainer.wasmMemory":
    "the model and batch need more memory than the WebAssembly backend has (4 GB at most): make the batch or the layers smaller, or train on the tensorflow backend (Install GPU Backend, or tfjs-node)",
  "trainer.notSaved": "could not save the run: {error}",
  "trainer.lastCheckpoint": "{failure}; the last checkpoint (epoch {epoch}) is in checkpoints/last.json",
  "trainer.notInPytorch": "the model cannot be built in PyTorch: {problem}; train it on another backend (--backend wasm)",
} as const;

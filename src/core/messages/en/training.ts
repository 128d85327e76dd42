/** English texts of the training room: the model file's `training` section. */
export const trainingTexts = {
  "training.says": "training: {problem}",
  "training.dataset": "training: 'dataset' must be { \"type\": {types}, … }, got {value}{hint}",
  "training.datasetNoField": "training: the {type} dataset has no field '{key}'",
  "training.datasetBool": "training: the {type} dataset's '{key}' must be true or false, got {value}",
  "training.datasetPath": "training: the {type} dataset's '{key}' must be a path, got {value}",
  "training.datasetPair": "training: the {type} dataset's '{key}' needs '{pair}' too",
  "training.datasetNeeds": "training: the {type} dataset needs '{key}': {doc}",
  "training.schedule": "training: 'schedule' must be one of {names} (a name or { \"type\": … }), got {value}{hint}",
  "training.scheduleNeeds": "training: the {type} schedule needs '{key}': {doc}",
  "training.optimizer": "training: 'optimizer' must be one of {names} (a name or { \"type\": … }), got {value}{hint}",
  "training.decayAndSchedule": "training: the optimizer has both a legacy 'decay' and a 'schedule'; keep one",
  "training.metricsList": "training: 'metrics' must be a list of metric names, got {value}",
  "training.unknownMetric": "training: unknown metric {value}{hint}",
  "training.earlyStoppingObject": "training: 'earlyStopping' must be an object, got {value}",
  "training.nothingToTrain": "training: validationSplit {validation} and testSplit {test} leave nothing to train on",
  "training.labelSmoothing": "training: labelSmoothing applies to {losses}, not {loss}",
  "training.testUnused":
    "training: testSplit {split} holds out part of the training data as the test set, so the dataset's {fields} go unused; set testSplit to 0 to test on them",
  "training.neverStops": "training: earlyStopping watches {monitor}, but 'metrics' has no '{metric}', so it never stops",
  "training.noValidation": "training: earlyStopping watches {monitor} but validationSplit is 0",
  "training.unknownSetting": "training: unknown setting '{key}'{hint}",
} as const;

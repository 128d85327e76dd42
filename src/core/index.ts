/** The pure engine of CNN Designer: model format, layer registry, inference, diagnostics, summary and schema. */
export { analyze, type Analysis, type AnalyzeOptions, type LayerInfo, type Totals } from "./analyze";
export { convOutputLength, deconvOutputLength } from "./convLength";
export { LineIndex, type Diagnostic, type RelatedPlace, type DiagnosticCode, type JsonPath, type Severity } from "./diagnostics";
export { maxJsonDepth, parseDocument, parseJsonText, tooDeepAt, type ParsedDocument, type Range } from "./document";
export { categories, type Category, type LayerSpec } from "./layerSpec";
export { activationNames, initializerNames } from "./layers/common";
export { estimateMemory, formatBytes, type MemoryEstimate } from "./memory";
export { formatVersion, tfjsNameProblem } from "./model";
export { readParam, type ReadResult } from "./readParam";
export { maxInteger, type ParamSpec, type ParamSpecs } from "./params";
export { layerMatchRank, searchLayerTypes } from "./layerSearch";
export { insertionEdits, type InsertionLayer, type InsertionRequest } from "./insertion";
export { isLayerType, layerRegistry, layerSpec, layerTypes, snakeCase, type LayerType } from "./registry";
export { formatCount, formatShape, isExactCount, type Shape } from "./shape";
export { didYouMean } from "./suggest";
export { modelSchema, paramSchema, type JsonSchema } from "./schema";
export { completionSchema } from "./schemaHints";
export { fittingWindow } from "./windowFit";
export { isSettingPath, settingEdits } from "./settingEdits";
export { emptyModelText, parseShapeText, skeletonEdits, skeletonState, type SkeletonState } from "./skeleton";
export { learningRateAt, scheduleSpecs, type Schedule, type ScheduleType } from "./schedules";
export { formatSummary, inputsText, layerDetails, layerLine } from "./summary";
export { datasetSpecs, testFields, type DatasetConfig, type DatasetField } from "./datasetSpecs";
export {
  earlyStoppingSpecs,
  lossNames,
  metricNames,
  optimizerCommon,
  optimizerSpecs,
  readTraining,
  smoothedLosses,
  trainingSpecs,
  type TrainingConfig,
} from "./training";
export {
  applyEdits,
  inlineJson,
  insertBefore,
  insertLayer,
  freshName,
  referencesTo,
  minimal,
  moveLayer,
  newLayer,
  removeLayerProperty,
  removeLayers,
  renameKey,
  renameLayer,
  replaceValue,
  setLayerProperty,
  type TextEdit,
} from "./edits";
export { kerasTopology, tfjsModelJson, type ExportResult } from "./interop/kerasExport";
export { importKeras, type Imported } from "./interop/kerasImport";
export { pytorchModule, type WeightSpec } from "./interop/pytorchExport";
export { kerasScript, type KerasScriptOptions } from "./interop/kerasScript";
export { modelDifference, modelFigures, readWeightsManifest, runWeights, type RunWeights } from "./interop/runWeights";
export { onnxModel, type OnnxWeights } from "./interop/onnxExport";
export { poolingSwaps, poolingSwapsOf, type PoolingSwap } from "./poolingSwap";
export { exportArtefact, weightsFileName, type ExportFormat, type ExportRequest, type Exported } from "./interop/exportArtefact";
export { escapeCharacter, findControlCharacter, invisibleCharacters, printable } from "./printable";

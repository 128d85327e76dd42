/**
 * The pure engine of CNN Designer, behind one façade: its messages (messages/), the model document (document/), the layer registry
 * (layers/), the training section (training/), the analysis (analysis/), minimal edits (edits/) and export and
 * import (interop/). No vscode, no Node, no DOM: the edges (extension, CLI, trainer, webviews) import from here.
 */
export { analyze, type Analysis, type AnalyzeOptions, type LayerInfo, type Totals } from "./analysis/analyze";
export { convOutputLength, deconvOutputLength } from "./layers/convLength";
export { LineIndex, type Diagnostic, type RelatedPlace, type DiagnosticCode, type JsonPath, type Severity } from "./document/diagnostics";
export { maxJsonDepth, parseDocument, parseJsonText, tooDeepAt, type ParsedDocument, type Range } from "./document/document";
export { categories, type Category, type LayerSpec, type LayerWeight } from "./layers/layerSpec";
export { categoryName, layerExplanation } from "./layers/explanations";
export { activationNames, initializerNames } from "./layers/common";
export { estimateMemory, formatBytes, largestBatch, largestTorchBatch, type MemoryEstimate } from "./analysis/memory";
export { footprint, peakOf, wasmPatchBudget, wasmWinogradBudget, type Footprint } from "./analysis/tape";
export { torchPeak } from "./analysis/torchTape";
export { formatVersion, tfjsNameProblem } from "./analysis/model";
export { readParam, type ReadResult } from "./document/readParam";
export { maxInteger, type ParamSpec, type ParamSpecs } from "./document/params";
export { layerMatchRank, searchLayerTypes } from "./layers/layerSearch";
export { insertionEdits, type InsertionLayer, type InsertionRequest } from "./edits/insertion";
export { isLayerType, layerRegistry, layerSpec, layerTypes, layerNamePrefix, type LayerType } from "./layers/registry";
export { aspectWindow, cropStart } from "./layers/preprocessing";
export { formatCount, formatShape, isExactCount, type Shape } from "./layers/shape";
export { didYouMean } from "./document/suggest";
export { modelSchema, paramSchema, type JsonSchema } from "./analysis/schema";
export { completionSchema } from "./analysis/schemaHints";
export { fittingWindow } from "./edits/windowFit";
export { isSettingPath, settingEdits } from "./edits/settingEdits";
export { emptyModelText, parseShapeText, skeletonEdits, skeletonState, type SkeletonState } from "./edits/skeleton";
export { learningRateAt, scheduleSpecs, type Schedule, type ScheduleType } from "./training/schedules";
export { fieldDetails, fieldText, formatSummary, inputsText, layerDetails, layerLine, layerLineWithField } from "./analysis/summary";
export { foldGroups, groupOf, type FoldedGroup } from "./analysis/groups";
export { datasetSpecs, testFields, type DatasetConfig, type DatasetField } from "./training/datasetSpecs";
export {
  earlyStoppingSpecs,
  lossNames,
  metricNames,
  optimizerCommon,
  optimizerSpecs,
  readTraining,
  smoothedLosses,
  trainingSpecs,
  type EarlyStoppingSettings,
  type LossName,
  type MetricName,
  type OptimizerConfig,
  type OptimizerName,
  type TrainingConfig,
} from "./training/training";
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
} from "./edits/edits";
export type { Result, TextResult } from "./result";
export {
  byteSize,
  docIn,
  englishCatalogue,
  formatMessage,
  isMessage,
  grouped,
  joined,
  msg,
  parameterDoc,
  placeholdersOf,
  type Catalogue,
  type Message,
  type MessageArg,
  type MessageArgs,
  type MessageId,
} from "./messages/format";
export { english, type EnglishTexts } from "./messages/english";
export { kerasTopology, tfjsModelJson } from "./interop/tfjs/export";
export type { ExportOptions, TrainedWeights, WeightSpec } from "./interop/common/layers";
export { importKeras, type Imported } from "./interop/tfjs/import";
export { fitFileWeights, type FileWeight, type FileWeights, type ImportedWeights } from "./interop/keras/weights";
export { tfjsSafeNames } from "./interop/tfjs/safeNames";
export { pytorchModule } from "./interop/pytorch/export";
export { kerasScript, type KerasScriptOptions } from "./interop/keras/script";
export {
  figureMessage,
  firstDifference,
  modelDifference,
  modelFigures,
  readWeightsManifest,
  runWeights,
  splitWeightName,
  type WeightsManifest,
} from "./interop/common/runWeights";
export { onnxModel } from "./interop/onnx/export";
export { importOnnx, type OnnxImport } from "./interop/onnx/import";
export type { OnnxModelObject } from "./interop/onnx/tensors";
export { poolingSwaps, poolingSwapsOf, type PoolingSwap } from "./edits/poolingSwap";
export {
  exportArtefact,
  exportFormats,
  exportPreflight,
  weightsFileName,
  type ExportFormat,
  type ExportRequest,
  type Exported,
} from "./interop/artefact";
export { isDataset, type Hdf5Dataset, type Hdf5Group } from "./interop/common/hdf5";
export { kerasSnakeCase } from "./interop/keras/savedModel";
export { escapeCharacter, findControlCharacter, invisibleCharacters, printable } from "./document/printable";
export {
  parseRunMetrics,
  runFiles,
  runsFolderName,
  runStates,
  type MetricsRow,
  type RunMetrics,
  type RunState,
  type RunOrigin,
  type RunStatus,
} from "./training/runFolder";
export {
  divergedReason,
  earlyStoppingReason,
  stopReasonMessage,
  stoppedBeforeEvaluation,
  stoppedAtOnce,
  stoppedByUser,
  stoppedEarly,
  stopRequested,
} from "./training/stopReason";
export {
  coversInput,
  formatExtent,
  readingOf,
  receptiveFields,
  type AxisField,
  type FieldOptions,
  type FieldReading,
  type LayerField,
  type PositionFields,
} from "./analysis/receptiveField";
export {
  diffModels,
  pairLayers,
  type ChangeKind,
  type Figure,
  type LayerChange,
  type ModelDiff,
  type SettingChange,
} from "./analysis/diff";
export { changeCounts, diffJson, diffOverlay, formatDiff, formatDiffMarkdown, signedCount, type DiffOverlay } from "./analysis/diffReport";
export { changeEffect, effectText, insertionEffect, type InsertionEffect } from "./edits/whatIf";
export { diagramOf, type DiagramOptions } from "./diagram/diagram";
export { graphLayoutOptions, layoutDiagram, type DiagramLayout, type DiagramStyle, type ElkRun } from "./diagram/layout";
export { diagramScene, layerGist, shapeFigure, type Scene, type SceneEdge, type SceneFrame, type SceneNode } from "./diagram/scene";
export { blocksOf, findRepeats, type RepeatRun } from "./diagram/repeats";
export { diagramSvg } from "./diagram/svg";
export { diagramThemes, familyColour, type DiagramTheme } from "./diagram/theme";
export { fitText, type Typeface } from "./diagram/typeface";
export { boxFaces, volumeBox, type Box } from "./diagram/volume";
export { catalogueFor, spanishCatalogue } from "./messages/spanish";

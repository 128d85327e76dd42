/**
 * Every command the extension contributes, in package.json's order. The command table (commandTable.ts) is a
 * Record over these ids, and a test checks them against package.json's `contributes.commands`, so a command is
 * never contributed without a handler, or handled without being contributed. No vscode here: the test runs in
 * plain Node.
 */
export const commandIds = [
  "cnnDesigner.newModel",
  "cnnDesigner.openExample",
  "cnnDesigner.showSummary",
  "cnnDesigner.compareModelWith",
  "cnnDesigner.compareWithCommitted",
  "cnnDesigner.checkAllModels",
  "cnnDesigner.insertLayer",
  "cnnDesigner.revealLayer",
  "cnnDesigner.openInDesigner",
  "cnnDesigner.openAsJson",
  "cnnDesigner.train",
  "cnnDesigner.stopTraining",
  "cnnDesigner.installGpuBackend",
  "cnnDesigner.checkTrainingEnvironment",
  "cnnDesigner.openRun",
  "cnnDesigner.resumeRun",
  "cnnDesigner.compareRuns",
  "cnnDesigner.refreshRuns",
  "cnnDesigner.exportModel",
  "cnnDesigner.exportDiagram",
  "cnnDesigner.importModel",
] as const;

/** A command of the extension. */
export type CommandId = (typeof commandIds)[number];

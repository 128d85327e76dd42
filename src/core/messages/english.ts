import { cliTexts } from "./en/cli";
import { cliUsageTexts } from "./en/cliUsage";
import { trainerTexts } from "./en/trainer";
import { fileTexts } from "./en/files";
import { readerTexts } from "./en/readers";
import { datasetTexts } from "./en/datasets";
import { intentTexts } from "./en/intents";
import { diffTexts } from "./en/diff";
import { backendTexts } from "./en/backends";
import { analysisTexts } from "./en/analysis";
import { documentTexts } from "./en/document";
import { interopTexts } from "./en/interop";
import { layerTexts } from "./en/layers";
import { runTexts } from "./en/run";
import { summaryTexts } from "./en/summary";
import { trainingTexts } from "./en/training";

/**
 * Every user-visible text of the core, in English, by message id: the one place a translator reads. `{name}` is
 * an argument; `{count|one|other}` picks a word by the plural rules of the catalogue's language.
 */
export const english = {
  ...documentTexts,
  ...layerTexts,
  ...trainingTexts,
  ...analysisTexts,
  ...interopTexts,
  ...summaryTexts,
  ...runTexts,
  ...cliTexts,
  ...cliUsageTexts,
  ...trainerTexts,
  ...fileTexts,
  ...readerTexts,
  ...datasetTexts,
  ...intentTexts,
  ...diffTexts,
  ...backendTexts,
} as const;

/** The English texts' type: message ids and the exact texts, from which arguments are checked. */
export type EnglishTexts = typeof english;

import { cliTextsEs } from "./es/cli";
import { cliUsageTextsEs } from "./es/cliUsage";
import { trainerTextsEs } from "./es/trainer";
import { fileTextsEs } from "./es/files";
import { readerTextsEs } from "./es/readers";
import { datasetTextsEs } from "./es/datasets";
import { intentTextsEs } from "./es/intents";
import { diffTextsEs } from "./es/diff";
import { backendTextsEs } from "./es/backends";
import { analysisTextsEs } from "./es/analysis";
import { docsEs } from "./es/docs";
import { documentTextsEs } from "./es/document";
import { interopTextsEs } from "./es/interop";
import { layerTextsEs } from "./es/layers";
import { runTextsEs } from "./es/run";
import { summaryTextsEs } from "./es/summary";
import { trainingTextsEs } from "./es/training";
import { englishCatalogue, type Catalogue } from "./format";

/**
 * Every user-visible text of the core, in Spanish (the pooling article's language), by message id: the compiler
 * refuses a catalogue without an entry for every id, and a test checks each one's placeholders against the English.
 * Terms follow docs/l10n.md's glossary; layer and parameter names stay Keras'.
 */
export const spanishCatalogue: Catalogue = {
  locale: "es",
  texts: {
    ...documentTextsEs,
    ...layerTextsEs,
    ...trainingTextsEs,
    ...analysisTextsEs,
    ...interopTextsEs,
    ...summaryTextsEs,
    ...runTextsEs,
    ...cliTextsEs,
    ...cliUsageTextsEs,
    ...trainerTextsEs,
    ...fileTextsEs,
    ...readerTextsEs,
    ...datasetTextsEs,
    ...intentTextsEs,
    ...diffTextsEs,
    ...backendTextsEs,
  },
  docs: docsEs,
};

/** The catalogue for a language tag (`es`, `es-ES`, `en-US`…): Spanish for Spanish, else English. */
export const catalogueFor = (language: string | undefined): Catalogue =>
  /^es(?:[-_.]|$)/i.test(language ?? "") ? spanishCatalogue : englishCatalogue;

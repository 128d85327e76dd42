/**
 * One entry to every export: the format's artefact for a model text, and the run's weights file to write beside
 * it. The command line and the extension do only the I/O around it (and encode the ONNX object). Every format's
 * exporter has the same shape: `(text, options, analysis?)`, a trained run's weights in `options.run`.
 */
import type { Result } from "../result";
import { analyze } from "../analysis/analyze";
import { msg, type Message } from "../messages/format";
import { exportableLayers } from "./common/layers";
import type { TrainedWeights, WeightSpec } from "./common/layers";
import type { Hdf5Group } from "./common/hdf5";
import { kerasArchive, type KerasArchive } from "./keras/archiveExport";
import { kerasH5 } from "./keras/h5Export";
import { kerasScript } from "./keras/script";
import { onnxModel } from "./onnx/export";
import { pytorchModule } from "./pytorch/export";
import { tfjsExportProblem, tfjsModelJson } from "./tfjs/export";

/** The export formats. */
export const exportFormats = ["keras", "h5", "keras3", "onnx", "pytorch", "tfjs"] as const;

/** An export format. */
export type ExportFormat = (typeof exportFormats)[number];

/** What to export and how. */
export interface ExportRequest {
  readonly format: ExportFormat;
  /** The output file's name (without folders): the weights file beside it is named after it. */
  readonly outputName: string;
  /** A trained run's weights (every format but the Keras script; `.h5` and `.keras` need them): its manifest and bytes. */
  readonly run?: { readonly specs: readonly WeightSpec[]; readonly bytes: Uint8Array };
  /** Keras: build under MultiWorkerMirroredStrategy. */
  readonly distribute?: boolean;
  /** Keras: the model file's folder as seen from the script's (dataset paths start there). */
  readonly dataRoot?: string;
}

/**
 * An export: a text file (and the weights file to write beside it, if any), or an object to encode: an ONNX model,
 * an HDF5 file (Keras `.h5`), a Keras 3 `.keras` archive.
 */
export type Exported =
  | { readonly text: string; readonly weights?: { readonly name: string; readonly bytes: Uint8Array } }
  | { readonly onnx: Record<string, unknown> }
  | { readonly hdf5: Hdf5Group }
  | { readonly kerasArchive: KerasArchive };

/** `mnist.py` → `mnist.weights.bin`: the file beside an export that holds a run's weights. */
export function weightsFileName(outputName: string): string {
  return `${outputName.replace(/\.[^.]+$/, "")}.weights.bin`;
}

/** `model.json` → `model.keras`: the output's name with the extension a format's readers expect. */
const suggest = (name: string, ext: string) => `${name.replace(/\.[^.]*$/, "")}${ext}`;

/** How each format exports: a `Record`, so a new format must say here how it is written. */
const exporters: Record<ExportFormat, (text: string, request: ExportRequest, run: TrainedWeights | undefined) => Result<Exported>> = {
  keras: (text, request) => {
    const script = kerasScript(text, { distribute: request.distribute, dataRoot: request.dataRoot });
    return script.ok ? { ok: true, value: { text: script.value } } : script;
  },
  h5: (text, request, run) => {
    // Keras' load_model picks its reader by the file's extension.
    if (!/\.(h5|hdf5)$/i.test(request.outputName))
      return {
        ok: false,
        problem: msg("export.kerasExtension", {
          what: msg("export.anHdf5Model"),
          ext: msg("export.h5Extensions"),
          name: suggest(request.outputName, ".h5"),
        }),
      };
    const file = kerasH5(text, { run });
    return file.ok ? { ok: true, value: { hdf5: file.value } } : file;
  },
  keras3: (text, request, run) => {
    if (!/\.keras$/i.test(request.outputName))
      return {
        ok: false,
        problem: msg("export.kerasExtension", {
          what: msg("export.aKerasArchive"),
          ext: ".keras",
          name: suggest(request.outputName, ".keras"),
        }),
      };
    const archive = kerasArchive(text, { run });
    return archive.ok ? { ok: true, value: { kerasArchive: archive.value } } : archive;
  },
  onnx: (text, _request, run) => {
    const model = onnxModel(text, { run });
    return model.ok ? { ok: true, value: { onnx: model.value } } : model;
  },
  pytorch: (text, _request, run) => {
    const module = pytorchModule(text, { run });
    return module.ok ? { ok: true, value: { text: module.value, weights: run && { name: run.file, bytes: run.bytes } } } : module;
  },
  tfjs: (text, _request, run) => {
    const problem = tfjsExportProblem(text);
    if (problem) return { ok: false, problem };
    const json = tfjsModelJson(text, { run });
    return json.ok
      ? { ok: true, value: { text: `${JSON.stringify(json.value)}\n`, weights: run && { name: run.file, bytes: run.bytes } } }
      : json;
  },
};

/** The export of a model text in `request.format`; refused, with the reason, for a model that cannot be. */
export function exportArtefact(text: string, request: ExportRequest): Result<Exported> {
  const run = request.run && { ...request.run, file: weightsFileName(request.outputName) };
  return exporters[request.format](text, request, run);
}

/**
 * Why a model text cannot be exported in `format` whatever the run and the file name — errors in the model, a
 * layer the format cannot hold —, or undefined: asked before the weights and the file are, so that nobody picks a
 * run and a place for an export that cannot be.
 */
export function exportPreflight(text: string, format: ExportFormat): Message | undefined {
  const analysis = analyze(text);
  const read = exportableLayers(analysis);
  if (!read.ok) return read.problem;
  return format === "tfjs" ? tfjsExportProblem(text, analysis) : undefined;
}

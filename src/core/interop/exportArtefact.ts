/**
 * One entry to every export: the format's artefact for a model text, and the run's weights file to write beside
 * it. The command line and the extension do only the I/O around it (and encode the ONNX object).
 */
import type { ExportResult } from "./kerasExport";
import { tfjsModelJson } from "./kerasExport";
import { kerasScript } from "./kerasScript";
import { onnxModel } from "./onnxExport";
import { pytorchModule, type WeightSpec } from "./pytorchExport";

/** The export formats. */
export type ExportFormat = "keras" | "onnx" | "pytorch" | "tfjs";

/** What to export and how. */
export interface ExportRequest {
  readonly format: ExportFormat;
  /** The output file's name (without folders): the weights file beside it is named after it. */
  readonly outputName: string;
  /** A trained run's weights (ONNX, PyTorch, TF.js): its manifest and its weight files' bytes, in order. */
  readonly run?: { readonly specs: readonly WeightSpec[]; readonly bytes: Uint8Array };
  /** Keras: build under MultiWorkerMirroredStrategy. */
  readonly distribute?: boolean;
  /** Keras: the model file's folder as seen from the script's (dataset paths start there). */
  readonly dataRoot?: string;
}

/** An export: a text file, or an ONNX model object to encode; and the weights file to write beside it, if any. */
export type Exported =
  | { readonly text: string; readonly weights?: { readonly name: string; readonly bytes: Uint8Array } }
  | { readonly onnx: Record<string, unknown> };

/** `mnist.py` → `mnist.weights.bin`: the file beside an export that holds a run's weights. */
export function weightsFileName(outputName: string): string {
  return `${outputName.replace(/\.[^.]+$/, "")}.weights.bin`;
}

/** The export of a model text in `request.format`; refused, with the reason, for a model that cannot be. */
export function exportArtefact(text: string, request: ExportRequest): ExportResult<Exported> {
  const { run } = request;
  const weights = run && { name: weightsFileName(request.outputName), bytes: run.bytes };
  switch (request.format) {
    case "keras": {
      const script = kerasScript(text, { distribute: request.distribute, dataRoot: request.dataRoot });
      return script.ok ? { ok: true, value: { text: script.value } } : script;
    }
    case "onnx": {
      const data = run && new Float32Array(run.bytes.buffer.slice(run.bytes.byteOffset, run.bytes.byteOffset + run.bytes.byteLength));
      const model = onnxModel(text, run && data ? { specs: run.specs, data } : undefined);
      return model.ok ? { ok: true, value: { onnx: model.value } } : model;
    }
    case "pytorch": {
      const module = pytorchModule(text, run && weights && { specs: run.specs, file: weights.name });
      return module.ok ? { ok: true, value: { text: module.value, weights } } : module;
    }
    case "tfjs": {
      const json = tfjsModelJson(text, run && weights ? [{ paths: [weights.name], weights: run.specs }] : []);
      return json.ok ? { ok: true, value: { text: `${JSON.stringify(json.value)}\n`, weights } } : json;
    }
  }
}

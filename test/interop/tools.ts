/** What the interop suites share: the repository's examples, Debian's python3, tfjs models read from files. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";

/** The repository root (the suites run from out/test/interop). */
export const root = join(__dirname, "..", "..", "..");
/** The template files in examples/. */
export const examples = readdirSync(join(root, "examples")).filter((f) => f.endsWith(".cnn.json"));
/** Debian's python3, which has python3-torch and python3-onnx (another python3 may come first on PATH). */
export const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

/** A TF.js model from a `model.json`'s content and its (single) weights file. */
export function loadTfjsModel(
  json: { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] },
  weightsFile: string,
): Promise<tf.LayersModel> {
  const bytes = readFileSync(weightsFile);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
    }),
  );
}

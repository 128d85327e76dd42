/**
 * `cnn-designer export FILE --format keras|onnx|pytorch|tfjs [--run RUN_DIR] [--distribute] -o OUT` and `cnn-designer import FILE -o OUT`:
 * the core's exporters and importer, with the files around them (a run's weights, the output paths).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { exportArtefact, importKeras, modelDifference, runWeights, type ExportFormat, type WeightSpec } from "../core";
import { onnx } from "onnx-proto";

/** A bad command line, file or model: exit status 2 with the message. */
export class InteropUsageError extends Error {}

const formats: readonly ExportFormat[] = ["keras", "onnx", "pytorch", "tfjs"];

function readText(file: string, what: string): string {
  if (!existsSync(file)) throw new InteropUsageError(`cannot read ${what} '${file}': no such file`);
  return readFileSync(file, "utf8");
}

/** A trained run's weights: every weight in file order, and the weight files' paths. */
interface RunWeights {
  readonly specs: readonly WeightSpec[];
  readonly files: string[];
}

/** Reads a run folder, checking that it trained the same model as `text`. */
function readRun(dir: string, text: string): RunWeights {
  const weights = runWeights(readText(join(dir, "model.json"), "the run's model.json"));
  if (!weights.ok) throw new InteropUsageError(`${dir}: ${weights.message}`);
  const trained = join(dir, "model.cnn.json");
  const differs = existsSync(trained) ? modelDifference(text, readFileSync(trained, "utf8")) : undefined;
  if (differs)
    throw new InteropUsageError(`the run '${dir}' trained a different model: ${differs} differs (export the run's own model.cnn.json)`);
  const files = weights.value.paths.map((p) => join(dir, p));
  for (const f of files) if (!existsSync(f)) throw new InteropUsageError(`the run's weights file '${f}' is missing`);
  return { specs: weights.value.specs, files };
}

/** `export`: returns the exit status (2 for usage errors, thrown as InteropUsageError). */
export function exportCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: "string" },
      run: { type: "string" },
      output: { type: "string", short: "o" },
      distribute: { type: "boolean" },
    },
  });
  if (positionals.length !== 1) throw new InteropUsageError("export takes exactly one FILE");
  const format = values.format as ExportFormat;
  if (!formats.includes(format)) throw new InteropUsageError(`--format must be one of ${formats.join(", ")}, got '${values.format ?? ""}'`);
  const out = values.output;
  if (!out) throw new InteropUsageError("export needs -o OUT");
  const text = readText(positionals[0], "the model");
  if (values.distribute && format !== "keras") throw new InteropUsageError("--distribute goes with --format keras");
  if (format === "keras" && values.run)
    throw new InteropUsageError("--run goes with --format onnx, pytorch or tfjs (the Keras script trains from scratch)");
  const run = values.run === undefined ? undefined : readRun(values.run, text);
  const result = exportArtefact(text, {
    format,
    outputName: basename(out),
    run: run && { specs: run.specs, bytes: Buffer.concat(run.files.map((f) => readFileSync(f))) },
    distribute: values.distribute,
    // Dataset paths are relative to the model file: the Keras script finds them from where it is written.
    dataRoot: relative(dirname(resolve(out)), dirname(resolve(positionals[0]))) || ".",
  });
  if (!result.ok) throw new InteropUsageError(`cannot export: ${result.message}`);
  if ("onnx" in result.value) writeFileSync(out, onnx.ModelProto.encode(onnx.ModelProto.fromObject(result.value.onnx)).finish());
  else {
    writeFileSync(out, result.value.text);
    if (result.value.weights) writeFileSync(join(dirname(out), result.value.weights.name), result.value.weights.bytes);
  }
  process.stderr.write(`exported ${positionals[0]} as ${format} to ${out}${run ? " (with the run's weights)" : ""}\n`);
  return 0;
}

/** `import`: a Keras `to_json()` or TF.js `model.json` file → a `*.cnn.json` file. */
export function importCommand(args: string[]): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { output: { type: "string", short: "o" } } });
  if (positionals.length !== 1) throw new InteropUsageError("import takes exactly one FILE");
  if (!values.output) throw new InteropUsageError("import needs -o OUT.cnn.json");
  let json: unknown;
  try {
    json = JSON.parse(readText(positionals[0], "the model"));
  } catch (e) {
    if (e instanceof InteropUsageError) throw e;
    throw new InteropUsageError(`'${positionals[0]}' is not JSON: ${(e as Error).message}`);
  }
  const result = importKeras(json);
  if (!result.ok) throw new InteropUsageError(result.message);
  writeFileSync(values.output, result.value.text);
  for (const d of result.value.dropped) process.stderr.write(`left out (training-time setting): ${d}\n`);
  process.stderr.write(`imported ${positionals[0]} to ${values.output}\n`);
  return 0;
}

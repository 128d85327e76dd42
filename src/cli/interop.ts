/**
 * `cnn-designer export FILE --format keras|h5|keras3|onnx|pytorch|tfjs [--run RUN_DIR [--checkpoint last|best]] [--distribute]
 * -o OUT [--force]` and `cnn-designer import FILE [-o OUT] [--weights FILE] [--weights-run DIR] [--force]`: the
 * core's exporters and importer, with the
 * files around them. A run's weights are read only from regular files inside its folder, of the size their manifest
 * declares; outputs are never an input or a run's file, replace an existing file only with --force, and are
 * written atomically.
 */
import { basename, dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { exportArtefact, exportFormats, printable, type ExportFormat } from "../core";
import { FileError, outputProblem, writeFileAtomic, type OutputRules } from "../node/files";
import { importedRunProblem, importModelFile, writeImportedRun } from "../node/importModel";
import { readUserText } from "../node/readFiles";
import { exportFiles } from "../node/exportFiles";
import { readRunWeights, type RunWeightsChoice } from "../node/runFolder";
import { printError } from "./output";
import { asUsage, UsageError } from "./usage";
import { describe } from "./messages";
import { exportTraining } from "./exportTraining";

const checkpoints: readonly RunWeightsChoice[] = ["final", "last", "best"];

const readText = (file: string, what: string): string => asUsage(() => readUserText(file, what));

/** Checks every output before anything is written, then writes each atomically. */
export function writeOutputs(
  outputs: readonly { path: string; data: string | Uint8Array }[],
  inputs: OutputRules["inputs"],
  force: boolean,
): void {
  const paths = outputs.map((o) => resolve(o.path));
  if (new Set(paths).size !== paths.length)
    throw new UsageError(`the outputs ${outputs.map((o) => `'${o.path}'`).join(" and ")} are the same file`);
  for (const o of outputs) {
    const problem = outputProblem(o.path, { inputs, force });
    if (problem) throw new UsageError(problem.message);
  }
  try {
    for (const o of outputs) writeFileAtomic(o.path, o.data);
  } catch (e) {
    if (e instanceof FileError) throw new UsageError(e.message);
    throw e;
  }
}

/** `export`: returns the exit status (2 for usage errors, thrown as UsageError). */
export async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: "string" },
      run: { type: "string" },
      checkpoint: { type: "string" },
      output: { type: "string", short: "o" },
      distribute: { type: "boolean" },
      force: { type: "boolean" },
    },
  });
  if (positionals.length !== 1) throw new UsageError("export takes exactly one FILE");
  if (values.format === "pytorch-train") {
    if (!values.output) throw new UsageError("export needs -o OUT (a folder for --format pytorch-train)");
    if (values.run !== undefined || values.checkpoint !== undefined || values.distribute)
      throw new UsageError(
        "--format pytorch-train takes no --run, --checkpoint or --distribute: it trains from the model's initial weights",
      );
    return exportTraining(positionals[0], values.output, values.force === true);
  }
  const format = values.format as ExportFormat;
  if (!(exportFormats as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${[...exportFormats, "pytorch-train"].join(", ")}, got '${values.format ?? ""}'`);
  const out = values.output;
  if (!out) throw new UsageError("export needs -o OUT");
  const choice = values.checkpoint as RunWeightsChoice | undefined;
  if (choice !== undefined && !checkpoints.includes(choice))
    throw new UsageError(`--checkpoint must be one of ${checkpoints.join(", ")}, got '${choice}'`);
  if (choice !== undefined && values.run === undefined) throw new UsageError("--checkpoint goes with --run RUN_DIR");
  const text = readText(positionals[0], "the model");
  if (values.distribute && format !== "keras") throw new UsageError("--distribute goes with --format keras");
  if (format === "keras" && values.run)
    throw new UsageError("--run goes with --format h5, keras3, onnx, pytorch or tfjs (the Keras script trains from scratch)");
  if ((format === "h5" || format === "keras3") && !values.run)
    throw new UsageError(`--format ${format} writes the model with its weights: name a run of this model with --run RUN_DIR`);
  let run;
  try {
    run = values.run === undefined ? undefined : readRunWeights(values.run, text, choice);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const result = exportArtefact(text, {
    format,
    outputName: basename(out),
    run,
    distribute: values.distribute,
    // Dataset paths are relative to the model file: the Keras script finds them from where it is written.
    dataRoot: relative(dirname(resolve(out)), dirname(resolve(positionals[0]))) || ".",
  });
  if (!result.ok) throw new UsageError(`cannot export: ${describe(result.problem)}`);
  const outputs = (await exportFiles(result.value)).map((f) => ({
    path: f.beside === undefined ? out : join(dirname(out), f.beside),
    data: f.bytes,
  }));
  writeOutputs(outputs, [{ path: positionals[0], what: "the model being exported" }], values.force === true);
  printError(
    `exported ${printable(positionals[0])} as ${format} to ${printable(out)}${run ? ` (with the weights of ${printable(run.source)})` : ""}\n`,
  );
  return 0;
}

/** `model.h5` → `model.cnn.json` beside it: the model file an import writes when no -o names one. */
const defaultOutput = (file: string) =>
  join(dirname(file), `${basename(file).replace(/(\.weights)?\.(h5|hdf5|keras|json|onnx)$/i, "")}.cnn.json`);

/**
 * `import`: a Keras `.h5` or `.keras` file, a `to_json()` file or a TF.js `model.json` → a `*.cnn.json` file; the
 * weights of a file that has them (or of `--weights`, a `save_weights()` file) → a run of that model.
 */
export function importCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      output: { type: "string", short: "o" },
      weights: { type: "string" },
      "weights-run": { type: "string" },
      force: { type: "boolean" },
    },
  });
  if (positionals.length !== 1) throw new UsageError("import takes exactly one FILE");
  const [file] = positionals;
  const out = values.output ?? defaultOutput(file);
  const inputs = [
    { path: file, what: "the file being imported" },
    ...(values.weights ? [{ path: values.weights, what: "the weights file being imported" }] : []),
  ];
  const problem = outputProblem(out, { inputs, force: values.force === true });
  if (problem) throw new UsageError(problem.message);
  const runProblem = values["weights-run"] === undefined ? undefined : importedRunProblem(values["weights-run"]);
  if (runProblem) throw new UsageError(`--weights-run: ${runProblem}`);
  let result;
  try {
    result = importModelFile(file, values.weights);
  } catch (e) {
    if (e instanceof FileError) throw new UsageError(e.message);
    throw e;
  }
  if (!result.ok) throw new UsageError(describe(result.problem));
  const { text, dropped, weights, origin } = result.value;
  if (values["weights-run"] !== undefined && !weights)
    throw new UsageError(`--weights-run: '${printable(file)}' holds no weights (a Keras .h5 or .keras file does, or give --weights FILE)`);
  writeOutputs([{ path: out, data: text }], inputs, values.force === true);
  for (const w of result.value.warnings ?? []) printError(`warning: ${printable(w)}\n`);
  for (const d of dropped) printError(`left out (changes only training or initial values): ${printable(d)}\n`);
  printError(`imported ${printable(file)} to ${printable(out)}\n`);
  if (weights) {
    let run: string;
    try {
      run = writeImportedRun(out, text, weights, origin, { runDir: values["weights-run"] });
    } catch (e) {
      if (e instanceof FileError)
        throw new UsageError(`the model file is written, but not its weights: ${e.message} (to import again over it, add --force)`);
      throw e;
    }
    const count = weights.values.length.toLocaleString("en-US");
    printError(
      `its ${count} parameter values (${origin.format}${origin.kerasVersion ? `, Keras ${origin.kerasVersion}` : ""}) are the run ${printable(run)}\n`,
    );
    if (weights.matchedBy === "position")
      printError("the weights file names its layers differently: they were matched by position, as Keras' load_weights does\n");
  }
  return 0;
}

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
import { exportArtefact, exportFormats, grouped, joined, msg, type ExportFormat, type Message } from "../core";
import { FileError, outputProblem, writeFileAtomic, type OutputRules } from "../node/files";
import { importedRunProblem, importModelFile, writeImportedRun } from "../node/importModel";
import { readUserText } from "../node/readFiles";
import { exportFiles } from "../node/exportFiles";
import { readRunWeights, type RunWeightsChoice, type RunWeightsRead } from "../node/runFolder";
import { printError } from "./output";
import { asUsage, choice, UsageError } from "./usage";
import { describe, say } from "./messages";
import { exportTraining } from "./exportTraining";

const checkpoints: readonly RunWeightsChoice[] = ["final", "last", "best"];

const readText = (file: string, what: Message): string => asUsage(() => readUserText(file, what));

/** Checks every output before anything is written, then writes each atomically. */
export function writeOutputs(
  outputs: readonly { path: string; data: string | Uint8Array }[],
  inputs: OutputRules["inputs"],
  force: boolean,
): void {
  const paths = outputs.map((o) => resolve(o.path));
  if (new Set(paths).size !== paths.length)
    throw new UsageError(
      say("cli.sameOutputs", {
        outputs: joined(
          outputs.map((o) => `'${o.path}'`),
          "join.and",
        ),
      }),
    );
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

/** Which of a run's weights an export took, in words. */
function weightsFrom(from: RunWeightsRead["from"]): Message {
  if (from.kind === "final") return msg("cli.fromFinal");
  if (from.kind === "imported") return msg("cli.fromImported", { name: from.name });
  return msg(from.which === "best" ? "cli.fromBest" : "cli.fromLast", { epoch: from.epoch });
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
  if (positionals.length !== 1) throw new UsageError(say("cli.takesOneFile", { command: "export" }));
  if (values.format === "pytorch-train") {
    if (!values.output) throw new UsageError(say("cli.exportNeedsFolder"));
    if (values.run !== undefined || values.checkpoint !== undefined || values.distribute)
      throw new UsageError(say("cli.trainingExportAlone"));
    return exportTraining(positionals[0], values.output, values.force === true);
  }
  const formats = [...exportFormats, "pytorch-train"] as const;
  if (values.format === undefined) throw new UsageError(say("cli.exportNeedsFormat", { allowed: formats.join(", ") }));
  const format = choice(values.format, formats, "--format") as ExportFormat;
  const out = values.output;
  if (!out) throw new UsageError(say("cli.exportNeedsOutput"));
  const which = choice(values.checkpoint, checkpoints, "--checkpoint");
  if (which !== undefined && values.run === undefined) throw new UsageError(say("cli.checkpointNeedsRun"));
  const text = readText(positionals[0], msg("files.theModel"));
  if (values.distribute && format !== "keras") throw new UsageError(say("cli.distributeIsKeras"));
  if (format === "keras" && values.run) throw new UsageError(say("cli.kerasScriptNoRun"));
  if ((format === "h5" || format === "keras3") && !values.run) throw new UsageError(say("cli.formatNeedsRun", { format }));
  let run;
  try {
    run = values.run === undefined ? undefined : readRunWeights(values.run, text, which);
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
  if (!result.ok) throw new UsageError(say("cli.cannotExport", { reason: result.problem }));
  const outputs = (await exportFiles(result.value)).map((f) => ({
    path: f.beside === undefined ? out : join(dirname(out), f.beside),
    data: f.bytes,
  }));
  writeOutputs(outputs, [{ path: positionals[0], what: msg("files.modelExported") }], values.force === true);
  const done = { file: positionals[0], format, output: out };
  printError(`${run ? say("cli.exportedWithWeights", { ...done, run: weightsFrom(run.from) }) : say("cli.exported", done)}\n`);
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
  if (positionals.length !== 1) throw new UsageError(say("cli.takesOneFile", { command: "import" }));
  const [file] = positionals;
  const out = values.output ?? defaultOutput(file);
  const inputs = [
    { path: file, what: msg("files.fileImported") },
    ...(values.weights ? [{ path: values.weights, what: msg("files.weightsImported") }] : []),
  ];
  const problem = outputProblem(out, { inputs, force: values.force === true });
  if (problem) throw new UsageError(problem.message);
  const runProblem = values["weights-run"] === undefined ? undefined : importedRunProblem(values["weights-run"]);
  if (runProblem) throw new UsageError(say("cli.weightsRun", { reason: runProblem }));
  let result;
  try {
    result = importModelFile(file, values.weights);
  } catch (e) {
    if (e instanceof FileError) throw new UsageError(e.message);
    throw e;
  }
  if (!result.ok) throw new UsageError(describe(result.problem));
  const { text, dropped, weights, origin } = result.value;
  if (values["weights-run"] !== undefined && !weights) throw new UsageError(say("cli.noWeightsInFile", { file }));
  writeOutputs([{ path: out, data: text }], inputs, values.force === true);
  for (const w of result.value.warnings ?? []) printError(`${say("cli.importWarning", { warning: w })}\n`);
  for (const d of dropped) printError(`${say("cli.leftOut", { what: d })}\n`);
  printError(`${say("cli.imported", { file, output: out })}\n`);
  if (weights) {
    let run: string;
    try {
      run = writeImportedRun(out, text, weights, origin, { runDir: values["weights-run"] });
    } catch (e) {
      if (e instanceof FileError) throw new UsageError(say("cli.weightsNotWritten", { reason: e.message }));
      throw e;
    }
    const about = { count: grouped(weights.values.length), format: origin.format, run };
    printError(
      `${origin.kerasVersion ? say("cli.importedKerasWeights", { ...about, version: origin.kerasVersion }) : say("cli.importedWeights", about)}\n`,
    );
    if (weights.matchedBy === "position") printError(`${say("cli.matchedByPosition")}\n`);
  }
  return 0;
}

import { parseArgs } from "node:util";
import { analyze, didYouMean, formatSummary, modelSchema, optimizerSpecs, printable, type OptimizerName } from "../core";
import { readUserText } from "../node/readFiles";
import { formatDiagnostics, locate, summaryJson } from "./report";
import { exportCommand, importCommand, writeOutputs } from "./interop";
import { asUsage, positiveInt, UsageError } from "./usage";
import { jsonText, print, printError } from "./output";
import { train } from "./train";
import { doctor } from "./doctor";
import { diffCommand } from "./diff";
import { diagramCommand } from "./diagramCommand";
import { catalogue } from "./messages";

declare const CNN_DESIGNER_VERSION: string | undefined;

const usage = `Usage: cnn-designer <command> [options]

Commands:
  summary FILE [--json] [--batch-size N] [--optimizer NAME] [--device-memory GB]
                        Keras-style summary of a *.cnn.json model (--json: machine-readable);
                        --device-memory: the largest batch that fits, and a warning when the batch does not
  check FILE...         Diagnostics as file:line:col: severity: message
  diff A B | diff FILE [--rev REV] [--json | --markdown] [--exit-code] [--batch-size N]
                        Added, removed and changed layers with the change in parameters, MACs, memory and
                        receptive field, and the layers downstream it affects; A or B may be REV:PATH (a git
                        revision's version); one FILE: its version at REV (default HEAD) against the file;
                        --markdown: for a pull-request comment; --exit-code: 1 when the models differ
  diagram FILE [-o OUT.svg|OUT.png [--force]] [--style cards|volume] [--theme light|dark] [--collapse]
      [--hide TYPE,…] [--scale N]
                        The model's diagram, laid out as the designer lays it out (SVG on stdout without -o):
                        cards with each layer's type, shape and parameters, or volumes (each output a block,
                        log-scaled); --collapse: models used as layers folded, repeated blocks drawn once
                        (×N); --hide: layer types left out (BatchNormalization,ReLU); --scale: a PNG's
                        pixels per SVG pixel (default 2)
  schema [-o FILE [--force]]
                        The JSON Schema of *.cnn.json files
  train FILE [--epochs N] [--samples N] [--backend NAME] [--json] [--runs-dir DIR] [--module-path DIR]…
      [--python PATH] [--gpu N] [--resume RUN_DIR]
      [--distribute [--nproc-per-node N] [--nnodes N --rdzv-endpoint HOST[:PORT] [--rdzv-id ID]]]
                        Train the model on its training.dataset (backends: pytorch, tensorflow-gpu,
                        tensorflow, wasm, cpu; the fastest that works unless --backend); --python: the
                        interpreter with torch; --gpu: the CUDA device; --resume: go on from a run's last
                        checkpoint, in its folder (--epochs: to train on); --distribute: torch.distributed
                        under torchrun, N processes (default 2) on this machine, on each of --nnodes
                        machines meeting at --rdzv-endpoint (the one with rank 0 writes the run);
                        --json: one event per line
  doctor [--json] [--python PATH] [--gpu N] [--module-path DIR]…
                        Check the training backends: which run here, on what device and versions, and
                        for each that cannot, the fix (run in a process of its own)
  export FILE --format keras|h5|keras3|onnx|pytorch|pytorch-train|tfjs [--run RUN_DIR [--checkpoint final|last|best]]
         [--distribute] -o OUT [--force]
                        A Keras script (--distribute: MultiWorkerMirroredStrategy), a Keras .h5 or .keras
                        file (h5, keras3: --run required), an ONNX model, a PyTorch module or a TF.js
                        model.json; --run: with the run's trained weights (h5, keras3, onnx: inside;
                        pytorch, tfjs: written beside OUT as OUT's name + .weights.bin): its final model, or
                        its last checkpoint when it ended before writing one; --checkpoint picks;
                        pytorch-train: a folder OUT with a standalone training (train.py, for python or
                        torchrun) that writes a run folder
  import FILE [-o OUT.cnn.json] [--weights FILE] [--weights-run DIR] [--force]
                        A Keras .h5 or .keras file, an ONNX file, a model.to_json() file (Keras 2 or 3)
                        or a TF.js model.json as a model file (default: FILE's name + .cnn.json, beside it); the file's
                        weights (or --weights, a save_weights .h5 for a JSON topology) become a run of it,
                        in .cnn-runs beside OUT or in --weights-run DIR (a new or empty folder)

Outputs: an existing file is replaced only with --force; an input, or a file in a training run's folder, never.
Every file is written to a temporary file first and renamed, so a failure leaves the old file whole.

Training: Ctrl+C stops at the next batch end and saves the run; a second Ctrl+C stops as soon as the trainer
can, saving what was trained without the evaluation; a third ends it (the run keeps its last checkpoint).

Exit status: 0 no errors (train: trained), 1 errors in a model (train: training failed; diff --exit-code: the
models differ),
2 unreadable file, bad usage (train: also a model or dataset to fix; export and import: a model they cannot
convert, with the reason; an output refused), 130 (143, 129) train stopped by Ctrl+C (SIGTERM, SIGHUP).`;

const read = (file: string): string => asUsage(() => readUserText(file, "the model"));

const isOptimizer = (value: string): value is OptimizerName => Object.hasOwn(optimizerSpecs, value);

function optimizerName(value: string | undefined): OptimizerName | undefined {
  if (value === undefined || isOptimizer(value)) return value;
  const suggestion = didYouMean(value, Object.keys(optimizerSpecs));
  throw new UsageError(
    `--optimizer must be one of ${Object.keys(optimizerSpecs).join(", ")}, got '${value}'${suggestion ? `; did you mean '${suggestion}'?` : ""}`,
  );
}

/** A memory size in GB (GiB, as GPUs state theirs): a positive number up to a petabyte; undefined when absent. */
function gigabytes(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  // A decimal number (16, 7.5, 1e-6): at least a byte, at most a petabyte.
  if (!/^\d*\.?\d+(e[-+]?\d+)?$/i.test(value) || !(n * 1024 ** 3 >= 1) || n > 1024 ** 2)
    throw new UsageError(`${flag} must be a size in GB from 1e-9 (a byte) to 1048576 (a petabyte), such as 16 or 7.5; got '${value}'`);
  return Math.round(n * 1024 ** 3);
}

function summary(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      "batch-size": { type: "string" },
      optimizer: { type: "string" },
      "device-memory": { type: "string" },
    },
  });
  if (positionals.length !== 1) throw new UsageError("summary takes exactly one FILE");
  const file = positionals[0];
  const batchSize = positiveInt(values["batch-size"], "--batch-size");
  const optimizer = optimizerName(values.optimizer);
  const deviceMemoryBytes = gigabytes(values["device-memory"], "--device-memory");
  const text = read(file);
  const a = analyze(text, { batchSize, optimizer, catalogue, deviceMemoryBytes });
  const located = locate(text, a.diagnostics);
  if (values.json) print(`${jsonText(summaryJson(a, located), 2)}\n`);
  else {
    print(`${formatSummary(a)}\n`);
    for (const line of formatDiagnostics(file, located)) printError(`${line}\n`);
  }
  return a.diagnostics.some((d) => d.severity === "error") ? 1 : 0;
}

function check(args: string[]): number {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length === 0) throw new UsageError("check needs at least one FILE");
  let errors = 0;
  let warnings = 0;
  let unreadable = 0;
  // An unreadable file is reported in its turn; the others are still checked.
  for (const file of positionals) {
    let text: string;
    try {
      text = read(file);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      printError(`cnn-designer: ${printable(e.message)}\n`);
      unreadable++;
      continue;
    }
    const a = analyze(text, { catalogue });
    for (const line of formatDiagnostics(file, locate(text, a.diagnostics))) print(`${line}\n`);
    errors += a.diagnostics.filter((d) => d.severity === "error").length;
    warnings += a.diagnostics.filter((d) => d.severity === "warning").length;
  }
  const checked = positionals.length - unreadable;
  const files = checked === 1 ? "1 file" : `${checked} files`;
  const skipped = unreadable ? `; ${unreadable} file${unreadable === 1 ? "" : "s"} could not be read` : "";
  if (checked > 0)
    printError(`${files} checked: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}${skipped}\n`);
  return unreadable ? 2 : errors > 0 ? 1 : 0;
}

function schema(args: string[]): number {
  const { values } = parseArgs({ args, options: { output: { type: "string", short: "o" }, force: { type: "boolean" } } });
  const text = `${JSON.stringify(modelSchema(), null, 2)}\n`;
  if (values.output) writeOutputs([{ path: values.output, data: text }], [], values.force === true);
  else print(text);
  return 0;
}

/** Runs the CLI with the given arguments and returns the exit status (a promise for `train`). */
export function main(argv: string[]): number | Promise<number> {
  const [command, ...rest] = argv;
  if (command && !command.startsWith("-") && (rest.includes("--help") || rest.includes("-h"))) {
    print(`${usage}\n`);
    return 0;
  }
  try {
    switch (command) {
      case "train":
        return train(rest);
      case "doctor":
        return doctor(rest).catch(failed);
      case "summary":
        return summary(rest);
      case "check":
        return check(rest);
      case "diff":
        return diffCommand(rest);
      case "diagram":
        return diagramCommand(rest).catch(failed);
      case "schema":
        return schema(rest);
      case "export":
        // Encoding a Keras file waits for the HDF5 library to load.
        return exportCommand(rest).catch(failed);
      case "import":
        return importCommand(rest);
      case "--version":
      case "-v":
        print(`${typeof CNN_DESIGNER_VERSION === "string" ? CNN_DESIGNER_VERSION : "dev"}\n`);
        return 0;
      case "help":
      case "--help":
      case "-h":
        print(`${usage}\n`);
        return 0;
      case undefined:
        throw new UsageError("no command given (try: cnn-designer summary FILE); see cnn-designer --help");
      default:
        throw new UsageError(`unknown command '${command}'; see cnn-designer --help`);
    }
  } catch (e) {
    return failed(e);
  }
}

/** A command's error in one line (an internal error says so), and exit status 2. */
function failed(e: unknown): number {
  const usageError = e instanceof UsageError || (e instanceof Error && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS"));
  // One line: Node's argument parser explains itself over three.
  const message = (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, " ");
  printError(`cnn-designer: ${usageError ? "" : "internal error: "}${printable(message)}\n`);
  if (!usageError && process.env.CNN_DESIGNER_DEBUG) printError(`${(e as Error).stack}\n`);
  return 2;
}

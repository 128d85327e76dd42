import { parseArgs } from "node:util";
import { analyze, formatSummary, modelSchema, msg, optimizerSpecs, printable, type OptimizerName } from "../core";
import { readUserText } from "../node/readFiles";
import { formatDiagnostics, locate, summaryJson } from "./report";
import { exportCommand, importCommand, writeOutputs } from "./interop";
import { asUsage, choice, positiveInt, UsageError } from "./usage";
import { jsonText, print, printError } from "./output";
import { train } from "./train";
import { doctor } from "./doctor";
import { diffCommand } from "./diff";
import { diagramCommand } from "./diagramCommand";
import { say, toolCatalogue, usageText } from "./messages";

declare const CNN_DESIGNER_VERSION: string | undefined;

const read = (file: string): string => asUsage(() => readUserText(file, msg("files.theModel")));

/** A memory size in GB (GiB, as GPUs state theirs): a positive number up to a petabyte; undefined when absent. */
function gigabytes(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  // A decimal number (16, 7.5, 1e-6): at least a byte, at most a petabyte.
  if (!/^\d*\.?\d+(e[-+]?\d+)?$/i.test(value) || !(n * 1024 ** 3 >= 1) || n > 1024 ** 2)
    throw new UsageError(say("cli.gigabytes", { flag, value }));
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
  if (positionals.length !== 1) throw new UsageError(say("cli.takesOneFile", { command: "summary" }));
  const file = positionals[0];
  const batchSize = positiveInt(values["batch-size"], "--batch-size");
  const optimizer = choice(values.optimizer, Object.keys(optimizerSpecs) as OptimizerName[], "--optimizer");
  const deviceMemoryBytes = gigabytes(values["device-memory"], "--device-memory");
  const text = read(file);
  // (Its diagnostics are printed as check prints them: in English, for tools.)
  const a = analyze(text, { batchSize, optimizer, catalogue: toolCatalogue, deviceMemoryBytes });
  const located = locate(text, a.diagnostics);
  if (values.json) print(`${jsonText(summaryJson(a, located), 2)}\n`);
  else {
    print(`${formatSummary(a)}\n`);
    for (const line of formatDiagnostics(file, located)) printError(`${line}\n`);
  }
  return a.diagnostics.some((d) => d.severity === "error") ? 1 : 0;
}

function check(args: string[]): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { "device-memory": { type: "string" } } });
  if (positionals.length === 0) throw new UsageError(say("cli.checkNeedsFile"));
  const deviceMemoryBytes = gigabytes(values["device-memory"], "--device-memory");
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
    const a = analyze(text, { catalogue: toolCatalogue, deviceMemoryBytes });
    for (const line of formatDiagnostics(file, locate(text, a.diagnostics))) print(`${line}\n`);
    errors += a.diagnostics.filter((d) => d.severity === "error").length;
    warnings += a.diagnostics.filter((d) => d.severity === "warning").length;
  }
  const checked = positionals.length - unreadable;
  const skipped = unreadable ? say("cli.unreadable", { count: unreadable }) : "";
  if (checked > 0) printError(`${say("cli.checked", { files: checked, errors, warnings, unreadable: skipped })}\n`);
  return unreadable ? 2 : errors > 0 ? 1 : 0;
}

function schema(args: string[]): number {
  const { values } = parseArgs({ args, options: { output: { type: "string", short: "o" }, force: { type: "boolean" } } });
  if (values.force && !values.output) throw new UsageError(say("cli.schemaForce"));
  const text = `${JSON.stringify(modelSchema(), null, 2)}\n`;
  if (values.output) writeOutputs([{ path: values.output, data: text }], [], values.force === true);
  else print(text);
  return 0;
}

/** Runs the CLI with the given arguments and returns the exit status (a promise for `train`). */
export function main(argv: string[]): number | Promise<number> {
  const [command, ...rest] = argv;
  if (command && !command.startsWith("-") && (rest.includes("--help") || rest.includes("-h"))) {
    print(`${usageText()}\n`);
    return 0;
  }
  try {
    switch (command) {
      case "train":
        return train(rest);
      case "doctor":
        return doctor(rest).catch((e) => failed(e, command, rest));
      case "summary":
        return summary(rest);
      case "check":
        return check(rest);
      case "diff":
        return diffCommand(rest);
      case "diagram":
        return diagramCommand(rest).catch((e) => failed(e, command, rest));
      case "schema":
        return schema(rest);
      case "export":
        // Encoding a Keras file waits for the HDF5 library to load.
        return exportCommand(rest).catch((e) => failed(e, command, rest));
      case "import":
        return importCommand(rest);
      case "--version":
      case "-v":
        print(`${typeof CNN_DESIGNER_VERSION === "string" ? CNN_DESIGNER_VERSION : "dev"}\n`);
        return 0;
      case "help":
      case "--help":
      case "-h":
        print(`${usageText()}\n`);
        return 0;
      case undefined:
        throw new UsageError(say("cli.noCommand"));
      default:
        throw new UsageError(say("cli.unknownCommand", { command }));
    }
  } catch (e) {
    return failed(e, command, rest);
  }
}

/**
 * Node's argument parser's error in the CLI's words and language (its own text is English, over three lines), or
 * undefined for any other error.
 */
function parserError(e: unknown, command: string | undefined, args: readonly string[]): string | undefined {
  if (!(e instanceof Error && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS"))) return undefined;
  const quoted = /'([^']*)'/.exec(e.message)?.[1] ?? "";
  const cmd = command ?? "";
  // '-o, --output <value>': the name the user typed is one of them; both are shown as the parser has them.
  const option = quoted.replace(/ <value>$/, "");
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      // '-r' of '-raro.cnn.json' (a group of short options to the parser): the argument as typed.
      const typed = option.startsWith("--") ? option : (args.find((a) => a.startsWith(option) && !a.startsWith("--")) ?? option);
      return say("cli.unknownOption", { command: cmd, option: typed });
    }
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return say("cli.unexpectedArgument", { command: cmd, argument: quoted });
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      // `--batch-size -1`: a value that starts with '-' reads as an option; `--batch-size=-1` gives it.
      if (/ is ambiguous/.test(e.message)) return say("cli.optionValueDash", { option, value: args[args.indexOf(option) + 1] ?? "-…" });
      return / <value>'/.test(e.message) ? say("cli.optionNeedsValue", { option }) : say("cli.optionTakesNoValue", { option });
    default:
      return e.message.replace(/\s*\n\s*/g, " ");
  }
}

/** A command's error in one line (an internal error says so), and exit status 2. */
function failed(e: unknown, command?: string, args: readonly string[] = []): number {
  const usage = e instanceof UsageError ? e.message : parserError(e, command, args);
  const message = usage ?? say("cli.internalError", { message: (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, " ") });
  printError(`cnn-designer: ${printable(message)}\n`);
  if (usage === undefined && process.env.CNN_DESIGNER_DEBUG) printError(`${(e as Error).stack}\n`);
  return 2;
}

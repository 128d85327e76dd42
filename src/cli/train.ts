/**
 * `cnn-designer train FILE`: runs the same trainer process as VS Code and prints its log (or, with --json, one
 * event per line). Ctrl+C, which a terminal sends to the trainer too, stops at the next batch end with the run
 * evaluated and saved; a second Ctrl+C stops as soon as the trainer can act, saving what was trained without the
 * evaluation; a third ends the trainer at once (the run keeps its last checkpoint). SIGTERM and SIGHUP stop at
 * once, as the second Ctrl+C does, and so does a standard output that goes away (`| head`). After an interruption
 * the exit status is 128 + the signal's number. On a machine of a run across machines that does not write the run,
 * the first Ctrl+C stops the whole group and the second leaves at once.
 */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatMessage, msg, printable, stoppedEarly, type Catalogue } from "../core";
import { FileError } from "../node/files";
import { readUserText } from "../node/readFiles";
import { backendNames, type BackendName, type TrainerEvent } from "../protocol/trainer";
import { startTrainer, type TrainerRun } from "../runner/trainerClient";
import { jsonText, onOutputClosed, print, printError } from "./output";
import { choice, positiveInt, UsageError } from "./usage";
import { catalogue, say, terminalLanguage, toolCatalogue } from "./messages";

/** The exit status after a signal, as shells report it. */
const signalStatus = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129, SIGPIPE: 141 } as const;

/** torchrun's --nnodes, --rdzv-endpoint and --rdzv-id: a run across machines, or undefined for one. */
function machineOptions(nnodes: string | undefined, endpoint: string | undefined, id: string | undefined) {
  const count = positiveInt(nnodes, "--nnodes") ?? 1;
  if (count === 1) {
    if (endpoint !== undefined || id !== undefined) throw new UsageError(say("cli.rdzvNeedsNodes"));
    return undefined;
  }
  if (endpoint === undefined) throw new UsageError(say("cli.nodesNeedEndpoint"));
  if (endpoint.trim() === "") throw new UsageError(say("cli.endpointEmpty"));
  // HOST alone (or an IPv6 address in brackets) meets at torchrun's port; anything else the trainer checks as given.
  return { count, endpoint: endpoint.includes(":") && !/^\[.*\]$/.test(endpoint) ? endpoint : `${endpoint}:29400`, id };
}

/** Parses the arguments (throwing UsageError), then trains; resolves to the exit status. */
export function train(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      epochs: { type: "string" },
      samples: { type: "string" },
      backend: { type: "string" },
      "runs-dir": { type: "string" },
      "module-path": { type: "string", multiple: true },
      python: { type: "string" },
      gpu: { type: "string" },
      resume: { type: "string" },
      distribute: { type: "boolean" },
      "nproc-per-node": { type: "string" },
      nnodes: { type: "string" },
      "rdzv-endpoint": { type: "string" },
      "rdzv-id": { type: "string" },
    },
  });
  if (positionals.length !== 1) throw new UsageError(say("cli.takesOneFile", { command: "train" }));
  const backend = choice<BackendName>(values.backend, backendNames, "--backend");
  const modelPath = resolve(positionals[0]);
  let modelText: string;
  try {
    modelText = readUserText(modelPath, msg("files.theModel"));
  } catch (e) {
    if (e instanceof FileError) throw new UsageError(e.message.replace(modelPath, positionals[0]));
    throw e;
  }
  const epochs = positiveInt(values.epochs, "--epochs");
  const samples = positiveInt(values.samples, "--samples");
  const distribute = values.distribute ? (positiveInt(values["nproc-per-node"], "--nproc-per-node") ?? 2) : undefined;
  if (values.resume === "") throw new UsageError(say("cli.resumeEmpty"));
  // A run's folder, as the shell gave it: from the current directory (the trainer resolves the rest from the model's).
  const resume = values.resume === undefined ? undefined : resolve(values.resume);
  if (resume !== undefined && values["runs-dir"] !== undefined) throw new UsageError(say("cli.resumeNoRunsDir"));
  if (values.gpu !== undefined && !/^\d+$/.test(values.gpu)) throw new UsageError(say("cli.gpuIndex", { value: values.gpu }));
  for (const option of ["nproc-per-node", "nnodes", "rdzv-endpoint", "rdzv-id"] as const)
    if (values[option] !== undefined && !values.distribute) throw new UsageError(say("cli.needsDistribute", { option }));
  const machines = machineOptions(values.nnodes, values["rdzv-endpoint"], values["rdzv-id"]);
  const gpu = values.gpu === undefined ? undefined : Number(values.gpu);
  const json = values.json === true;
  return new Promise((done) => {
    let status = 1;
    let interrupted: keyof typeof signalStatus | null = null;
    // Whether an interruption ended the run: a Stop that cut training short, one before training began, a kill.
    let endedByStop = false;
    const print1 = (e: TrainerEvent) => {
      if (json) print(`${jsonText(e)}\n`);
      else if (e.type === "log") print(`${e.line}\n`);
      else if (e.type === "end") print(`${say("cli.runWritten", { folder: e.runDir })}\n`);
      else if (e.type === "error") printError(`cnn-designer: ${printable(e.message)}\n`);
    };
    // Set once the trainer starts, after the handlers below are listening (they may run before it is).
    // eslint-disable-next-line prefer-const -- assigned after the closures that read it are made
    let run: TrainerRun | undefined;
    let interrupts = 0;
    // Whether training has begun (the start event came): before it, a Stop leaves nothing behind.
    let began = false;
    // On a machine of a run across machines that does not write it: the host whose trainer does.
    let lead: string | undefined;
    const interrupt = () => {
      interrupted = "SIGINT";
      interrupts++;
      if (lead !== undefined) {
        // The run is another machine's: a Stop is agreed on by every rank; leaving at once fails the others.
        if (interrupts === 1) {
          printError(`${say("cli.stopEveryMachine", { lead })}\n`);
          run?.stop(null);
        } else {
          printError(`${say("cli.leaveNow", { lead })}\n`);
          interrupts = 3;
          run?.kill();
        }
        return;
      }
      if (interrupts === 1) {
        printError(`${began ? say("cli.stopAtBatchEnd") : say("cli.stopBeforeTraining")}\n`);
        run?.stop(null);
      } else if (interrupts === 2) {
        printError(`${say("cli.stopSoon")}\n`);
        run?.stopNow(null);
      } else {
        printError(`${say("cli.endNow")}\n`);
        run?.kill();
      }
    };
    const terminate = (signal: "SIGTERM" | "SIGHUP") => () => {
      interrupted = signal;
      run?.stopNow();
    };
    const handlers: [NodeJS.Signals, () => void][] = [
      ["SIGINT", interrupt],
      ["SIGTERM", terminate("SIGTERM")],
      ["SIGHUP", terminate("SIGHUP")],
    ];
    // Listening before the trainer starts: a Ctrl+C at any moment from here on is this command's to handle.
    for (const [signal, handler] of handlers) process.on(signal, handler);
    run = startTrainer(
      join(__dirname, "trainer.js"),
      {
        modelPath,
        modelText,
        epochs,
        samples,
        backend,
        // From the current directory, as the shell gave it: "Run written to" then says where, whatever the cwd.
        runsDir: values["runs-dir"] === undefined ? undefined : resolve(values["runs-dir"]),
        modulePaths: values["module-path"],
        python: values.python,
        gpu,
        resume,
        distribute,
        // The log's own lines in the terminal's language, as the CLI's.
        language: terminalLanguage(),
        machines,
      },
      {
        event: (e) => {
          if (e.type === "start") began = true;
          if (e.type === "member") lead = e.lead;
          if (e.type === "end" || e.type === "memberEnd") status = 0;
          if (e.type === "error") status = e.usage ? 2 : 1;
          if (
            (e.type === "end" && e.stopped && e.stopReason !== null && !stoppedEarly(e.stopReason)) ||
            (e.type === "error" && e.stopped) ||
            (e.type === "memberEnd" && e.stopped)
          )
            endedByStop = true;
          print1(e);
        },
        // tfjs' notices go to stderr, never into the JSON stream.
        output: (line) => printError(`${line}\n`),
        exit: (_code, _signal, died) => {
          for (const [signal, handler] of handlers) process.off(signal, handler);
          // A SIGTERM or SIGHUP gives the trainer 10 s to stop (a long batch may not end sooner), then kills it.
          const killedAfterSignal = Boolean(died) && interrupted !== null && interrupted !== "SIGINT";
          if (died) {
            // (--json in English, as tools read it.)
            const said = (c: Catalogue) =>
              killedAfterSignal ? formatMessage(msg("cli.killedAfterSignal", { signal: String(interrupted), reason: died }), c) : died;
            if (json) print(`${jsonText({ type: "error", message: said(toolCatalogue), usage: false })}\n`);
            else printError(`cnn-designer: ${said(catalogue)}\n`);
            status = 1;
          }
          // Interrupted: the signal's status when the interruption ended the run (saved, stopped before training
          // began, ended by a third Ctrl+C, or killed when it did not stop in time); a run that finished before
          // the Stop could act exits as it ended.
          done(interrupted && (endedByStop || interrupts > 2 || killedAfterSignal) ? signalStatus[interrupted] : status);
        },
      },
    );
    // Standard output gone (`| head`) or full: nobody sees the log any more; the run stops and is saved.
    onOutputClosed(() => {
      interrupted ??= "SIGPIPE";
      run?.stopNow();
    });
  });
}

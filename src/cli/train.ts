/**
 * `cnn-designer train FILE`: runs the same trainer process as VS Code and prints its log (or, with --json, one
 * event per line). Ctrl+C asks for a stop at the next batch end; a second Ctrl+C ends the process.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { BackendName, TrainerEvent } from "../protocol/trainer";
import { startTrainer } from "../trainer/client";

const backends: readonly BackendName[] = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"];

/** A bad command line: exit status 2 with the message. */
export class TrainUsageError extends Error {}

const positive = (v: string | undefined, flag: string) => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new TrainUsageError(`${flag} must be a positive integer, got '${v}'`);
  return n;
};

/** Parses the arguments (throwing TrainUsageError), then trains; resolves to the exit status. */
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
    },
  });
  if (positionals.length !== 1) throw new TrainUsageError("train takes exactly one FILE");
  const backend = values.backend as BackendName | undefined;
  if (backend !== undefined && !backends.includes(backend))
    throw new TrainUsageError(`--backend must be one of ${backends.join(", ")}, got '${backend}'`);
  const modelPath = resolve(positionals[0]);
  let modelText: string;
  try {
    modelText = readFileSync(modelPath, "utf8");
  } catch (e) {
    throw new TrainUsageError(
      `cannot read '${positionals[0]}': ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(e)}`,
    );
  }
  const epochs = positive(values.epochs, "--epochs");
  const samples = positive(values.samples, "--samples");
  const json = values.json === true;
  return new Promise((done) => {
    let status = 1;
    const print = (e: TrainerEvent) => {
      if (json) process.stdout.write(`${JSON.stringify(e)}\n`);
      else if (e.type === "log") process.stdout.write(`${e.line}\n`);
      else if (e.type === "end") process.stdout.write(`Run written to ${e.runDir}\n`);
      else if (e.type === "error") process.stderr.write(`cnn-designer: ${e.message}\n`);
    };
    const run = startTrainer(
      join(__dirname, "trainer.js"),
      { modelPath, modelText, epochs, samples, backend, runsDir: values["runs-dir"], modulePaths: values["module-path"] },
      {
        event: (e) => {
          if (e.type === "end") status = 0;
          if (e.type === "error") status = e.usage ? 2 : 1;
          print(e);
        },
        // tfjs' notices go to stderr, never into the JSON stream.
        output: (line) => process.stderr.write(`${line}\n`),
        exit: (_code, _signal, died) => {
          process.off("SIGINT", interrupt);
          if (died) {
            if (json) process.stdout.write(`${JSON.stringify({ type: "error", message: died, usage: false })}\n`);
            else process.stderr.write(`cnn-designer: ${died}\n`);
            status = 1;
          }
          done(status);
        },
      },
    );
    let interrupts = 0;
    const interrupt = () => {
      if (interrupts++ === 0) {
        process.stderr.write("Stopping at the end of this batch (Ctrl+C again to end it now)…\n");
        run.stop();
      } else run.kill();
    };
    process.on("SIGINT", interrupt);
  });
}

/**
 * The trainer process: started by `startTrainer` with an IPC channel, it waits for one start request, trains,
 * reports every step as an event and exits (0 trained, 1 failed, 2 a model or dataset to fix). It exits at
 * once when its parent goes away, so that closing VS Code leaves no orphan. Ctrl+C in a terminal reaches the whole
 * process group: the trainer leaves SIGINT to its parent, which asks for a Stop (then a Stop now) over IPC; SIGTERM
 * and SIGHUP, sent to it alone, stop it at once with what was trained saved.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { trainerProtocolVersion, type TrainerEvent, type TrainerRequest } from "../protocol/trainer";
import { watchParent } from "./orphanWatch";
import { runTraining } from "./train";
import { checkEnvironment } from "./doctor";
import { UsageProblem } from "./fitData";
import { writeRecipe } from "./recipe";
import { wasmThreads } from "./wasmThreads";
import { msg, say, setLogLanguage } from "./say";

/** The wasm threads, or `fallback` when CNN_DESIGNER_WASM_THREADS is not a number (a run says so; the check goes on). */
function threadsOr(fallback: number): number {
  try {
    return wasmThreads();
  } catch {
    return fallback;
  }
}

// `trainer.js --doctor OPTIONS`: the environment check, printed as JSON (src/runner/doctor.ts starts it).
if (process.argv[2] === "--doctor") {
  void checkEnvironment({ ...JSON.parse(process.argv[3] ?? "{}"), wasmDir: __dirname, wasmThreads: threadsOr(1) }).then((report) => {
    process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));
  });
} else if (process.argv[2] === "--recipe") {
  // `trainer.js --recipe` (the request on stdin): export --format pytorch-train's folder; the outcome printed as JSON.
  const dirs = { pytorchDir: join(__dirname, "pytorch"), builtinDir: join(__dirname, "datasets"), wasmDir: __dirname };
  // (The request comes on stdin: a model's text can be longer than a command line may be.)
  writeRecipe(JSON.parse(readFileSync(0, "utf8")), dirs).then(
    (files) => process.stdout.write(`${JSON.stringify({ ok: true, files })}\n`, () => process.exit(0)),
    (e: Error) =>
      process.stdout.write(`${JSON.stringify({ ok: false, usage: e instanceof UsageProblem, message: e.message })}\n`, () =>
        process.exit(e instanceof UsageProblem ? 2 : 1),
      ),
  );
} else serve();

/** Serves one start request from the parent, over IPC. */
function serve(): void {
  const send = (e: TrainerEvent) =>
    new Promise<void>((resolve) => (process.send ? process.send(e, undefined, {}, () => resolve()) : resolve()));

  if (!process.send) {
    process.stderr.write("The CNN Designer trainer runs as a child process; use `cnn-designer train FILE` or VS Code.\n");
    process.exit(2);
  }

  const stop = { stopRequested: false, abortRequested: false };
  let started = false;
  // Whether training has begun (the start event went out).
  let training = false;
  let exitCode = 0;

  process.on("disconnect", () => process.exit(exitCode || 1));
  // Should the event loop be busy when the parent goes, a worker thread ends the process all the same.
  watchParent();
  process.on("SIGINT", () => undefined);
  const stopNow = () => {
    if (!stop.abortRequested && training) void send({ type: "log", line: say(msg("run.stopping")) });
    stop.stopRequested = true;
    stop.abortRequested = true;
    if (!started) process.exit(1);
  };
  process.on("SIGTERM", stopNow);
  process.on("SIGHUP", stopNow);
  process.on("message", (m: TrainerRequest) => {
    switch (m.type) {
      case "stop":
        if (m.now) stopNow();
        else {
          if (!stop.stopRequested && training) void send({ type: "log", line: say(msg("run.stopRequested")) });
          stop.stopRequested = true;
        }
        break;
      case "start": {
        if (started) return;
        started = true;
        if (m.protocolVersion !== trainerProtocolVersion) {
          void send({
            type: "error",
            message: `trainer protocol ${m.protocolVersion} requested; this trainer speaks ${trainerProtocolVersion}`,
            usage: true,
          }).then(() => process.exit(2));
          return;
        }
        setLogLanguage(m.language);
        const pending: Promise<void>[] = [];
        void runTraining(
          m,
          (e) => {
            if (e.type === "error") exitCode = e.usage ? 2 : 1;
            // (A Stop before the start event ends the run before training: no batch to finish.)
            if (e.type === "start" || e.type === "member") training = true;
            pending.push(send(e));
          },
          stop,
          { builtinDir: join(__dirname, "datasets"), wasmDir: __dirname, pytorchDir: join(__dirname, "pytorch") },
        ).then(async () => {
          await Promise.all(pending);
          process.exit(exitCode);
        });
        break;
      }
    }
  });
}

/**
 * `cnn-designer export FILE --format pytorch-train -o DIR [--force]`: a folder with a standalone PyTorch training of
 * the model (train.py, run by python or torchrun; see src/trainer/recipe.ts). The trainer process writes it: the
 * initial weights are drawn by the same code as `train`'s.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { msg } from "../core";
import { readUserText } from "../node/readFiles";
import { printError } from "./output";
import { UsageError } from "./usage";
import { say } from "./messages";

/** Writes the folder; resolves to the exit status (usage errors thrown as UsageError). */
export function exportTraining(file: string, out: string, force: boolean): number {
  const modelPath = resolve(file);
  let modelText: string;
  try {
    modelText = readUserText(modelPath, msg("files.theModel"));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const outDir = resolve(out);
  if (existsSync(outDir)) {
    if (!statSync(outDir).isDirectory()) throw new UsageError(say("cli.trainingFolderIsFile", { output: out }));
    if (readdirSync(outDir).length > 0 && !force) throw new UsageError(say("cli.trainingFolderNotEmpty", { output: out }));
  }
  const r = spawnSync(process.execPath, [join(__dirname, "trainer.js"), "--recipe"], {
    input: JSON.stringify({ modelPath, modelText, outDir }),
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (r.error) throw new Error(say("cli.recipeNotStarted", { reason: r.error.message }));
  let answer: { ok: boolean; usage?: boolean; message?: string; files?: string[] };
  try {
    answer = JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "");
  } catch {
    const reason = r.stderr.trim().split("\n").at(-1) || say("cli.exitStatus", { status: String(r.status) });
    throw new Error(say("cli.recipeFailed", { reason }));
  }
  if (!answer.ok) {
    if (answer.usage) throw new UsageError(say("cli.cannotExport", { reason: answer.message ?? "" }));
    throw new Error(answer.message);
  }
  printError(`${say("cli.exportedTraining", { file, output: out, script: join(out, "train.py") })}\n`);
  return 0;
}

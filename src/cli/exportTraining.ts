/**
 * `cnn-designer export FILE --format pytorch-train -o DIR [--force]`: a folder with a standalone PyTorch training of
 * the model (train.py, run by python or torchrun; see src/trainer/recipe.ts). The trainer process writes it: the
 * initial weights are drawn by the same code as `train`'s.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { printable } from "../core";
import { readUserText } from "../node/readFiles";
import { printError } from "./output";
import { UsageError } from "./usage";

/** Writes the folder; resolves to the exit status (usage errors thrown as UsageError). */
export function exportTraining(file: string, out: string, force: boolean): number {
  const modelPath = resolve(file);
  let modelText: string;
  try {
    modelText = readUserText(modelPath, "the model");
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const outDir = resolve(out);
  if (existsSync(outDir)) {
    if (!statSync(outDir).isDirectory()) throw new UsageError(`${out} is a file: --format pytorch-train writes a folder`);
    if (readdirSync(outDir).length > 0 && !force) throw new UsageError(`${out} is not empty (--force writes into it)`);
  }
  const r = spawnSync(process.execPath, [join(__dirname, "trainer.js"), "--recipe"], {
    input: JSON.stringify({ modelPath, modelText, outDir }),
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (r.error) throw new Error(`the trainer could not be started to write the recipe: ${r.error.message}`);
  let answer: { ok: boolean; usage?: boolean; message?: string; files?: string[] };
  try {
    answer = JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "");
  } catch {
    throw new Error(`the trainer could not write the recipe: ${r.stderr.trim().split("\n").at(-1) ?? `exit status ${r.status}`}`);
  }
  if (!answer.ok) {
    if (answer.usage) throw new UsageError(`cannot export: ${answer.message}`);
    throw new Error(answer.message);
  }
  printError(
    `exported ${printable(file)} as a PyTorch training to ${printable(out)}: python ${printable(join(out, "train.py"))} (or torchrun … train.py)\n`,
  );
  return 0;
}

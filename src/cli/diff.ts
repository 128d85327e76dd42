/**
 * `cnn-designer diff`: what changed between two model files, or between a file and a git revision of it — for a
 * terminal, a pull-request comment (--markdown) or a machine (--json).
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { analyze, diffJson, diffModels, formatDiff, formatDiffMarkdown, msg } from "../core";
import { readAtRevision } from "../node/gitShow";
import { readUserText } from "../node/readFiles";
import { jsonText, print } from "./output";
import { asUsage, positiveInt, UsageError } from "./usage";
import { say } from "./messages";

/** A side of the diff: a file, or `REV:PATH` (a git revision's version of PATH) where no such file exists. */
function side(arg: string): { label: string; text: string } {
  const at = /^([^:]+):(.+)$/.exec(arg);
  const text = asUsage(() => (at && !existsSync(arg) ? readAtRevision(at[1], at[2]) : readUserText(arg, msg("files.theModel"))));
  return { label: arg, text };
}

/** Runs `diff`: exit status 0 (1 with --exit-code when the models differ), 2 when a side cannot be read. */
export function diffCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      markdown: { type: "boolean" },
      rev: { type: "string" },
      "exit-code": { type: "boolean" },
      "batch-size": { type: "string" },
    },
  });
  if (values.json && values.markdown) throw new UsageError(say("cli.diffJsonOrMarkdown"));
  let sides: [{ label: string; text: string }, { label: string; text: string }];
  if (positionals.length === 1) {
    // One file: its committed version (HEAD, or --rev) against the file as it is.
    // The file on disk is read first: a folder or a missing file is said as such, not as missing from the revision.
    const file = positionals[0];
    const rev = values.rev ?? "HEAD";
    const now = side(file);
    sides = [{ label: `${rev}:${file}`, text: asUsage(() => readAtRevision(rev, file)) }, now];
  } else if (positionals.length === 2 && values.rev !== undefined) throw new UsageError(say("cli.diffRevWithTwo"));
  else if (positionals.length === 2) sides = [side(positionals[0]), side(positionals[1])];
  else throw new UsageError(say("cli.diffSides"));
  const batchSize = positiveInt(values["batch-size"], "--batch-size");
  const [a, b] = sides.map((s) => analyze(s.text, { batchSize }));
  const d = diffModels(a, b);
  const [from, to] = sides.map((s) => s.label);
  if (values.json) print(`${jsonText({ from, to, ...diffJson(d) }, 2)}\n`);
  else if (values.markdown) print(`${formatDiffMarkdown(d, from, to)}\n`);
  else print(`${formatDiff(d, from, to)}\n`);
  return values["exit-code"] && (d.changes.length > 0 || d.model.length > 0) ? 1 : 0;
}

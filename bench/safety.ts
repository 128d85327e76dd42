/**
 * `npm run bench:safety`: every safety case of the safety issue (#12), run, and counted per class as
 * `safety cases handled: N/N`; then every hostile input of the hardening issue (#14), each run as a process with its
 * peak memory and time, counted per class as `hostile inputs handled: N/N`. A case is a test whose title carries its class in brackets (`[interrupt]`); the
 * tests are the proof, this report runs them together. With `--vscode`, the cases inside the real VS Code (the
 * extension host's and the workbench's) run too, through the same harness as `npm test`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Mocha from "mocha";
import { hostileCases, hostileClasses, type HostileClass } from "../test/helpers/hostileCases";
import { runHostile } from "../test/helpers/hostileRunner";

const root = join(__dirname, "..", "..");
const classes = {
  "fresh-machine": "npm test on a fresh machine: no npm variables inherited, packages named, never sudo",
  interrupt: "Ctrl+C and SIGTERM to a real process group: stop at the batch end, then at once, then kill",
  overwrite: "outputs never an input or a run's file; --force; atomic writes on a full disk",
  "run-folder": "status, metrics and checkpoints after every epoch; a full disk anywhere; a killed run",
  "non-finite": "NaN and infinity in the data refused by index; TerminateOnNaN",
  leak: "a run's weights only from regular files inside its folder, of the declared size",
  escapes: "control characters in names and paths never reach a terminal raw",
  prototype: "names every JavaScript object has, in every place a model names something",
  codegen: "72 hostile names through every exporter, parsed and imported in Python",
  "vscode-surfaces": "names as text in the webviews, hovers, trees, quick picks and notifications",
  hangs: "a trainer whose parent dies while its event loop is busy ends all the same",
} as const;
type SafetyClass = keyof typeof classes;

const files = [
  "cli/setup",
  "cli/interrupt",
  "cli/outputs",
  "cli/fullDisk",
  "cli/checkpoint",
  "cli/nonFinite",
  "cli/runWeights",
  "cli/orphan",
  "cli/escapes",
  "core/prototypeNames",
  "interop/hostileNames",
  "webview/hostileText",
].map((f) => join(root, "out", "test", `${f}.test.js`));

const counts = new Map<SafetyClass, { passed: number; failed: string[]; skipped: number }>(
  (Object.keys(classes) as SafetyClass[]).map((c) => [c, { passed: 0, failed: [], skipped: 0 }]),
);
const classOf = (title: string) => (/\[([a-z-]+)\]/.exec(title)?.[1] ?? "") as SafetyClass;
const count = (title: string, outcome: "passed" | "failed" | "skipped") => {
  const c = counts.get(classOf(title));
  if (!c) return;
  if (outcome === "failed") c.failed.push(title);
  else c[outcome]++;
};

/** The cases inside VS Code: the extension host's and the workbench's, from the harness's spec output. */
function runVsCode(): void {
  const r = spawnSync(process.execPath, [join(root, "out", "test", "vscode", "run.js")], {
    encoding: "utf8",
    env: { ...process.env, CNN_SUITE_GREP: "vscode-surfaces", CNN_UI_GREP: "vscode-surfaces" },
  });
  const out = `${r.stdout}\n${r.stderr}`;
  for (const line of out.split("\n")) {
    if (/^\s*(✔|✓) \[vscode-surfaces\]/.test(line)) count(line, "passed");
    else if (/^\s*\d+\) \[vscode-surfaces\]/.test(line)) count(line, "failed");
  }
}

async function main(): Promise<void> {
  // --hostile-only: the hostile inputs alone (a minute), without the safety suites (several).
  if (process.argv.includes("--hostile-only")) {
    process.exitCode = (await runHostileInputs()) ? 1 : 0;
    return;
  }
  const mocha = new Mocha({ timeout: 300_000, reporter: "dot" });
  for (const f of files) mocha.addFile(f);
  await new Promise<void>((done) => {
    const runner = mocha.run(() => done());
    runner.on("pass", (t) => count(t.fullTitle(), "passed"));
    runner.on("fail", (t) => count(t.fullTitle(), "failed"));
    runner.on("pending", (t) => count(t.fullTitle(), "skipped"));
  });
  if (process.argv.includes("--vscode")) runVsCode();
  console.log(
    `\nSafety report (${new Date().toISOString().slice(0, 10)}; ${process.argv.includes("--vscode") ? "with" : "without"} the VS Code cases)`,
  );
  let failed = 0;
  for (const [name, c] of counts) {
    const total = c.passed + c.failed.length + c.skipped;
    failed += c.failed.length + c.skipped;
    console.log(
      `  ${name.padEnd(16)} safety cases handled: ${c.passed}/${total}${c.skipped ? ` (${c.skipped} not run)` : ""}  ${classes[name]}`,
    );
    for (const f of c.failed) console.log(`      failed: ${f}`);
  }
  failed += await runHostileInputs();
  process.exitCode = failed ? 1 : 0;
}

/** Runs every hostile input of the hardening issue; prints each class, each case's peak memory and time; returns the failures. */
async function runHostileInputs(): Promise<number> {
  const only = process.argv.find((a) => a.startsWith("--class="))?.slice("--class=".length);
  console.log(`\nHostile inputs (${new Date().toISOString().slice(0, 10)}; peak: the largest resident set of the CLI and its trainer)`);
  let failures = 0;
  for (const name of Object.keys(hostileClasses) as HostileClass[]) {
    if (only && only !== name) continue;
    const lines: string[] = [];
    let handled = 0;
    const cases = hostileCases.filter((c) => c.class === name);
    for (const c of cases) {
      const dir = mkdtempSync(join(tmpdir(), "cnn-hostile-"));
      const r = await runHostile(c.setup(dir), dir, { seconds: c.seconds ?? 30, megabytes: c.megabytes ?? 700 });
      rmSync(dir, { recursive: true, force: true });
      const said = `${r.stdout}\n${r.stderr}`;
      const ok = !r.killed && r.status === c.status && c.says.test(said) && !/internal error/.test(said) && !c.also?.(r);
      if (ok) handled++;
      const figures = `${r.seconds.toFixed(2).padStart(6)} s ${Math.round(r.peakMB).toString().padStart(5)} MB`;
      lines.push(
        `      ${ok ? "ok    " : "FAILED"} ${figures}  ${c.name}${ok ? "" : `: exit ${r.status}${r.killed ? `, over its ${r.killed} limit` : ""}; ${said.trim().split("\n")[0].slice(0, 160)}`}`,
      );
    }
    failures += cases.length - handled;
    console.log(`  ${name.padEnd(16)} hostile inputs handled: ${handled}/${cases.length}  ${hostileClasses[name]}`);
    for (const line of lines) console.log(line);
  }
  return failures;
}

void main();

/**
 * `npm run bench:activation`: the extension host's bundle size and how long CNN Designer takes to load and
 * activate in a real VS Code (code-server, the packaged .vsix), over several fresh windows. Goals: < 1 MB,
 * < 50 ms. The peer is VS Code itself: the time from opening the window until the extension host has run the
 * probe, so the ratio says what share of that start-up is ours.
 */
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageExtension, repoRoot, startCodeServer } from "../test/vscode/codeServer";
import { runInExtensionHost } from "../test/vscode/run";

async function main(): Promise<void> {
  const bundle = statSync(join(repoRoot, "dist", "extension.js")).size;
  const scratch = mkdtempSync(join(tmpdir(), "cnn-bench-"));
  const server = await startCodeServer(packageExtension(scratch), join(repoRoot, "test", "vscode", "fixture"));
  const runs: { loadMs: number; activateMs: number; windowMs: number }[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      const out = join(scratch, `run-${i}.json`);
      const t = Date.now();
      const code = await runInExtensionHost(server, join(__dirname, "activationProbe.js"), { CNN_DESIGNER_BENCH_OUT: out });
      if (code !== 0) throw new Error(`the probe failed (exit ${code})`);
      const r = JSON.parse(readFileSync(out, "utf8")) as { loadMs: number; activateMs: number };
      runs.push({ ...r, windowMs: Date.now() - t });
    }
  } finally {
    await server.stop();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const load = median(runs.map((r) => r.loadMs));
  const activate = median(runs.map((r) => r.activateMs));
  const window = median(runs.map((r) => r.windowMs));
  console.log(`extension host bundle: ${(bundle / 1024).toFixed(1)} KiB (goal < 1 MB)`);
  console.log(
    `load ${load.toFixed(1)} ms + activate ${activate.toFixed(1)} ms = ${(load + activate).toFixed(1)} ms (goal < 50 ms; medians of ${runs.length} windows)`,
  );
  console.log(`share of the window's start-up (${window} ms until the probe ran): ${(((load + activate) / window) * 100).toFixed(2)}%`);
}

void main();

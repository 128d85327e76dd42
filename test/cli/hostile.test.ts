/**
 * Every hostile input of the hardening issue (#14), at the process boundary: real FIFOs, links to /dev/zero,
 * decompression bombs, JSON nested 100,000 deep… Each case must end within its time and memory (the whole
 * process family watched, the trainer included), with the exit status and the message a careful tool gives.
 */
import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "../helpers/cliProcess";
import { hostileCases } from "../helpers/hostileCases";
import { runHostile } from "../helpers/hostileRunner";

describe("[hostile] hostile and careless inputs at the process boundary", () => {
  for (const c of hostileCases) {
    it(`[${c.class}] ${c.name}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "cnn-hostile-"));
      try {
        const args = c.setup(dir);
        const r = await runHostile(args, dir, { seconds: c.seconds ?? 30, megabytes: c.megabytes ?? 700 });
        const said = `${r.stdout}\n${r.stderr}`;
        assert.equal(
          r.killed,
          undefined,
          `stopped over its ${r.killed} limit (${r.seconds} s, ${Math.round(r.peakMB)} MB): ${said.slice(0, 400)}`,
        );
        assert.equal(r.status, c.status, said.slice(0, 800));
        assert.ok(c.says.test(said), `${c.says} not in: ${said.length > 2000 ? `${said.slice(0, 1000)} … ${said.slice(-1000)}` : said}`);
        const crash = /internal error|at .*\.js:\d+|RangeError|TypeError/.exec(said);
        assert.equal(crash, null, `an internal error or a stack: ${crash?.input.slice(Math.max(0, crash.index - 200), crash.index + 200)}`);
        const also = c.also?.(r);
        assert.equal(also, undefined, also);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it("[usage] check and summary, which write nothing, end at once on SIGTERM, however long their file takes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-hostile-"));
    try {
      const n = 100_000;
      const layers = [
        { type: "Input", shape: [8] },
        ...Array.from({ length: n }, (_, i) => ({ type: "Dense", units: 1, inputs: [`nope${i}`] })),
      ];
      writeFileSync(join(dir, "m.cnn.json"), JSON.stringify({ version: 1, layers }));
      for (const command of ["check", "summary"]) {
        const child = spawn(process.execPath, [cli, command, join(dir, "m.cnn.json")], { stdio: "ignore" });
        await new Promise((r) => setTimeout(r, 700));
        const sent = Date.now();
        child.kill("SIGTERM");
        const [status, signal] = await new Promise<[number | null, string | null]>((r) => child.on("close", (c, s) => r([c, s])));
        assert.equal(signal, "SIGTERM", `${command} ended with status ${status}`);
        assert.ok(Date.now() - sent < 1500, `${command} took ${Date.now() - sent} ms to end`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("[overwrite] export --force over a setuid file writes a file without setuid, setgid or sticky bits", () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-hostile-"));
    try {
      writeFileSync(
        join(dir, "m.cnn.json"),
        JSON.stringify({
          version: 1,
          layers: [
            { type: "Input", shape: [4] },
            { type: "Dense", units: 2 },
          ],
        }),
      );
      writeFileSync(join(dir, "o.py"), "old");
      chmodSync(join(dir, "o.py"), 0o7755);
      const r = spawnSync(process.execPath, [
        cli,
        "export",
        join(dir, "m.cnn.json"),
        "--format",
        "keras",
        "-o",
        join(dir, "o.py"),
        "--force",
      ]);
      assert.equal(r.status, 0, String(r.stderr));
      assert.equal(statSync(join(dir, "o.py")).mode & 0o7777, 0o755);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Every hostile input of the hardening issue (#14), at the process boundary: real FIFOs, links to /dev/zero,
 * decompression bombs, JSON nested 100,000 deep… Each case must end within its time and memory (the whole
 * process family watched, the trainer included), with the exit status and the message a careful tool gives.
 */
import * as assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
});

/**
 * [hangs] A trainer whose parent dies while its event loop is busy (a long synchronous step, where the IPC
 * `disconnect` event cannot run) ends all the same: the worker thread of `watchParent` kills it. A child without
 * the watch, busy the same way, is the control: it stays, orphaned under PID 1.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { alive, root } from "../helpers/cliProcess";

const watch = join(root, "out", "src", "trainer", "orphanWatch.js");

/** Starts a parent that starts a busy child (with or without the watch), prints its pid and exits; returns the child's pid. */
function orphan(watched: boolean): number {
  const child = `${watched ? `require(${JSON.stringify(watch)}).watchParent(1000, 100);` : ""} setTimeout(() => { for (;;); }, 200);`;
  const parent = `
    const { spawn } = require("node:child_process");
    const c = spawn(process.execPath, ["-e", ${JSON.stringify(child)}], { stdio: "ignore", detached: true });
    console.log(c.pid);
    setTimeout(() => process.kill(process.pid, "SIGKILL"), 600);`;
  const r = spawnSync(process.execPath, ["-e", parent], { encoding: "utf8" });
  return Number(r.stdout.trim());
}

const waitFor = async (ok: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; Date.now() < end && !ok();) await new Promise((r) => setTimeout(r, 100));
  return ok();
};

describe("[hangs] no trainer outlives its parent", () => {
  it("[hangs] a busy child whose parent was killed ends within seconds with the watch, and stays without it", async () => {
    const watched = orphan(true);
    const control = orphan(false);
    try {
      assert.ok(watched > 0 && control > 0);
      assert.equal(await waitFor(() => !alive(watched), 8000), true, "the watched child ended");
      assert.equal(alive(control), true, "the control, busy without the watch, is still running");
    } finally {
      for (const pid of [watched, control])
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // gone
        }
    }
  });
});

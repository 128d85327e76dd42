/**
 * [distributed] A run across machines: two `train --distribute --nnodes 2 --rdzv-endpoint 127.0.0.1:PORT`
 * launchers on this machine meet at torchrun's c10d rendezvous as two "nodes" (gloo over the loopback address). One
 * trainer writes the run, the other says whose it is; the result is the one-machine run with as many processes.
 */
import * as assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EndEvent, ErrorEvent, MemberEndEvent, StartEvent, TrainerEvent } from "../../src/protocol/trainer";
import { alive, descendants, python, root, startInGroup, type GroupRun } from "../helpers/cliProcess";

/** What a launcher said: its error event and its standard error. */
const said = (r: { events: TrainerEvent[]; stderr: string }) =>
  `${JSON.stringify(r.events.filter((e) => e.type === "error" || e.type === "log").slice(-8))}\n${r.stderr}`;

/** A TCP port free on the loopback address now. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

const template = join(root, "examples", "mnist-convnet.cnn.json");
const weights = (runDir: string) => new Float32Array(readFileSync(join(runDir, "weights.bin")).buffer.slice(0));

describe("[distributed] train --distribute --nnodes 2: two launchers meet on the loopback address", function () {
  this.timeout(600_000);
  const runs = mkdtempSync(join(tmpdir(), "cnn-machines-"));
  // (A resumed run goes on in its own folder: no --runs-dir then.)
  const train = (dir: string | null, ...more: string[]) => trainWith(1, dir, ...more);
  /** The same with `processes` on this machine. */
  const trainWith = (processes: number, dir: string | null, ...more: string[]) => [
    "train",
    "--json",
    ...(dir === null ? [] : ["--runs-dir", join(runs, dir)]),
    "--python",
    python,
    "--samples",
    "2000",
    "--epochs",
    "2",
    "--distribute",
    "--nproc-per-node",
    String(processes),
    ...more,
  ];
  /** The largest difference between two runs' weights. */
  const largestDifference = (a: string, b: string) => {
    const [x, y] = [weights(a), weights(b)];
    assert.equal(x.length, y.length);
    return x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i])), 0);
  };
  let calls = 0;
  /** Two machines: `a` and `b`, each with a runs folder of its own (new at each call) and its options. */
  async function machines(a: string[], b: string[]) {
    const endpoint = `127.0.0.1:${await freePort()}`;
    const where = ["--nnodes", "2", "--rdzv-endpoint", endpoint, "--rdzv-id", "test"];
    calls++;
    const args = [...train(b.includes("--resume") ? null : `${calls}/b`, ...where), ...b];
    let second: GroupRun | undefined;
    // The second starts once the first has started torchrun: the rendezvous ranks machines by host, then by the
    // agent's pid, so the second gets rank 1.
    const first = startInGroup([...train(`${calls}/a`, ...where), ...a], (e) => {
      if (e.type === "log" && e.line.startsWith("Waiting for") && !second) setTimeout(() => (second = startInGroup(args)), 500);
    });
    const one = await first.done;
    // (A first that failed before waiting never started the second.)
    return [one, second ? await second.done : one] as const;
  }

  it("one writes the run, the other says so; the weights are those of 2 processes on one machine", async () => {
    const [a, b] = await machines([template], [template]);
    assert.equal(a.status, 0, said(a));
    assert.equal(b.status, 0, said(b));
    const ends = [a, b].map((r) => r.events.find((e) => e.type === "end" || e.type === "memberEnd"));
    const lead = ends.find((e): e is EndEvent => e?.type === "end");
    const member = ends.find((e): e is MemberEndEvent => e?.type === "memberEnd");
    assert.ok(lead && member, `one end and one memberEnd: ${JSON.stringify(ends)}`);
    // One run folder in all, the lead's; a start event only there.
    const folders = ["1/a", "1/b"].flatMap((d) => (existsSync(join(runs, d)) ? readdirSync(join(runs, d)) : []));
    assert.equal(folders.length, 1);
    const leadRun = [a, b].find((r) => r.events.includes(lead)) as typeof a;
    const memberRun = [a, b].find((r) => r.events.includes(member)) as typeof a;
    assert.equal(memberRun.events.filter((e) => e.type === "start").length, 0);
    assert.ok(
      memberRun.events.some(
        (e) => e.type === "log" && /^This machine runs rank 1 of 2, on 2 machines; the trainer on \S+ writes the run/.test(e.line),
      ),
    );
    assert.ok(
      leadRun.events.some(
        (e) => e.type === "log" && e.line.startsWith("Distributed: 2 processes (torch.distributed under torchrun) on 2 machines"),
      ),
    );
    assert.equal(leadRun.events.filter((e) => e.type === "epochEnd").length, 2);

    // The same run on one machine with two processes: the same shares of the same batches, the same sums.
    const one = await startInGroup(trainWith(2, "one", template)).done;
    assert.equal(one.status, 0, one.stderr);
    const single = one.events.find((e): e is EndEvent => e.type === "end") as EndEvent;
    const worst = largestDifference(lead.runDir, single.runDir);
    console.log(`      largest weight difference from one machine with 2 processes: ${worst.toExponential(2)}`);
    assert.ok(worst <= 1e-5, `weights differ by ${worst}`);
    assert.ok(Math.abs((lead.test?.accuracy ?? 0) - (single.test?.accuracy ?? 1)) <= 1e-6);
  });

  it("the machine that resumes the run writes it, started second or not", async () => {
    const both = await machines(["--epochs", "1", template], ["--epochs", "1", template]);
    const again = (both.flatMap((r) => r.events).find((e) => e.type === "end") as EndEvent).runDir;
    // The same run, to resume on one machine with 2 processes: the weights to compare with.
    const copy = `${again}-copy`;
    cpSync(again, copy, { recursive: true });
    // The other machine (without the run) starts first; the resuming one joins second and still leads.
    const [x, y] = await machines([template], ["--resume", again, template]);
    assert.equal(x.status, 0, said(x));
    assert.equal(y.status, 0, said(y));
    assert.ok(x.events.some((e) => e.type === "memberEnd"));
    const member = x.events.find((e) => e.type === "member");
    assert.ok(member?.type === "member" && member.ranks === 1 && member.processes === 2);
    // It got rank 1, joining second: the lead is elected, not rank 0.
    assert.equal(member.first, 0);
    const start = y.events.find((e): e is StartEvent => e.type === "start") as StartEvent;
    assert.equal(start.runDir, again);
    assert.equal(start.resumedFrom, 1);
    assert.deepEqual(
      y.events.filter((e) => e.type === "epochEnd").map((e) => (e.type === "epochEnd" ? e.epoch : 0)),
      [2],
    );
    // It went on from the checkpoint's weights, not rank 0's fresh ones: as one machine resuming it does.
    // (Its recorded --samples 2000 and --epochs 2, as the machines were given.)
    const one = await startInGroup(trainWith(2, null, "--resume", copy, template)).done;
    assert.equal(one.status, 0, one.stderr);
    const worst = largestDifference(again, copy);
    assert.ok(worst <= 1e-5, `the resumed weights differ by ${worst} from one machine's`);
  });

  it("machines that hold different data both fail, saying how they differ", async () => {
    const [a, b] = await machines([template], ["--samples", "1500", template]);
    assert.equal(a.status, 1);
    assert.equal(b.status, 1);
    for (const r of [a, b]) {
      const error = r.events.find((e): e is ErrorEvent => e.type === "error") as ErrorEvent;
      assert.match(
        error.message,
        /the machines do not hold the same run: rank 0 has (1,620|1,215) training, (180|135) validation and (200|150) test samples; rank 1 has (1,215|1,620) training/,
      );
      // The cause in the rank's own words: no lines of torchrun's account of it.
      assert.ok(!r.events.some((e) => e.type === "log" && e.line.startsWith("python:")), said(r));
      assert.doesNotMatch(error.message, /Python's last output/);
    }
  });

  it("a Stop on a machine that does not write the run stops every rank, the run saved", async () => {
    const endpoint = `127.0.0.1:${await freePort()}`;
    const where = ["--nnodes", "2", "--rdzv-endpoint", endpoint];
    let signalled = false;
    // Whichever trainer leads reports the batches: the other machine gets the Ctrl+C.
    const runs2: GroupRun[] = [];
    const onEvent = (e: TrainerEvent, run: GroupRun) => {
      if (e.type === "batchEnd" && e.epoch === 1 && e.batch === 20 && !signalled) {
        signalled = true;
        runs2.find((r) => r !== run)?.signalGroup("SIGINT");
      }
    };
    runs2.push(startInGroup([...train("s", ...where), template], onEvent), startInGroup([...train("t", ...where), template], onEvent));
    const done = await Promise.all(runs2.map((r) => r.done));
    const l = done.find((r) => r.events.some((e) => e.type === "end"));
    const m = done.find((r) => r.events.some((e) => e.type === "memberEnd"));
    assert.ok(l && m, done.map((r) => r.stderr).join("\n"));
    assert.equal(m.status, 130, m.stderr);
    assert.ok(m.events.some((e) => e.type === "memberEnd" && e.stopped));
    const end = l.events.find((e): e is EndEvent => e.type === "end") as EndEvent;
    assert.equal(end.stopReason, "stop request");
    assert.equal(end.epochsRun, 1);
    assert.ok(existsSync(join(end.runDir, "model.json")));
  });

  it("a Ctrl+C while waiting for the other machines ends this one's part at once, leaving no process", async () => {
    const endpoint = `127.0.0.1:${await freePort()}`;
    let asked = 0;
    let pythons: number[] = [];
    const alone = startInGroup([...train("w", "--nnodes", "2", "--rdzv-endpoint", endpoint), template], (e, run) => {
      if (e.type === "log" && e.line.startsWith("Waiting for 2 machines") && !asked) {
        assert.match(e.line, /the others have 10 minutes to join/);
        // torchrun and its agent are up (its rendezvous opened) before the Ctrl+C.
        setTimeout(() => {
          pythons = descendants(run, "launch.py");
          asked = performance.now();
          run.signalGroup("SIGINT");
        }, 3000);
      }
    });
    const r = await alone.done;
    const took = performance.now() - asked;
    assert.ok(asked > 0, r.stderr);
    assert.ok(pythons.length > 0, "torchrun was running when the Ctrl+C came");
    assert.equal(r.status, 130, r.stderr);
    const error = r.events.find((e): e is ErrorEvent => e.type === "error");
    assert.match(error?.message ?? "", /stopped while waiting for the other machines: nothing was trained here/);
    assert.ok(took < 15_000, `ended ${Math.round(took)} ms after the Ctrl+C`);
    assert.deepEqual(pythons.filter(alive), []);
  });

  it("a launcher killed while waiting leaves no torchrun behind to hold the port", async () => {
    const endpoint = `127.0.0.1:${await freePort()}`;
    let launchers: number[] = [];
    const alone = startInGroup([...train("k", "--nnodes", "2", "--rdzv-endpoint", endpoint), template], (e, run) => {
      if (e.type === "log" && e.line.startsWith("Waiting for 2 machines") && !launchers.length)
        setTimeout(() => {
          launchers = descendants(run, "launch.py");
          // The CLI alone, as `kill -9` does: its trainer and torchrun must notice.
          run.child.kill("SIGKILL");
        }, 3000);
    });
    await alone.done;
    assert.ok(launchers.length > 0, "torchrun was running");
    for (let i = 0; i < 100 && launchers.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(launchers.filter(alive), [], "torchrun outlived the trainer");
  });

  it("a machine killed mid-run fails the run on the other, which says that a machine went away", async () => {
    const endpoint = `127.0.0.1:${await freePort()}`;
    const where = ["--nnodes", "2", "--rdzv-endpoint", endpoint];
    const runs2: GroupRun[] = [];
    let pythons: number[] = [];
    let killed = false;
    // The lead reports the batches: the other machine's CLI is killed (as `kill -9` does) at its 20th.
    const onEvent = (e: TrainerEvent, run: GroupRun) => {
      if (e.type === "batchEnd" && e.batch === 20 && !killed) {
        killed = true;
        pythons = runs2.flatMap((r) => descendants(r, "python"));
        runs2.find((r) => r !== run)?.child.kill("SIGKILL");
      }
    };
    runs2.push(startInGroup([...train("x", ...where), template], onEvent), startInGroup([...train("y", ...where), template], onEvent));
    const done = await Promise.all(runs2.map((r) => r.done));
    const lead = done.find((r) => r.events.some((e) => e.type === "start"));
    assert.ok(lead && killed, done.map((r) => r.stderr).join("\n"));
    assert.equal(lead.status, 1, lead.stderr);
    const error = lead.events.find((e): e is ErrorEvent => e.type === "error") as ErrorEvent;
    assert.match(error.message, /^training failed: another machine of the run went away \(its trainer was stopped or killed/);
    for (let i = 0; i < 100 && pythons.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(pythons.filter(alive), [], "no Python outlived the run, on either machine");
  });

  it("when the trainer that writes the run fails, the other machine says so and exits 1", async () => {
    const endpoint = `127.0.0.1:${await freePort()}`;
    const where = ["--nnodes", "2", "--rdzv-endpoint", endpoint];
    // The run folder of the machine that leads becomes a file as training starts: its first checkpoint fails.
    const onEvent = (e: TrainerEvent) => {
      if (e.type !== "start") return;
      // (Moved away at once, as files may be being written into it; then a file in its place.)
      renameSync(e.runDir, `${e.runDir}-gone`);
      writeFileSync(e.runDir, "not a folder");
    };
    const done = await Promise.all([
      startInGroup([...train("f", ...where), template], onEvent).done,
      startInGroup([...train("g", ...where), template], onEvent).done,
    ]);
    const l = done.find((r) => r.events.some((e) => e.type === "start"));
    const m = done.find((r) => r.events.some((e) => e.type === "member"));
    assert.ok(l && m, done.map((r) => r.stderr).join("\n"));
    assert.equal(l.status, 1, l.stderr);
    assert.equal(m.status, 1, m.stderr);
    assert.ok(!m.events.some((e) => e.type === "memberEnd"));
    const error = m.events.find((e): e is ErrorEvent => e.type === "error") as ErrorEvent;
    assert.match(error.message, /^training failed in PyTorch: the trainer that writes the run failed: could not save the run: /);
    assert.doesNotMatch(error.message, /the run's log/);
  });

  it("--nnodes without --rdzv-endpoint is a usage error", async () => {
    const r = await startInGroup(train("u", "--nnodes", "2", template)).done;
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--nnodes needs --rdzv-endpoint HOST:PORT, the same on every machine/);
    // Endpoints that cannot be met are said at once, quoting what was given.
    for (const [endpoint, said] of [
      ["abc:", /the rendezvous endpoint must be HOST:PORT, the same on every machine, not 'abc:'/],
      ["127.0.0.1:99999", /the rendezvous endpoint's port must be 1 to 65535, not 99999/],
      ["nonexistent.invalid:29500", /the rendezvous host 'nonexistent\.invalid' has no address here \(ENOTFOUND\)/],
    ] as const) {
      const bad = await startInGroup(train("v", "--nnodes", "2", "--rdzv-endpoint", endpoint, template)).done;
      assert.equal(bad.status, 2, endpoint);
      const error = bad.events.find((e): e is ErrorEvent => e.type === "error");
      assert.match(error?.message ?? bad.stderr, said);
    }
  });
});

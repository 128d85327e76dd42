/** `cnn-designer diff`: two files, a file against its committed version, exit codes and bad input. */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..", "..", "..");
const cli = join(root, "dist", "cli.js");
const ex = (name: string) => join(root, "examples", name);

function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function git(cwd: string, ...args: string[]) {
  const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
}

describe("cnn-designer diff", () => {
  const repo = mkdtempSync(join(tmpdir(), "cnn-diff-"));
  const file = join(repo, "model.cnn.json");
  const seed = readFileSync(ex("pooling-gap.cnn.json"), "utf8");

  before(() => {
    git(repo, "init", "-q");
    writeFileSync(file, seed);
    git(repo, "add", ".");
    git(repo, "commit", "-qm", "seed");
  });

  it("two files: the totals and each changed layer; --json's document; --exit-code", () => {
    const r = run(root, "diff", ex("pooling-gap.cnn.json"), ex("pooling-flatten.cnn.json"));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^ {2}Parameters\s+300,042\s+1,164,042\s+\+864,000$/m);
    assert.match(r.out, /^Layers: 1 added, 1 removed, 1 changed, 1 affected downstream, 3 unchanged$/m);
    const j = JSON.parse(run(root, "diff", "--json", ex("pooling-gap.cnn.json"), ex("pooling-flatten.cnn.json")).out);
    assert.deepEqual(j.totals.params, { before: 300042, after: 1164042 });
    assert.deepEqual(
      j.changes.map((c: { kind: string }) => c.kind),
      ["changed", "removed", "added", "affected"],
    );
    assert.equal(run(root, "diff", "--exit-code", ex("pooling-gap.cnn.json"), ex("pooling-flatten.cnn.json")).code, 1);
    assert.equal(run(root, "diff", "--exit-code", ex("pooling-gap.cnn.json"), ex("pooling-gap.cnn.json")).code, 0);
  });

  it("one file: its committed version against the file as it is, in Markdown for a pull request", () => {
    let r = run(repo, "diff", "model.cnn.json");
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Model diff: HEAD:model\.cnn\.json → model\.cnn\.json$/m);
    assert.match(r.out, /^Layers: 0 added, 0 removed, 0 changed, 0 affected downstream, 6 unchanged$/m);
    writeFileSync(file, seed.replace('"units": 10', '"units": 100'));
    r = run(repo, "diff", "--markdown", "model.cnn.json");
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^\| Parameters \| 300,042 \| 311,652 \| \+11,610 \|$/m);
    assert.match(
      r.out,
      /^\| ~ \| dense \(Dense\) \| units: 10 → 100; output \(None, 10\) → \(None, 100\); params \+11,610; MACs \+11,520 \|$/m,
    );
    // REV:PATH on either side, from another folder, as git spells it.
    r = run(root, "diff", `HEAD:${file}`, file);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /units: 10 → 100/);
  });

  it("bad input: a revision or path git cannot read, a missing file, wrong arguments — one line, exit 2", () => {
    let r = run(repo, "diff", "--rev", "no-such-rev", "model.cnn.json");
    assert.equal(r.code, 2);
    assert.match(r.err, /^cnn-designer: git cannot read model\.cnn\.json at no-such-rev: .+\n$/);
    r = run(repo, "diff", "--rev=--upload-pack=evil", "model.cnn.json");
    assert.equal(r.code, 2);
    assert.match(r.err, /^cnn-designer: '--upload-pack=evil' is not a git revision \(a commit, a branch or a tag; not a range\)\n$/);
    r = run(repo, "diff", "--rev", "HEAD~1..HEAD", "model.cnn.json");
    assert.equal(r.code, 2);
    assert.match(r.err, /^cnn-designer: 'HEAD~1\.\.HEAD' is not a git revision \(a commit, a branch or a tag; not a range\)\n$/);
    r = run(repo, "diff", "HEAD:.", "model.cnn.json");
    assert.equal(r.code, 2);
    assert.match(r.err, /^cnn-designer: \. at HEAD is a folder\n$/);
    r = run(repo, "diff", "HEAD:absent.cnn.json", "model.cnn.json");
    assert.equal(r.code, 2);
    assert.match(r.err, /^cnn-designer: absent\.cnn\.json at HEAD: no such file in that revision\n$/);
    r = run(tmpdir(), "diff", "HEAD:nowhere.cnn.json", ex("pooling-gap.cnn.json"));
    assert.equal(r.code, 2);
    assert.match(r.err, /^cnn-designer: git cannot read nowhere\.cnn\.json at HEAD: /);
    r = run(repo, "diff", "missing.cnn.json", "model.cnn.json");
    assert.equal(r.code, 2);
    assert.match(r.err, /missing\.cnn\.json/);
    for (const args of [["diff"], ["diff", "a", "b", "c"], ["diff", "--json", "--markdown", "model.cnn.json"]]) {
      r = run(repo, ...args);
      assert.equal(r.code, 2, args.join(" "));
      assert.equal(r.err.split("\n").length, 2, r.err);
    }
  });
});

/**
 * [run-folder] [overwrite] A full disk, made real: a small tmpfs (the test machine runs as root) filled so that only a
 * few blocks are left. Whatever the point where the space runs out, the trainer and the exporter say so in words
 * naming the file, no file is left truncated or half-written, and what was written before stays whole.
 */
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCheckpoint } from "../../src/node/checkpoint";
import { cli, modelFile, tinyModel, root } from "../helpers/cliProcess";

const page = 4096;
const tiny = tinyModel();

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

describe("[run-folder] [overwrite] a full disk (a small tmpfs)", function () {
  const mount = mkdtempSync(join(tmpdir(), "cnn-full-"));
  const size = 512 * 1024;
  before(function () {
    // Mounting a file system takes root; the CI machine runs as root, as the check did.
    if (process.getuid?.() !== 0) this.skip();
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", mount]);
  });
  after(() => {
    if (process.getuid?.() === 0) spawnSync("umount", [mount]);
  });

  /** Empties the tmpfs, runs `prepare`, and fills it so that only `free` blocks are left. */
  function leave(free: number, prepare = () => undefined as void): void {
    for (const f of readdirSync(mount)) rmSync(join(mount, f), { recursive: true, force: true });
    prepare();
    writeFileSync(join(mount, "room"), Buffer.alloc(free * page));
    try {
      writeFileSync(join(mount, "filler"), Buffer.alloc(size));
    } catch {
      // filled up to the last block, as intended
    }
    rmSync(join(mount, "room"));
  }

  it("[run-folder] wherever training runs out of space, it fails in words, nothing is truncated, the status says why", () => {
    const model = modelFile(tiny);
    const seen = new Set<string>();
    for (let free = 0; free <= 24; free++) {
      leave(free);
      const runs = join(mount, "runs");
      const r = spawnSync(process.execPath, [cli, "train", model, "--samples", "300", "--runs-dir", runs], { encoding: "utf8" });
      const written = files(runs);
      assert.deepEqual(
        written.filter((f) => f.endsWith(".tmp")),
        [],
        `free ${free}: temporary files left`,
      );
      for (const f of written.filter((f) => f.endsWith(".json")))
        assert.doesNotThrow(() => JSON.parse(readFileSync(f, "utf8")), `${f} is not whole`);
      const runDir = written.find((f) => f.endsWith("model.cnn.json"))?.replace(/\/model\.cnn\.json$/, "");
      if (r.status === 0) {
        seen.add("trained");
        continue;
      }
      assert.equal(r.status, 1, `free ${free}: ${r.stderr}`);
      assert.match(r.stderr, /the disk is full writing '[^']+'/, `free ${free}`);
      assert.doesNotMatch(r.stderr, /internal error|ENOSPC/);
      seen.add(r.stderr.match(/writing '.*\/([^/']+)'/)?.[1] ?? "?");
      if (runDir && existsSync(join(runDir, "status.json"))) {
        const status = JSON.parse(readFileSync(join(runDir, "status.json"), "utf8"));
        assert.equal(status.state, "failed", `free ${free}`);
        assert.match(status.reason, /the disk is full/);
      }
      // A checkpoint that was written is whole: its data file has exactly the bytes its manifest declares.
      if (runDir && existsSync(join(runDir, "checkpoints", "last.json"))) assert.doesNotThrow(() => readCheckpoint(runDir, "last"));
    }
    assert.ok(seen.size >= 3, `the space ran out at only ${[...seen].join(", ")}`);
  });

  it("[overwrite] export --force onto a good file on a full disk fails in words and leaves the old file whole", () => {
    const dir = join(mount, "out");
    const old = join(dir, "m.py");
    const before = "the user's good file\n";
    leave(0, () => {
      mkdirSync(dir);
      writeFileSync(old, before);
    });
    const r = spawnSync(
      process.execPath,
      [cli, "export", join(root, "examples", "resnet50.cnn.json"), "--format", "pytorch", "-o", old, "--force"],
      {
        encoding: "utf8",
      },
    );
    assert.equal(r.status, 2);
    assert.match(r.stderr, /the disk is full writing '.*m\.py'/);
    assert.equal(readFileSync(old, "utf8"), before);
    assert.deepEqual(readdirSync(dir), ["m.py"]);
  });

  it("[run-folder] an import whose weights find no room leaves no run behind, only the model file and the reason", () => {
    const keras = join(root, "test", "fixtures", "keras", "mnist_cnn_dropout_k3.14.keras");
    // The model file (a few kB) fits; the weights (900 kB) do not.
    leave(8);
    const r = spawnSync(process.execPath, [cli, "import", keras, "-o", join(mount, "m.cnn.json")], { encoding: "utf8" });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /the model file is written, but not its weights: the disk is full writing '.*'/);
    assert.ok(existsSync(join(mount, "m.cnn.json")));
    assert.deepEqual(readdirSync(join(mount, ".cnn-runs", "m")), [], "the cut-short run is removed");
  });
});

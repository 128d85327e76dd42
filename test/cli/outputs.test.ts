/**
 * [overwrite] What `export`, `import` and `schema -o` may write: never their input (by path, through a symbolic link
 * or a hard link) nor a file of a training run; an existing file only with --force; and always through a temporary
 * file and a rename, so that a full disk leaves the old file whole.
 */
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, root } from "../helpers/cliProcess";

const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
const example = readFileSync(join(root, "examples", "pooling-gap.cnn.json"), "utf8");

/** A folder with the pooling article's model in it. */
function workspace(): { dir: string; model: string } {
  const dir = mkdtempSync(join(tmpdir(), "cnn-out-"));
  writeFileSync(join(dir, "m.cnn.json"), example);
  return { dir, model: join(dir, "m.cnn.json") };
}

/** A run folder of the model as the trainer leaves it (status, model file, log, weights manifest). */
function fakeRun(dir: string): string {
  const runDir = join(dir, ".cnn-runs", "m", "2026-01-01T00-00-00");
  mkdirSync(runDir, { recursive: true });
  writeFileSync(join(runDir, "model.cnn.json"), example);
  writeFileSync(join(runDir, "status.json"), JSON.stringify({ format: 1, state: "done" }));
  writeFileSync(join(runDir, "model.json"), "{}");
  return runDir;
}

describe("[overwrite] outputs of export, import and schema -o", () => {
  it("[overwrite] export -o its own input is refused, and the model is unchanged", () => {
    const { model } = workspace();
    const r = run("export", model, "--format", "keras", "-o", model, "--force");
    assert.equal(r.status, 2);
    assert.match(r.stderr, /is the (model being exported|file being imported)/);
    assert.equal(readFileSync(model, "utf8"), example);
  });

  it("[overwrite] an output that is the input through a symbolic link or a hard link is refused", () => {
    const { dir, model } = workspace();
    symlinkSync(model, join(dir, "soft.py"));
    linkSync(model, join(dir, "hard.py"));
    for (const out of ["soft.py", "hard.py"]) {
      const r = run("export", model, "--format", "keras", "-o", join(dir, out), "--force");
      assert.equal(r.status, 2, out);
      assert.match(r.stderr, /is the model being exported \(.*, through a link\)/, out);
    }
    assert.equal(readFileSync(model, "utf8"), example);
  });

  it("[overwrite] import -o its own input is refused", () => {
    const { dir } = workspace();
    const keras = join(dir, "k.json");
    const text = readFileSync(join(root, "test", "interop", "fixtures", "mnist-convnet.keras3.json"), "utf8");
    writeFileSync(keras, text);
    const r = run("import", keras, "-o", keras, "--force");
    assert.equal(r.status, 2);
    assert.match(r.stderr, /is the (model being exported|file being imported)/);
    assert.equal(readFileSync(keras, "utf8"), text);
  });

  it("[overwrite] a file in a run folder is refused (the manifest, a new file, through a link to the folder)", () => {
    const { dir, model } = workspace();
    const runDir = fakeRun(dir);
    symlinkSync(runDir, join(dir, "latest"));
    const manifest = readFileSync(join(runDir, "model.json"), "utf8");
    for (const out of [join(runDir, "model.json"), join(runDir, "new.onnx"), join(dir, "latest", "model.json")]) {
      const r = run("export", model, "--format", "tfjs", "-o", out, "--force");
      assert.equal(r.status, 2, out);
      assert.match(r.stderr, /inside the training run/, out);
    }
    assert.equal(readFileSync(join(runDir, "model.json"), "utf8"), manifest);
    assert.deepEqual(readdirSync(runDir).sort(), ["model.cnn.json", "model.json", "status.json"]);
  });

  it("[overwrite] an existing file is replaced only with --force (export, import, schema -o)", () => {
    const { dir, model } = workspace();
    const out = join(dir, "m.py");
    writeFileSync(out, "mine");
    const refused = run("export", model, "--format", "keras", "-o", out);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /already exists; use --force/);
    assert.equal(readFileSync(out, "utf8"), "mine");
    assert.equal(run("export", model, "--format", "keras", "-o", out, "--force").status, 0);
    assert.match(readFileSync(out, "utf8"), /keras/);
    const schema = join(dir, "schema.json");
    writeFileSync(schema, "mine");
    assert.equal(run("schema", "-o", schema).status, 2);
    assert.equal(readFileSync(schema, "utf8"), "mine");
    assert.equal(run("schema", "-o", schema, "--force").status, 0);
    assert.ok(JSON.parse(readFileSync(schema, "utf8")).$schema);
    const imported = join(dir, "i.cnn.json");
    writeFileSync(imported, "mine");
    const keras = join(root, "test", "interop", "fixtures", "mnist-convnet.keras3.json");
    assert.equal(run("import", keras, "-o", imported).status, 2);
    assert.equal(readFileSync(imported, "utf8"), "mine");
  });

  it("[overwrite] a folder, a missing folder and a read-only file system are clear messages, never 'internal error'", () => {
    const { dir, model } = workspace();
    const cases: [string, RegExp][] = [
      [dir, /is a folder/],
      [join(dir, "missing", "m.py"), /no such file or folder/],
      ["/proc/m.py", /read-only|not permitted|permission denied|no such file/],
    ];
    for (const [out, message] of cases) {
      const r = run("export", model, "--format", "keras", "-o", out);
      assert.equal(r.status, 2, out);
      assert.match(r.stderr, message, out);
      assert.doesNotMatch(r.stderr, /internal error/);
    }
  });

  it("[overwrite] a device or a FIFO is never replaced by a file, even with --force (as root, /dev/null would be)", function () {
    if (process.getuid?.() !== 0) this.skip(); // mknod takes root
    const { dir, model } = workspace();
    execFileSync("mknod", ["-m", "666", join(dir, "null"), "c", "1", "3"]);
    execFileSync("mkfifo", [join(dir, "fifo")]);
    for (const out of ["null", "fifo"]) {
      const r = run("export", model, "--format", "keras", "-o", join(dir, out), "--force");
      assert.equal(r.status, 2, out);
      assert.match(r.stderr, /is not a regular file \(a device, a FIFO or a socket\)/, out);
    }
    assert.ok(statSync(join(dir, "null")).isCharacterDevice(), "still the device");
    assert.ok(statSync(join(dir, "fifo")).isFIFO(), "still the FIFO");
  });

  it("[overwrite] a name of 250 characters is written (the temporary file's name stays within the limit)", () => {
    const { dir, model } = workspace();
    const out = join(dir, `${"n".repeat(247)}.py`);
    const r = run("export", model, "--format", "keras", "-o", out);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(statSync(out).size > 0);
  });

  it("[overwrite] anything under .cnn-runs/ is a run's, even a folder whose run could not write its status", () => {
    const { dir, model } = workspace();
    mkdirSync(join(dir, ".cnn-runs", "m", "broken"), { recursive: true });
    writeFileSync(join(dir, ".cnn-runs", "m", "broken", "training.log"), "");
    const r = run("schema", "-o", join(dir, ".cnn-runs", "m", "broken", "training.log"), "--force");
    assert.equal(r.status, 2);
    assert.match(r.stderr, /is inside .*\.cnn-runs.*, where training runs are kept/);
    assert.equal(run("export", model, "--format", "keras", "-o", join(dir, ".cnn-runs", "x.py")).status, 2);
  });
});

/**
 * [leak] `export --run` reads a run's weights only from regular files inside the run folder, of exactly the size
 * their manifest declares, for every format; a run without its model file is refused. A `.cnn-runs/` folder in a
 * cloned repository is enough to try otherwise, so every way out is tried here on a real trained run.
 */
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, modelFile, tinyModel } from "../helpers/cliProcess";

const tiny = tinyModel();
const formats = ["onnx", "pytorch", "tfjs"] as const;

describe("[leak] a run's weights come only from its own folder", () => {
  const model = modelFile(tiny);
  const runs = mkdtempSync(join(tmpdir(), "cnn-leak-"));
  let trained = "";
  const secret = join(runs, "secret.txt");
  before(() => {
    execFileSync(process.execPath, [cli, "train", model, "--samples", "300", "--runs-dir", runs], { encoding: "utf8" });
    trained = join(runs, "model", readdirSync(join(runs, "model"))[0]);
  });

  /** A copy of the trained run, changed by `change`. */
  function variant(change: (dir: string) => void): string {
    const dir = mkdtempSync(join(runs, "run-"));
    cpSync(trained, dir, { recursive: true });
    change(dir);
    return dir;
  }
  const exportRun = (runDir: string, format: string, ...more: string[]) => {
    const out = join(mkdtempSync(join(tmpdir(), "cnn-leak-out-")), format === "onnx" ? "m.onnx" : format === "tfjs" ? "m.json" : "m.py");
    const r = spawnSync(process.execPath, [cli, "export", model, "--format", format, "--run", runDir, "-o", out, ...more], {
      encoding: "utf8",
    });
    return { ...r, out };
  };
  const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
  /** Asserts every format refuses the run with `message`, writes nothing, and no output holds the secret. */
  function refusedEverywhere(runDir: string, message: RegExp): void {
    for (const format of formats) {
      const r = exportRun(runDir, format);
      assert.equal(r.status, 2, `${format}: ${r.stderr}`);
      assert.match(r.stderr, message, format);
      assert.equal(existsSync(r.out), false, `${format} wrote ${r.out}`);
    }
  }

  it("[leak] the untouched run exports in every format", () => {
    for (const format of formats) assert.equal(exportRun(trained, format).status, 0, format);
  });

  it("[leak] a manifest path out of the folder (../, an absolute path) is refused in every format", () => {
    writeFileSync(secret, Buffer.alloc(readFileSync(join(trained, "weights.bin")).length, 7));
    for (const path of ["../secret.txt", secret, "sub/../../secret.txt", ".", "sub/"]) {
      const dir = variant((d) => {
        const m = manifest(d);
        m.weightsManifest[0].paths = [path];
        writeFileSync(join(d, "model.json"), JSON.stringify(m));
      });
      refusedEverywhere(dir, /outside the run folder/);
    }
  });

  it("[leak] a weights file that is a link out of the folder is refused, even of the right size", () => {
    const dir = variant((d) => {
      rmSync(join(d, "weights.bin"));
      symlinkSync(secret, join(d, "weights.bin"));
    });
    refusedEverywhere(dir, /leads outside the run folder/);
  });

  it("[leak] a FIFO or a folder as the weights file is refused at once (no hang)", () => {
    const fifo = variant((d) => {
      rmSync(join(d, "weights.bin"));
      execFileSync("mkfifo", [join(d, "weights.bin")]);
    });
    refusedEverywhere(fifo, /is not a regular file/);
  });

  it("[leak] weights of another size than the manifest declares are refused in every format", () => {
    const short = variant((d) => truncateSync(join(d, "weights.bin"), 12));
    refusedEverywhere(short, /holds? 12 bytes, but its model\.json declares \d+/);
    const long = variant((d) =>
      writeFileSync(join(d, "weights.bin"), Buffer.concat([readFileSync(join(d, "weights.bin")), Buffer.alloc(4)])),
    );
    refusedEverywhere(long, /holds? \d+ bytes, but its model\.json declares \d+/);
  });

  it("[leak] a run without its model.cnn.json is refused: another model's weights are never paired", () => {
    const dir = variant((d) => rmSync(join(d, "model.cnn.json")));
    refusedEverywhere(dir, /has no model\.cnn\.json/);
  });

  it("[leak] a weight whose shape is not a list of integers, or not float32, is refused", () => {
    for (const bad of [{ shape: "3x3" }, { shape: [3, -1] }, { dtype: "int64" }]) {
      const dir = variant((d) => {
        const m = manifest(d);
        Object.assign(m.weightsManifest[0].weights[0], bad);
        writeFileSync(join(d, "model.json"), JSON.stringify(m));
      });
      refusedEverywhere(dir, /shape of integers|runs hold float32 weights/);
    }
  });

  it("[leak] a checkpoint's data file is held to the same rules (a path out, another size)", () => {
    const out = variant((d) => {
      const last = JSON.parse(readFileSync(join(d, "checkpoints", "last.json"), "utf8"));
      last.data = "../../secret.txt";
      writeFileSync(join(d, "checkpoints", "last.json"), JSON.stringify(last));
    });
    for (const format of formats) {
      const r = exportRun(out, format, "--checkpoint", "last");
      assert.equal(r.status, 2, format);
      assert.match(r.stderr, /outside its folder/);
    }
    const short = variant((d) => {
      const data = readdirSync(join(d, "checkpoints")).find((f) => f.startsWith("last-")) as string;
      truncateSync(join(d, "checkpoints", data), 8);
    });
    const r = exportRun(short, "onnx", "--checkpoint", "last");
    assert.equal(r.status, 2);
    assert.match(r.stderr, /holds 8 bytes, but its manifest declares \d+/);
  });

  it("[leak] a run whose final model is missing exports its last checkpoint, and says so", () => {
    const dir = variant((d) => {
      rmSync(join(d, "model.json"));
      rmSync(join(d, "weights.bin"));
    });
    const r = exportRun(dir, "tfjs");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /the last checkpoint \(epoch 2\)/);
  });

  it("[overwrite] the weights file beside an export is checked with the export, before anything is written", () => {
    const folder = mkdtempSync(join(tmpdir(), "cnn-beside-"));
    writeFileSync(join(folder, "m.weights.bin"), "mine");
    const r = spawnSync(process.execPath, [cli, "export", model, "--format", "tfjs", "--run", trained, "-o", join(folder, "m.json")], {
      encoding: "utf8",
    });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /m\.weights\.bin' already exists/);
    assert.equal(existsSync(join(folder, "m.json")), false, "nothing written");
    assert.equal(readFileSync(join(folder, "m.weights.bin"), "utf8"), "mine");
  });

  it("[leak] a model, an import or a dataset file that is a device or a FIFO is refused at once (no hang)", () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-devices-"));
    symlinkSync("/dev/zero", join(dir, "zero.cnn.json"));
    execFileSync("mkfifo", [join(dir, "fifo.json")]);
    symlinkSync("/dev/zero", join(dir, "x.npy"));
    writeFileSync(
      join(dir, "data.cnn.json"),
      tinyModel({ dataset: { type: "npy", x: "x.npy", y: "y.npy" } }).replace('"shape":[28,28,1]', '"shape":[28,28,1]'),
    );
    const cli1 = (...a: string[]) => spawnSync(process.execPath, [cli, ...a], { encoding: "utf8", timeout: 20_000 });
    for (const [args, message] of [
      [["check", join(dir, "zero.cnn.json")], /'.*zero\.cnn\.json' is not a regular file/],
      [["import", join(dir, "fifo.json"), "-o", join(dir, "i.cnn.json")], /'.*fifo\.json' is not a regular file/],
      [["train", join(dir, "data.cnn.json")], /x\.npy' is not a regular file/],
    ] as const) {
      const r = cli1(...args);
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });
});

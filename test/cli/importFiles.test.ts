/**
 * `cnn-designer import` with Keras files that carry weights (real files from test/fixtures) and with hostile ones:
 * archives whose entries point outside them, that unpack past the limits or lie about their sizes, truncated
 * HDF5, a weight of the wrong shape. Each refusal is one line naming the file, within seconds, writing nothing.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync, zipSync } from "fflate";
import { cli, root } from "../helpers/cliProcess";

const run = (cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8", timeout: 60_000, env: { ...process.env, ...env } });
const fixture = (name: string) => join(root, "test", "fixtures", name);

/** A fresh folder holding copies of the named fixtures. */
function folder(...names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "cnn-import-"));
  for (const n of names) copyFileSync(fixture(n), join(dir, n.split("/").pop()!));
  return dir;
}

/** The real .keras archive's entries, for archives built from them. */
const kerasEntries = () => unzipSync(new Uint8Array(readFileSync(fixture("keras/mnist_cnn_dropout_k3.14.keras"))));

/** An archive listing `model.weights.h5` twice (a second entry named alike is renamed after zipping). */
function twice(entries: Record<string, Uint8Array>): Uint8Array {
  const zip = zipSync({ ...entries, "model.weights.hX": entries["model.weights.h5"] }, { level: 0 });
  const bytes = Buffer.from(zip);
  for (let at = bytes.indexOf("model.weights.hX"); at >= 0; at = bytes.indexOf("model.weights.hX", at + 1))
    bytes.write("model.weights.h5", at, "latin1");
  return bytes;
}

/** An archive whose weights entry has one byte changed after its checksum was written. */
function damaged(entries: Record<string, Uint8Array>): Uint8Array {
  const zip = zipSync(entries, { level: 0 });
  zip[Buffer.from(zip).indexOf(Buffer.from(entries["model.weights.h5"].subarray(0, 64))) + 4000] ^= 0xff;
  return zip;
}

/** An archive whose entries say they are encrypted (general-purpose flag bit 0). */
function encrypted(entries: Record<string, Uint8Array>): Uint8Array {
  const zip = zipSync(entries, { level: 0 });
  const view = new DataView(zip.buffer);
  for (let at = 0; at + 4 <= zip.length; at++) if (view.getUint32(at, true) === 0x02014b50) view.setUint16(at + 8, 1, true);
  return zip;
}

/** The files a refused import left behind besides its inputs: none. */
const written = (dir: string, inputs: string[]) => readdirSync(dir).filter((f) => !inputs.includes(f));

describe("cnn-designer import: Keras files with weights", function () {
  this.timeout(120_000);

  it("a .keras file becomes NAME.cnn.json beside it and an imported run that export --run takes", () => {
    const dir = folder("keras/mnist_cnn_dropout_k3.14.keras");
    const r = run(dir, ["import", "mnist_cnn_dropout_k3.14.keras"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /imported mnist_cnn_dropout_k3\.14\.keras to mnist_cnn_dropout_k3\.14\.cnn\.json/);
    assert.match(
      r.stderr,
      /its 225,034 parameter values \(Keras \.keras, Keras 3\.14\.0\) were saved as the run \.cnn-runs\/mnist_cnn_dropout_k3\.14\/.*-imported/,
    );
    const [runName] = readdirSync(join(dir, ".cnn-runs", "mnist_cnn_dropout_k3.14"));
    const runDir = join(dir, ".cnn-runs", "mnist_cnn_dropout_k3.14", runName);
    const status = JSON.parse(readFileSync(join(runDir, "status.json"), "utf8"));
    assert.deepEqual(
      [status.state, status.imported],
      ["done", { source: "mnist_cnn_dropout_k3.14.keras", format: "Keras .keras", kerasVersion: "3.14.0" }],
    );
    const summary = run(dir, ["summary", "mnist_cnn_dropout_k3.14.cnn.json", "--json"]);
    assert.equal(JSON.parse(summary.stdout).totalParams, 225_034);
    const exported = run(dir, ["export", "mnist_cnn_dropout_k3.14.cnn.json", "--format", "tfjs", "--run", runDir, "-o", "exported.json"]);
    assert.equal(exported.status, 0, exported.stderr);
    assert.match(exported.stderr, /with the weights of mnist_cnn_dropout_k3\.14\.keras \(imported\)/);
    assert.equal(readFileSync(join(dir, "exported.weights.bin")).length, 225_034 * 4);
    // And back to Keras: a .keras archive and an .h5 with the run's weights; neither without a run.
    const bare = run(dir, ["export", "mnist_cnn_dropout_k3.14.cnn.json", "--format", "h5", "-o", "back.h5"]);
    assert.equal(bare.status, 2);
    assert.match(bare.stderr, /--format h5 writes the model with its weights: name a run of this model with --run RUN_DIR/);
    for (const [format, out, magic] of [
      ["keras3", "back.keras", "504b0304"],
      ["h5", "back.h5", "894844460d0a1a0a"],
    ]) {
      const back = run(dir, ["export", "mnist_cnn_dropout_k3.14.cnn.json", "--format", format, "--run", runDir, "-o", out]);
      assert.equal(back.status, 0, back.stderr);
      assert.equal(
        readFileSync(join(dir, out))
          .subarray(0, magic.length / 2)
          .toString("hex"),
        magic,
      );
      const again = run(dir, ["import", out, "-o", `${format}.cnn.json`]);
      assert.equal(again.status, 0, again.stderr);
      assert.match(again.stderr, /its 225,034 parameter values/);
    }
  });

  it("a save_weights .h5 goes with its JSON (--weights), into the folder --weights-run names", () => {
    const dir = folder("h5/cifar10_bn_k2.8.json", "h5/cifar10_bn_k2.8.weights.h5");
    const alone = run(dir, ["import", "cifar10_bn_k2.8.weights.h5"]);
    assert.equal(alone.status, 2);
    assert.match(
      alone.stderr,
      /holds weights only \(Keras save_weights\): import the model's JSON with it, as in import MODEL\.json --weights cifar10_bn_k2\.8\.weights\.h5/,
    );
    mkdirSync(join(dir, "full"));
    writeFileSync(join(dir, "full", "x"), "mine");
    const busy = run(dir, ["import", "cifar10_bn_k2.8.json", "--weights", "cifar10_bn_k2.8.weights.h5", "--weights-run", "full"]);
    assert.equal(busy.status, 2);
    assert.match(busy.stderr, /--weights-run: 'full' is not empty/);
    assert.ok(!existsSync(join(dir, "cifar10_bn_k2.8.cnn.json")), "nothing is written when the run's folder is refused");
    const r = run(dir, [
      "import",
      "cifar10_bn_k2.8.json",
      "--weights",
      "cifar10_bn_k2.8.weights.h5",
      "--weights-run",
      "runs/imported",
      "-o",
      "c.cnn.json",
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(join(dir, "runs", "imported")).sort(), [
      "imported.json",
      "metrics.json",
      "model.cnn.json",
      "model.json",
      "status.json",
      "weights.bin",
    ]);
    assert.equal(readFileSync(join(dir, "runs", "imported", "model.cnn.json"), "utf8"), readFileSync(join(dir, "c.cnn.json"), "utf8"));
  });

  it("hostile archives and HDF5 files are refused in one line, writing nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-import-hostile-"));
    const entries = kerasEntries();
    const cases: [string, Uint8Array, RegExp, NodeJS.ProcessEnv?][] = [
      [
        "escape.keras",
        zipSync({ ...entries, "../../evil.txt": new Uint8Array(3) }),
        /points outside the archive \(\.\.\/\.\.\/evil\.txt\)/,
      ],
      ["absolute.keras", zipSync({ ...entries, "/etc/evil": new Uint8Array(3) }), /points outside the archive/],
      [
        "many.keras",
        zipSync(Object.fromEntries(Array.from({ length: 1200 }, (_, i) => [`f${i}`, new Uint8Array(1)]))),
        /more than 1000 entries/,
      ],
      ["noconfig.keras", zipSync({ "model.weights.h5": entries["model.weights.h5"] }), /without config\.json: not a Keras \.keras file/],
      // A bomb: 64 MB of zeros that deflate to a few kilobytes, past a limit of 16 MB.
      [
        "bomb.keras",
        zipSync({ ...entries, "model.weights.h5": new Uint8Array(64 << 20) }),
        /model\.weights\.h5 would unpack to 67108864 bytes, more than/,
        { CNN_DESIGNER_MAX_FILE_GB: "0.015625" },
      ],
      // Within the limits, but no weights compress 1,000-fold: refused before anything is unpacked.
      [
        "ratio.keras",
        zipSync({ ...entries, "model.weights.h5": new Uint8Array(256 << 20) }),
        /would unpack to 268435456 bytes from \d+: no model's weights compress that far/,
      ],
      ["twice.keras", twice(entries), /lists model\.weights\.h5 twice/],
      ["damaged.keras", damaged(entries), /model\.weights\.h5 is damaged \(its size or checksum is not what the archive declares\)/],
      ["encrypted.keras", encrypted(entries), /\.json is encrypted; Keras writes no encrypted archives/],
      ["empty.keras", zipSync({}), /without config\.json: not a Keras \.keras file/],
      [
        "text.h5",
        Buffer.from("root:x:0:0:root:/root:/bin/bash\n"),
        /'.*text\.h5' is not an HDF5 file \(it lacks HDF5's signature\), so not a Keras file/,
      ],
      ["net.onnx", Buffer.from([0x08, 0x03, 0x12, 0x04, 0x43, 0x4e, 0x54, 0x4b]), /net\.onnx': the ONNX file holds no graph of operations/],
      [
        "cut.onnx",
        readFileSync(fixture("onnx/cifar_net_pytorch1.7_opset9.onnx")).subarray(0, 3000),
        /cannot read '.*cut\.onnx' as ONNX \(it is cut short, damaged or not ONNX\): index out of range/,
      ],
      ["weights.bin", Buffer.from([0x4b, 0x00, 0x21, 0x3e, 0x9f, 0x00]), /is a binary file, not a Keras \.h5 or \.keras file, nor JSON/],
      ["truncated.h5", readFileSync(fixture("h5/cifar10_seq_bn_k2.15.h5")).subarray(0, 4096), /truncated\.h5/],
      [
        "magic.h5",
        Buffer.concat([Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(600, 7)]),
        /cannot read '.*magic\.h5' as HDF5/,
      ],
      ["binary.keras", Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), /cannot read '.*binary\.keras' as a \.keras archive/],
    ];
    for (const [name, bytes, expected, env] of cases) {
      writeFileSync(join(dir, name), bytes);
      const started = Date.now();
      const r = run(dir, ["import", name], env);
      assert.equal(r.status, 2, `${name}: ${r.stderr}`);
      assert.match(r.stderr, expected, name);
      assert.equal(r.stderr.trim().split("\n").length, 1, `${name}: one line, no stack: ${r.stderr}`);
      assert.ok(Date.now() - started < 30_000, `${name} took ${Date.now() - started} ms`);
    }
    assert.deepEqual(
      written(
        dir,
        cases.map((c) => c[0]),
      ),
      [],
    );
  });

  it("an archive whose size fields lie unpacks no more than they declare, and is refused", () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-import-liar-"));
    const entries = kerasEntries();
    const zip = zipSync({ "config.json": entries["config.json"], "model.weights.h5": new Uint8Array(8 << 20) }, { level: 9 });
    // The central directory's uncompressed size of the second entry says 100 bytes; its data inflates to 8 MB.
    const view = new DataView(zip.buffer);
    let at = zip.length - 22;
    at = view.getUint32(at + 16, true);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    view.setUint32(at + 24, 100, true);
    writeFileSync(join(dir, "liar.keras"), zip);
    const r = run(dir, ["import", "liar.keras"]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /liar\.keras/);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  });

  it("Keras 3's save_weights file and another session's Keras 2 one: by name, else by position as load_weights does", () => {
    const dir = folder("h5/cifar10_bn_k2.8.json", "h5/cifar10_bn_k2.8.weights.h5");
    const entries = kerasEntries();
    writeFileSync(join(dir, "mnist.json"), entries["config.json"]);
    writeFileSync(join(dir, "mnist.weights.h5"), entries["model.weights.h5"]);
    const k3 = run(dir, ["import", "mnist.json", "--weights", "mnist.weights.h5"]);
    assert.equal(k3.status, 0, k3.stderr);
    assert.match(k3.stderr, /its 225,034 parameter values \(Keras \.h5\) were saved as the run/);
    // The same topology with its layers renamed, as a new session names them: the weights go by position.
    const json = readFileSync(join(dir, "cifar10_bn_k2.8.json"), "utf8").replace(/"(conv2d|batch_normalization|dense)_(\d+)"/g, '"$1_x$2"');
    writeFileSync(join(dir, "renamed.json"), json);
    const renamed = run(dir, ["import", "renamed.json", "--weights", "cifar10_bn_k2.8.weights.h5"]);
    assert.equal(renamed.status, 0, renamed.stderr);
    assert.match(renamed.stderr, /matched by position, as Keras' load_weights does/);
    // Weights of another model altogether are refused, naming both sides.
    const other = run(dir, ["import", "mnist.json", "--weights", "cifar10_bn_k2.8.weights.h5", "-o", "other.cnn.json"]);
    assert.equal(other.status, 2);
    assert.match(
      other.stderr,
      /'cifar10_bn_k2\.8\.weights\.h5': the file's weights belong to 15 layers of another model \(conv2d_6, batch_normalization_7, .*\), not to the model's 4 weighted layers \(conv2d, conv2d_1, dense, dense_1\)/,
    );
    const swapped = run(dir, ["import", "cifar10_bn_k2.8.weights.h5", "--weights", "cifar10_bn_k2.8.json"]);
    assert.match(
      swapped.stderr,
      /holds no weights .*; did you mean import cifar10_bn_k2\.8\.json --weights cifar10_bn_k2\.8\.weights\.h5\?/,
    );
  });

  it("layer names TF.js refuses (UTF-8 in the file, a weight-like name) are renamed for the run, and said", () => {
    const dir = folder("h5/cifar10_seq_bn_k2.15.h5");
    // The file's first two convolutions renamed as a user may name them: h5py writes the names as UTF-8 bytes.
    const script = [
      "import h5py, json, sys",
      "f = h5py.File(sys.argv[1], 'r+')",
      "cfg = json.loads(f.attrs['model_config'])",
      "g = f['model_weights']",
      "names = [n.decode() if isinstance(n, bytes) else n for n in g.attrs['layer_names']]",
      "for old, new in [('conv2d', 'ü x'), ('conv2d_1', 'kernel:0')]:",
      "    for l in cfg['config']['layers']:",
      "        if l['config']['name'] == old: l['config']['name'] = new",
      "    names = [new if n == old else n for n in names]",
      "    g.move(old, new); g[new].move(old, new)",
      "    text = lambda w: w.decode() if isinstance(w, bytes) else w",
      "    g[new].attrs['weight_names'] = [text(w).replace(old + '/', new + '/').encode() for w in g[new].attrs['weight_names']]",
      "g.attrs['layer_names'] = [n.encode() for n in names]",
      "f.attrs['model_config'] = json.dumps(cfg)",
    ].join("\n");
    const python = spawnSync("/usr/bin/python3", ["-c", script, join(dir, "cifar10_seq_bn_k2.15.h5")], { encoding: "utf8" });
    assert.equal(python.status, 0, python.stderr);
    const r = run(dir, ["import", "cifar10_seq_bn_k2.15.h5", "-o", "named.cnn.json"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /layer "ü x" renamed "u_x": runs keep weights in TF\.js' format/);
    assert.match(r.stderr, /layer "kernel:0" renamed "kernel_0"/);
    assert.match(r.stderr, /its 179,418 parameter values/);
    const text = readFileSync(join(dir, "named.cnn.json"), "utf8");
    assert.match(text, /"name": "u_x"/);
    // The run's weights carry the new names, so an export finds them.
    const [runName] = readdirSync(join(dir, ".cnn-runs", "named"));
    const back = run(dir, [
      "export",
      "named.cnn.json",
      "--format",
      "keras3",
      "--run",
      join(".cnn-runs", "named", runName),
      "-o",
      "named.keras",
    ]);
    assert.equal(back.status, 0, back.stderr);
  });

  it("--weights-run inside another run, and --weights with a file that has its own, are refused", () => {
    const dir = folder("keras/mnist_cnn_dropout_k3.14.keras", "h5/cifar10_bn_k2.8.weights.h5");
    assert.equal(run(dir, ["import", "mnist_cnn_dropout_k3.14.keras", "--weights-run", "first"]).status, 0);
    const inside = run(dir, ["import", "mnist_cnn_dropout_k3.14.keras", "-o", "b.cnn.json", "--weights-run", "first/inner"]);
    assert.equal(inside.status, 2);
    assert.match(inside.stderr, /--weights-run: 'first\/inner' is inside the run '.*first'/);
    const both = run(dir, ["import", "mnist_cnn_dropout_k3.14.keras", "-o", "c.cnn.json", "--weights", "cifar10_bn_k2.8.weights.h5"]);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /has weights of its own; --weights is for a JSON topology saved without them/);
  });

  it("a weight of another shape than the model needs is refused, naming the layer and both shapes", () => {
    const dir = folder("keras/mnist_cnn_dropout_k3.14.keras");
    const entries = kerasEntries();
    const config = JSON.parse(new TextDecoder().decode(entries["config.json"]));
    const dense = config.config.layers.find((l: { class_name: string }) => l.class_name === "Dense");
    dense.config.units = 127;
    writeFileSync(join(dir, "wrong.keras"), zipSync({ ...entries, "config.json": new TextEncoder().encode(JSON.stringify(config)) }));
    const r = run(dir, ["import", "wrong.keras"]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /'wrong\.keras': layer dense: the file's kernel has shape \[1600, 128\]; the model needs \[1600, 127\]/);
    assert.ok(!existsSync(join(dir, "wrong.cnn.json")));
  });
});

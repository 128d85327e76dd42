/**
 * [codegen] Layer and model names a hostile repository could hold, through every exporter, present and future (the
 * table of checks is a Record over the export formats, so a new format does not compile until it is checked
 * here): each generated file is parsed and imported by Python (the Keras script with a recording stand-in for
 * TensorFlow, which is not installed here; the PyTorch module with python3-torch; the ONNX model by python3-onnx's
 * checker) or loaded by tfjs-layers, every name comes back exactly, and no code of a name runs. Names holding
 * control characters are refused by the engine instead.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { onnx } from "onnx-proto";
import { analyze, exportArtefact, tfjsNameProblem, type ExportFormat, formatMessage } from "../../src/core";
import { exportFiles } from "../../src/node/exportFiles";
import { zeroRun } from "../helpers/model";
import { python } from "./tools";

/** Names that have broken code generators elsewhere: quotes, escapes, braces, keywords, builtins, paths, scripts. */
export const hostileNames: readonly string[] = [
  `x"); open("pwned", "w"); ("`,
  `"""\\'''`,
  "café ✓ 𝔘",
  "'",
  '"',
  "\\",
  '\\"',
  "'''",
  '"""',
  "{}",
  "{0}",
  "{__import__('os').system('touch pwned')}",
  "%s%s%s%n",
  "%(name)s",
  "$(touch pwned)",
  "`touch pwned`",
  "${process.exit(1)}",
  "__import__('os').system('touch pwned')",
  "import os",
  "def",
  "class",
  "lambda",
  "None",
  "True",
  "self",
  "super",
  "torch",
  "nn",
  "F",
  "np",
  "tf",
  "keras",
  "layers",
  "x",
  "model",
  "Model",
  "__init__",
  "forward",
  "build_model",
  "LAYER_NAMES",
  "__builtins__",
  "print",
  "exec",
  "eval",
  "os.system",
  "1abc",
  "-",
  "a b",
  "a.b",
  "a-b",
  "a_b",
  "a:b",
  "a#b",
  "# comment",
  "a;b",
  "'; DROP TABLE layers; --",
  "<img src=x onerror=alert(1)>",
  "]]><x>&amp;",
  "..\\..\\etc\\passwd",
  "..",
  "C:\\Windows\\System32",
  "\\u0041\\x41\\N{BULLET}",
  "名前",
  "مرحبا",
  "😀",
  "a\u00a0b",
  "constructor",
  "__proto__",
  "toString",
  "hasOwnProperty",
  "n".repeat(300),
];

/** Names the engine must refuse: a slash (Keras' scope separator) and control characters. */
const refusedNames = [
  "a/b",
  "a\nimport os",
  "x\r",
  "\x1b[2J",
  "a\tb",
  "\u202eevil",
  "\x00",
  "a\u200bb",
  "soft\u00adhyphen",
  "\u061cmark",
  "tag\u{e0041}",
];

/** A chain of small Dense layers, each named by one of `names`, after an input named `input`. */
function chain(names: readonly string[], modelName = hostileNames[0]): string {
  return JSON.stringify({
    version: 1,
    name: modelName,
    layers: [{ type: "Input", name: "input", shape: [3] }, ...names.map((name) => ({ type: "Dense", name, units: 2 }))],
  });
}

/** A recording stand-in for TensorFlow: each layer class records (kind, name); calling a layer returns it. */
const tensorflowStub = {
  "tensorflow/__init__.py": "from . import keras\nfrom .keras import _Anything\nnn = math = _Anything()\n",
  "tensorflow/keras/__init__.py": [
    "CREATED = []",
    "class _Anything:",
    "    def __getattr__(self, name): return _Anything()",
    "    def __call__(self, *args, **kwargs): return _Anything()",
    "class _Layer:",
    "    def __init__(self, kind, *args, **kwargs):",
    "        self.kind, self.name = kind, kwargs.get('name')",
    "        CREATED.append((kind, self.name))",
    "    def __call__(self, *args, **kwargs): return self",
    "def Input(*args, **kwargs): return _Layer('Input', **kwargs)",
    "def Model(*args, **kwargs): return ('Model', kwargs.get('name'))",
    "def Sequential(layers=None, name=None, **kwargs): return ('Sequential', name)",
    "from . import layers",
    "def __getattr__(name): return _Anything()",
  ].join("\n"),
  "tensorflow/keras/layers.py": "from . import _Layer\ndef __getattr__(kind): return lambda *a, **k: _Layer(kind, *a, **k)\n",
};

/** Runs Python on `code` in `dir` (the stand-in on its path); returns what it printed as JSON. */
function pythonJson(dir: string, code: string): unknown {
  return JSON.parse(
    execFileSync(python, ["-c", code], { cwd: dir, encoding: "utf8", env: { ...process.env, PYTHONPATH: `${dir}:${join(dir, "stub")}` } }),
  );
}

type Check = (text: string, names: readonly string[], dir: string) => Promise<void> | void;

/** One check per export format: the compiler makes a new format add its own. */
const checks: Record<ExportFormat, Check> = {
  keras(text, names, dir) {
    const r = exportArtefact(text, { format: "keras", outputName: "evil_keras.py" });
    assert.ok(r.ok && "text" in r.value, r.ok ? "" : formatMessage(r.problem));
    writeFileSync(join(dir, "evil_keras.py"), r.value.text);
    for (const [file, content] of Object.entries(tensorflowStub)) {
      mkdirSync(join(dir, "stub", file, ".."), { recursive: true });
      writeFileSync(join(dir, "stub", file), content);
    }
    const made = pythonJson(
      dir,
      "import json, evil_keras, tensorflow.keras as k\nm = evil_keras.build_model()\nprint(json.dumps([[n for kind, n in k.CREATED if kind == 'Dense'], m[1]]))",
    ) as [string[], string];
    assert.deepEqual(made[0], names);
    assert.equal(made[1], JSON.parse(text).name);
  },
  pytorch(text, names, dir) {
    const r = exportArtefact(text, { format: "pytorch", outputName: "evil_torch.py" });
    assert.ok(r.ok && "text" in r.value, r.ok ? "" : formatMessage(r.problem));
    writeFileSync(join(dir, "evil_torch.py"), r.value.text);
    const got = pythonJson(
      dir,
      "import json, torch, evil_torch\nm = evil_torch.build_model()\ny = m(torch.ones(1, 3))\nprint(json.dumps([list(evil_torch.LAYER_NAMES.values()), list(y.shape)]))",
    ) as [string[], number[]];
    assert.deepEqual(got[0], names);
    assert.deepEqual(got[1], [1, 2]);
  },
  async tfjs(_text, all) {
    // tfjs-layers takes ASCII tensor names and keys plain objects by layer name: the export refuses the others, saying why.
    const names = all.filter((n) => !tfjsNameProblem(n));
    assert.ok(names.length >= 15, `only ${names.length} names left for TF.js`);
    for (const refusedName of all.filter((n) => tfjsNameProblem(n))) {
      const refused = exportArtefact(chain([refusedName]), { format: "tfjs", outputName: "evil.json" });
      assert.equal(refused.ok, false);
      assert.match(refused.ok ? "" : formatMessage(refused.problem), /is (a name every JavaScript object has|not a name TF\.js takes)/);
    }
    const r = exportArtefact(chain(names), { format: "tfjs", outputName: "evil.json" });
    assert.ok(r.ok && "text" in r.value, r.ok ? "" : formatMessage(r.problem));
    const json = JSON.parse(r.value.text) as { modelTopology: object };
    const model = await tf.models.modelFromJSON(json.modelTopology as never);
    assert.deepEqual(
      model.layers.slice(1).map((l) => l.name),
      names,
    );
    model.dispose();
  },
  async h5(text, names, dir) {
    const got = await savedNames(text, "h5", dir, [
      "import h5py, json",
      "f = h5py.File('evil.h5', 'r')",
      "t = lambda v: v.decode() if isinstance(v, bytes) else str(v)",
      "config = json.loads(t(f.attrs['model_config']))",
      "print(json.dumps([[t(n) for n in f['model_weights'].attrs['layer_names']], [l['config']['name'] for l in config['config']['layers']]]))",
    ]);
    assert.deepEqual(got, [
      ["input", ...names],
      ["input", ...names],
    ]);
  },
  async keras3(text, names, dir) {
    const got = await savedNames(text, "keras3", dir, [
      "import zipfile, json",
      "config = json.loads(zipfile.ZipFile('evil.keras').read('config.json'))",
      "print(json.dumps([l['config']['name'] for l in config['config']['layers']]))",
    ]);
    assert.deepEqual(got, ["input", ...names]);
  },
  onnx(text, names, dir) {
    const r = exportArtefact(text, { format: "onnx", outputName: "evil.onnx" });
    assert.ok(r.ok && "onnx" in r.value, r.ok ? "" : formatMessage(r.problem));
    writeFileSync(join(dir, "evil.onnx"), onnx.ModelProto.encode(onnx.ModelProto.fromObject(r.value.onnx)).finish());
    const nodes = pythonJson(
      dir,
      "import json, onnx\nm = onnx.load('evil.onnx')\nonnx.checker.check_model(m, full_check=True)\nprint(json.dumps([n.name for n in m.graph.node]))",
    ) as string[];
    for (const name of names)
      assert.ok(
        nodes.some((n) => n === name || n.startsWith(`${name}/`)),
        `no ONNX node for ${JSON.stringify(name)}`,
      );
  },
};

/** Exports `text` with a run to a Keras file `evil.<ext>` in `dir`; returns what Python prints reading it. */
async function savedNames(text: string, format: "h5" | "keras3", dir: string, code: string[]): Promise<unknown> {
  const file = format === "h5" ? "evil.h5" : "evil.keras";
  const r = exportArtefact(text, { format, outputName: file, run: zeroRun(text) });
  assert.ok(r.ok, r.ok ? "" : formatMessage(r.problem));
  writeFileSync(join(dir, file), (await exportFiles(r.value))[0].bytes);
  return pythonJson(dir, code.join("\n"));
}

describe("[codegen] hostile layer and model names through every exporter", () => {
  it(`[codegen] ${hostileNames.length} names are ordinary names to the engine`, () => {
    const a = analyze(chain(hostileNames));
    assert.deepEqual(
      a.diagnostics.filter((d) => d.severity === "error").map((d) => d.message),
      [],
    );
    assert.deepEqual(
      a.layers.slice(1).map((l) => l.name),
      [...hostileNames],
    );
  });

  for (const format of Object.keys(checks) as ExportFormat[]) {
    it(`[codegen] ${format}: the generated file parses, loads and gives every name back exactly; no name's code runs`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `cnn-hostile-${format}-`));
      await checks[format](chain(hostileNames), hostileNames, dir);
      assert.equal(existsSync(join(dir, "pwned")), false, "a name's code ran");
    });
  }

  it("[codegen] names with a slash or a control character are refused, naming the layer, in every format", () => {
    for (const name of refusedNames) {
      const text = chain(["ok", name]);
      assert.ok(
        analyze(text).diagnostics.some((d) => d.severity === "error" && d.code === "invalid-name"),
        JSON.stringify(name),
      );
      for (const format of Object.keys(checks) as ExportFormat[]) {
        const r = exportArtefact(text, { format, outputName: "m.x" });
        assert.equal(r.ok, false, `${format} exported ${JSON.stringify(name)}`);
      }
    }
  });
});

/**
 * The CLI in the terminal's language: with `LANG=es_ES.UTF-8` its own lines (usage errors, the parser's, what a
 * command did, --help) and the core's messages it prints are Spanish; `check`'s file:line:col lines, the
 * Keras-style summary and --json stay English; `LC_ALL` wins over `LANG`. So do the trainer's refusals, the file
 * readers' and the datasets'. (That none of them skips the catalogue is read from the source: catalogueSource.test.ts.)
 */
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { python } from "../helpers/cliProcess";

const root = join(__dirname, "..", "..", "..");
const cli = join(root, "dist", "cli.js");
const ex = (name: string) => join(root, "examples", name);

/** Runs the CLI with the locale variables given (the others unset). */
function run(locale: Record<string, string>, ...args: string[]) {
  const env = { ...process.env, LANG: "", LC_ALL: "", LC_MESSAGES: "", ...locale };
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd: root, env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const es = { LANG: "es_ES.UTF-8" };

describe("cnn-designer in Spanish (LANG=es_ES.UTF-8)", () => {
  const dir = mkdtempSync(join(tmpdir(), "cnn-cli-es-"));
  const broken = join(dir, "broken.cnn.json");
  writeFileSync(
    broken,
    '{\n  "version": 1,\n  "layers": [\n    { "type": "Input", "shape": [4, 4, 1] },\n    { "type": "Dense" }\n  ]\n}\n',
  );

  it("says usage errors, the parser's included, in Spanish, and English without a Spanish locale", () => {
    const cases: [string[], RegExp, RegExp][] = [
      [["frobnicate"], /^cnn-designer: comando desconocido 'frobnicate'; consulte cnn-designer --help\n$/, /unknown command 'frobnicate'/],
      [
        ["summary", "--bogus", "m.cnn.json"],
        /summary no tiene la opción '--bogus'.*consulte cnn-designer --help\n$/,
        /summary has no option '--bogus'/,
      ],
      [["train", "m.cnn.json", "--epochs"], /--epochs necesita un valor/, /--epochs needs a value/],
      [["summary", "--json=yes", "m.cnn.json"], /--json no admite ningún valor/, /--json takes no value/],
      [
        ["train", ex("lenet5.cnn.json"), "--epochs", "0"],
        /--epochs debe ser un entero de 1 a 2\.147\.483\.647; se ha recibido '0'/,
        /from 1 to 2,147,483,647, got '0'/,
      ],
      [["summary", "a", "b"], /summary admite exactamente un ARCHIVO/, /summary takes exactly one FILE/],
      [["summary", "--optimizer", "adma", ex("lenet5.cnn.json")], /¿quería decir 'adam'\?/, /did you mean 'adam'\?/],
      [["diagram", ex("lenet5.cnn.json"), "--style", "x"], /--style debe ser uno de cards, volume/, /--style must be one of cards, volume/],
      [
        ["summary", "--batch-size", "-1", ex("lenet5.cnn.json")],
        /--batch-size necesita un valor: '-1' empieza por '-', así que escriba --batch-size=-1\n$/,
        /--batch-size takes a value: '-1' starts with '-', so write --batch-size=-1\n$/,
      ],
      [["summary", "-raro.cnn.json"], /summary no tiene la opción '-raro\.cnn\.json'/, /summary has no option '-raro\.cnn\.json'/],
      [
        ["export", ex("lenet5.cnn.json"), "-o", "m.py"],
        /export necesita --format, uno de keras, /,
        /export needs --format, one of keras, /,
      ],
      [["export", ex("lenet5.cnn.json"), "--format", "KERAS", "-o", "m.py"], /¿quería decir 'keras'\?/, /did you mean 'keras'\?/],
      [["schema", "--force"], /--force es para -o/, /--force is for -o/],
      [
        ["diff", ex("lenet5.cnn.json"), ex("small-vgg.cnn.json"), "--rev", "HEAD"],
        /--rev va con un solo ARCHIVO/,
        /--rev goes with one FILE/,
      ],
    ];
    for (const [args, spanish, english] of cases) {
      const r = run(es, ...args);
      assert.equal(r.code, 2, args.join(" "));
      assert.match(r.err, spanish, args.join(" "));
      assert.equal(r.err.split("\n").length, 2, `one line: ${r.err}`);
      assert.match(run({ LANG: "C.UTF-8" }, ...args).err, english, args.join(" "));
    }
  });

  it("prints --help in Spanish, and LC_ALL wins over LANG", () => {
    assert.match(run(es, "--help").out, /^Uso: cnn-designer <comando> \[opciones\]\n\nComandos:\n/);
    assert.match(run({ LC_MESSAGES: "es_MX" }, "summary", "--help").out, /^Uso: /);
    assert.match(run({ ...es, LC_ALL: "C" }, "--help").out, /^Usage: cnn-designer <command> \[options\]/);
  });

  it("keeps check's lines and the summary in English, for tools; says the count in Spanish", () => {
    const r = run(es, "check", broken, ex("lenet5.cnn.json"));
    assert.equal(r.code, 1);
    assert.match(r.out, /^[^\n]*broken\.cnn\.json:5:15: error: dense: Dense needs 'units': Number of output units\.\n$/);
    assert.equal(r.err, "2 archivos comprobados: 1 error, 0 advertencias\n");
    const missing = run(es, "check", join(dir, "nothing.cnn.json"), ex("lenet5.cnn.json"));
    assert.match(missing.err, /1 archivo comprobado: 0 errores, 0 advertencias; 1 archivo no se ha podido leer\n$/);
    const summary = run(es, "summary", ex("pooling-gap.cnn.json"));
    assert.match(summary.out, /Total params: 300,042 \(1\.14 MB\)/);
    assert.match(summary.err, /: info: conv2d_1: receptive field 7×7 of the 32×32 input/);
  });

  it("writes the core's messages it prints in Spanish: an export refused, what an export did", () => {
    const refused = run(es, "export", broken, "--format", "onnx", "-o", join(dir, "m.onnx"));
    assert.equal(refused.code, 2);
    assert.match(
      refused.err,
      /^cnn-designer: no se puede exportar: el modelo tiene 1 error que corregir antes: dense: Dense necesita 'units': Número de unidades de salida\.\n$/,
    );
    const done = run(es, "export", ex("lenet5.cnn.json"), "--format", "keras", "-o", join(dir, "m.py"));
    assert.equal(done.code, 0, done.err);
    assert.match(done.err, /lenet5\.cnn\.json exportado en formato keras a .*m\.py\n$/);
  });
});

describe("the file layer in the terminal's language", () => {
  const dir = mkdtempSync(join(tmpdir(), "cnn-files-es-"));

  it("says a file that cannot be read, and an output refused, in Spanish", () => {
    const model = join(dir, "m.cnn.json");
    writeFileSync(model, readFileSync(ex("lenet5.cnn.json")));
    writeFileSync(join(dir, "taken.py"), "");
    const cases: [string[], RegExp, RegExp][] = [
      [
        ["summary", join(dir, "nothing.cnn.json")],
        /^cnn-designer: no se puede leer el modelo: '.*nothing\.cnn\.json': no existe ese archivo ni esa carpeta\n$/,
        /^cnn-designer: cannot read the model: '.*nothing\.cnn\.json': no such file or folder\n$/,
      ],
      [["summary", dir], /no se puede leer el modelo: '.*' es una carpeta\n$/, /cannot read the model: '.*' is a folder\n$/],
      [
        ["export", model, "--format", "keras", "-o", join(dir, "taken.py")],
        /'.*taken\.py' ya existe; use --force para reemplazarlo\n$/,
        /'.*taken\.py' already exists; use --force to replace it\n$/,
      ],
      [
        ["export", model, "--format", "keras", "-o", model, "--force"],
        /'.*m\.cnn\.json' es el modelo que se exporta; escriba en otro archivo\n$/,
        /'.*m\.cnn\.json' is the model being exported; write to another file\n$/,
      ],
    ];
    for (const [args, spanish, english] of cases) {
      const r = run(es, ...args);
      assert.equal(r.code, 2, args.join(" "));
      assert.match(r.err, spanish);
      assert.match(run({ LANG: "C.UTF-8" }, ...args).err, english);
    }
  });
});

describe("the trainer's refusals in the terminal's language", function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), "cnn-train-es-"));

  it("says in Spanish why a run cannot start: no dataset, a run to resume that is not there", () => {
    const model = join(dir, "m.cnn.json");
    writeFileSync(
      model,
      JSON.stringify({
        version: 1,
        layers: [
          { type: "Input", shape: [4] },
          { type: "Dense", units: 2 },
        ],
      }),
    );
    const none = run(es, "train", model);
    assert.equal(none.code, 2, none.err);
    assert.match(
      none.err,
      /^cnn-designer: el archivo de modelo no tiene un training\.dataset con el que entrenar \(por ejemplo, \{ "type": "mnist-sample" \}\)\n$/,
    );
    const resume = run(es, "train", "--resume", join(dir, "nothing"), ex("lenet5.cnn.json"));
    assert.equal(resume.code, 2, resume.err);
    assert.match(resume.err, /^cnn-designer: no se puede reanudar '.*nothing': no existe esa carpeta\n$/);
    assert.match(run({ LANG: "C.UTF-8" }, "train", model).err, /the model file has no training\.dataset to train on/);
  });

  it("says in Spanish why a dataset cannot be trained on: a file that is not NPY, a folder of one class, a NaN", () => {
    const data = mkdtempSync(join(tmpdir(), "cnn-train-es-sets-"));
    writeFileSync(join(data, "x.npy"), "hello world");
    mkdirSync(join(data, "images", "cats"), { recursive: true });
    // An NPY file of one float32 sample [1, NaN]: the header padded to 64 bytes, as NumPy writes it.
    const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }";
    const npy = (values: number[]) =>
      Buffer.concat([
        Buffer.from([0x93, ...Buffer.from("NUMPY"), 1, 0, 118, 0]),
        Buffer.from(header.padEnd(117, " ") + "\n"),
        Buffer.from(new Float32Array(values).buffer),
      ]);
    writeFileSync(join(data, "nan.npy"), npy([1, NaN]));
    writeFileSync(join(data, "labels.npy"), npy([0, 1]));
    const model = (input: number[], dataset: object) => {
      const file = join(data, `m${Math.random().toString(36).slice(2)}.cnn.json`);
      const layers = [{ type: "Input", shape: input }, { type: "Flatten" }, { type: "Dense", units: 2, activation: "softmax" }];
      writeFileSync(file, JSON.stringify({ version: 1, layers, training: { dataset, epochs: 1 } }));
      return file;
    };
    const cases: [string, RegExp][] = [
      [model([2], { type: "npy", x: "x.npy", y: "x.npy" }), /x\.npy: no es un archivo NPY \(no tiene la firma \\x93NUMPY\)\n$/],
      [model([8, 8, 1], { type: "imageFolder", path: "images" }), /images: necesita una subcarpeta por clase \(al menos dos\), hay 1\n$/],
      [
        model([2], { type: "npy", x: "nan.npy", y: "labels.npy" }),
        /nan\.npy: el valor del índice 1 \(muestra 0, elemento 1\) es NaN; el entrenamiento necesita números finitos/,
      ],
    ];
    for (const [file, spanish] of cases) {
      const r = run(es, "train", file, "--backend", "wasm", "--runs-dir", join(data, "runs"));
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, spanish);
      assert.equal(r.err.split("\n").length, 2, `one line: ${r.err}`);
    }
  });

  it("says in Spanish what the run trains on, why it stopped early, and why a diverged run failed", () => {
    const data = mkdtempSync(join(tmpdir(), "cnn-train-es-data-"));
    const script =
      "import numpy as np\nr = np.random.RandomState(0)\nnp.save('x.npy', r.rand(200, 8).astype('float32'))\nnp.save('y.npy', r.rand(200, 1).astype('float32'))";
    execFileSync(python, ["-c", script], { cwd: data });
    const regression = (training: object) => {
      const file = join(data, `m${readdirSync(data).length}.cnn.json`);
      const layers = [
        { type: "Input", shape: [8] },
        { type: "Dense", units: 16, activation: "relu" },
        { type: "Dense", units: 1 },
      ];
      const base = { loss: "meanSquaredError", metrics: [], batchSize: 16, validationSplit: 0.1, testSplit: 0.1, seed: 1 };
      const dataset = { type: "npy", x: "x.npy", y: "y.npy" };
      writeFileSync(file, JSON.stringify({ version: 1, layers, training: { ...base, dataset, ...training } }));
      return file;
    };
    // No epoch improves by 1,000: early stopping ends the run after its second epoch.
    const early = regression({
      optimizer: { type: "sgd", learningRate: 0.01 },
      epochs: 5,
      earlyStopping: { monitor: "loss", patience: 0, minDelta: 1000 },
    });
    // On the backend a run picks here (PyTorch on the CPU, after tensorflow-gpu).
    const stopped = run(es, "train", early, "--python", python, "--runs-dir", join(data, "runs"));
    assert.equal(stopped.code, 0, stopped.err);
    assert.match(stopped.out, /\nBackend: pytorch \(CPU: \d+ hilos, PyTorch 1\.\d+/);
    assert.match(stopped.out, /\n {2}se omite tensorflow-gpu: no está instalado\n/);
    assert.match(stopped.out, /\nDetenido: parada temprana \(loss no mejoró en 1 época\)\n/);
    assert.doesNotMatch(stopped.out, /not installed|early stopping|did not improve/);
    // SGD at a learning rate of 2 diverges (test/cli/nonFinite.test.ts): the failure in Spanish.
    const diverging = regression({ optimizer: { type: "sgd", learningRate: 2 }, epochs: 30 });
    const failed = run(es, "train", diverging, "--backend", "wasm", "--runs-dir", join(data, "runs"));
    assert.equal(failed.code, 1, failed.err);
    assert.match(
      failed.out,
      /\nBackend: wasm \(CPU: .*WebAssembly \(SIMD.*\) con los kernels de gradiente de convolución de CNN Designer\)\n/,
    );
    assert.match(
      failed.err,
      /la pérdida pasó a ser (NaN|-?Infinity) en la época \d+, lote \d+; el entrenamiento se detuvo \(TerminateOnNaN\): la última época buena, \d+, se conserva en checkpoints\/last\.json\. Una tasa de aprendizaje menor/,
    );
  });
});

describe("the file readers in Spanish", () => {
  it("say why an imported file, a run's files or a committed version cannot be read", () => {
    const dir = mkdtempSync(join(tmpdir(), "cnn-readers-es-"));
    writeFileSync(join(dir, "text.h5"), "hello world");
    writeFileSync(join(dir, "cut.keras"), Buffer.from("PK\x03\x04garbage", "latin1"));
    writeFileSync(join(dir, "model.json"), JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ["../w.bin"], weights: [] }] }));
    mkdirSync(join(dir, "notrun"));
    const model = join(dir, "lenet5.cnn.json");
    writeFileSync(model, readFileSync(ex("lenet5.cnn.json")));
    const cases: [string[], RegExp][] = [
      [
        ["import", join(dir, "text.h5"), "-o", join(dir, "a.cnn.json")],
        /no es un archivo HDF5 \(le falta la firma de HDF5\), así que no es un archivo de Keras\n$/,
      ],
      [
        ["import", join(dir, "cut.keras"), "-o", join(dir, "b.cnn.json")],
        /como archivo \.keras: no tiene directorio zip \(un archivo truncado o dañado\)\n$/,
      ],
      [
        ["import", join(dir, "model.json"), "-o", join(dir, "c.cnn.json")],
        /menciona el archivo de pesos "\.\.\/w\.bin", que apunta fuera de su carpeta; se rechaza\n$/,
      ],
      [["diff", model, "--rev", "a..b"], /'a\.\.b' no es una revisión de git \(un commit, una rama o una etiqueta; no un rango\)\n$/],
      [["diff", model, "--rev", "HEAD"], /git no puede leer .*lenet5\.cnn\.json en HEAD: .* no está en un repositorio de git\n$/],
      [
        ["export", model, "--format", "tfjs", "--run", join(dir, "notrun"), "-o", join(dir, "out")],
        /'.*notrun' no tiene model\.cnn\.json: no es una ejecución de entrenamiento, o no se puede saber qué modelo entrenó/,
      ],
    ];
    for (const [args, spanish] of cases) {
      const r = run(es, ...args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.err}`);
      assert.match(r.err, spanish, args.join(" "));
      assert.equal(r.err.split("\n").length, 2, `one line: ${r.err}`);
    }
  });
});

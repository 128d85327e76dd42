// Bundles each target with esbuild (one bundle per target) and writes the generated JSON Schema.
import { build } from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const production = process.argv.includes("--production");
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

await Promise.all([
  build({
    ...common,
    entryPoints: ["src/extension/extension.ts"],
    outfile: "dist/extension.js",
    external: ["vscode"],
    // When the bundle starts and ends loading, for the activation benchmark (bench/activation.ts).
    banner: { js: "globalThis.__cnnDesignerLoad = [performance.now()];" },
    footer: { js: "globalThis.__cnnDesignerLoad.push(performance.now());" },
  }),
  build({ ...common, entryPoints: ["src/cli/cli.ts"], outfile: "dist/cli.js" }),
  // The designer webview: a browser bundle, its stylesheet beside it.
  build({
    ...common,
    platform: "browser",
    format: "iife",
    target: "es2022",
    mainFields: ["browser", "module", "main"],
    entryPoints: { designer: "webview/designer/main.ts", palette: "webview/palette/main.ts" },
    // Always minified: elkjs alone is 1.6 MB as shipped (the source map keeps it debuggable).
    minify: true,
    outdir: "dist/webview",
  }),
  build({
    ...common,
    entryPoints: { designer: "webview/designer/designer.css", palette: "webview/palette/palette.css" },
    outdir: "dist/webview",
  }),
]);

// The schema comes from the layer registry, through the same core the bundles carry.
mkdirSync("dist", { recursive: true });
await build({ ...common, sourcemap: false, minify: false, entryPoints: ["src/core/schema.ts"], outfile: "dist/.schema-gen.js" });
const { modelSchema } = createRequire(import.meta.url)("./dist/.schema-gen.js");
writeFileSync("dist/cnn-model.schema.json", `${JSON.stringify(modelSchema(), null, 2)}\n`);
rmSync("dist/.schema-gen.js");

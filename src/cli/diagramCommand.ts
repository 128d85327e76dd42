/**
 * `cnn-designer diagram`: a model's diagram as SVG or PNG, headless — cards as in the designer, or volumes as in
 * a paper's figure; repeated blocks drawn once with --collapse.
 */
import { extname } from "node:path";
import { parseArgs } from "node:util";
import { analyze, didYouMean, layerTypes, msg } from "../core";
import { loadDiagrams } from "../node/diagramLoader";
import { outputProblem } from "../node/files";
import { readUserText } from "../node/readFiles";
import { writeOutputs } from "./interop";
import { say, toolCatalogue } from "./messages";
import { print, printError } from "./output";
import { formatDiagnostics, locate } from "./report";
import { asUsage, choice, UsageError } from "./usage";

const styles = ["cards", "volume"] as const;
const themes = ["light", "dark"] as const;

/** A PNG's scale: a number from 0.25 to 8 (2 by default: sharp on high-density screens and in print). */
function scaleOf(value: string | undefined): number {
  if (value === undefined) return 2;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n >= 0.25 && n <= 8)) throw new UsageError(say("cli.diagramScale", { value }));
  return n;
}

/** `--hide BatchNormalization,ReLU`: layer types, each checked against the registry. */
function hiddenTypes(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const types = value.split(",").map((t) => t.trim());
  for (const t of types) {
    if (t === "Input") throw new UsageError(say("cli.hideInput"));
    if (!(layerTypes as readonly string[]).includes(t)) {
      const suggestion = didYouMean(t, layerTypes);
      throw new UsageError(suggestion ? say("cli.hideTypeSuggest", { type: t, suggestion }) : say("cli.hideType", { type: t }));
    }
  }
  return types;
}

/**
 * Runs `diagram`: 0 drawn, 1 the model has errors (printed; drawn as far as it can be, or nothing to draw), 2
 * unreadable or bad usage.
 */
export async function diagramCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      output: { type: "string", short: "o" },
      style: { type: "string" },
      theme: { type: "string" },
      collapse: { type: "boolean" },
      scale: { type: "string" },
      hide: { type: "string" },
      force: { type: "boolean" },
    },
  });
  if (positionals.length !== 1) throw new UsageError(say("cli.takesOneFile", { command: "diagram" }));
  const file = positionals[0];
  const output = values.output;
  const format = output === undefined ? "svg" : extname(output).toLowerCase();
  if (format !== "svg" && format !== ".svg" && format !== ".png") throw new UsageError(say("cli.diagramOutput", { value: output ?? "" }));
  const style = choice(values.style, styles, "--style");
  const theme = choice(values.theme, themes, "--theme");
  const scale = scaleOf(values.scale);
  if (values.scale !== undefined && format !== ".png") throw new UsageError(say("cli.diagramScaleForPng"));
  if (values.force && output === undefined) throw new UsageError(say("cli.diagramForce"));
  const hide = hiddenTypes(values.hide);
  const text = asUsage(() => readUserText(file, msg("files.theModel")));
  const inputs = [{ path: file, what: msg("files.theModel") }];
  // A refused output is said before the model's notes, which would otherwise hide it.
  const problem = output === undefined ? undefined : outputProblem(output, { inputs, force: values.force === true });
  if (problem) throw new UsageError(problem.message);
  // Its diagnostics are printed as check prints them (for tools, in English); the diagram's labels are Keras'.
  const a = analyze(text, { catalogue: toolCatalogue });
  for (const line of formatDiagnostics(file, locate(text, a.diagnostics))) printError(`${line}\n`);
  if (a.layers.length === 0) {
    printError(`cnn-designer: ${say("cli.noLayersToDraw", { file })}\n`);
    return 1;
  }
  const missingTypes = (hide ?? []).filter((t) => !a.layers.some((l) => l.type === t));
  if (missingTypes.length)
    printError(`cnn-designer: ${say("cli.hideMissing", { types: missingTypes.join(","), count: missingTypes.length })}\n`);
  const diagrams = loadDiagrams();
  const { svg, missing } = await diagrams.diagramSvgText(a, { style, theme, collapse: values.collapse, hide });
  if (missing.length)
    printError(
      `cnn-designer: ${say("cli.missingGlyphs", { glyphs: `${missing.slice(0, 20).join(", ")}${missing.length > 20 ? ", …" : ""}` })}\n`,
    );
  if (output === undefined) print(svg);
  else {
    let data: string | Uint8Array = svg;
    if (format === ".png")
      try {
        data = await diagrams.svgToPng(svg, scale);
      } catch (e) {
        if (e instanceof diagrams.DiagramTooLarge) throw new UsageError(e.message);
        throw e;
      }
    writeOutputs([{ path: output, data }], inputs, values.force === true);
  }
  return a.diagnostics.some((d) => d.severity === "error") ? 1 : 0;
}

/**
 * `cnn-designer diagram`: a model's diagram as SVG or PNG, headless — cards as in the designer, or volumes as in
 * a paper's figure; repeated blocks drawn once with --collapse.
 */
import { extname } from "node:path";
import { parseArgs } from "node:util";
import { analyze, didYouMean, layerTypes } from "../core";
import { loadDiagrams } from "../node/diagramLoader";
import { outputProblem } from "../node/files";
import { readUserText } from "../node/readFiles";
import { writeOutputs } from "./interop";
import { catalogue } from "./messages";
import { print, printError } from "./output";
import { formatDiagnostics, locate } from "./report";
import { asUsage, UsageError } from "./usage";

const styles = ["cards", "volume"] as const;
const themes = ["light", "dark"] as const;

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be ${allowed.join(" or ")}, got '${value}'`);
}

/** A PNG's scale: a number from 0.25 to 8 (2 by default: sharp on high-density screens and in print). */
function scaleOf(value: string | undefined): number {
  if (value === undefined) return 2;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n >= 0.25 && n <= 8))
    throw new UsageError(`--scale must be a number from 0.25 to 8, got '${value}'`);
  return n;
}

/** `--hide BatchNormalization,ReLU`: layer types, each checked against the registry. */
function hiddenTypes(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const types = value.split(",").map((t) => t.trim());
  for (const t of types) {
    if (t === "Input") throw new UsageError("--hide cannot leave out Input layers: a diagram starts at its inputs");
    if (!(layerTypes as readonly string[]).includes(t)) {
      const suggestion = didYouMean(t, layerTypes);
      throw new UsageError(
        `--hide takes layer types separated by commas; '${t}' is not one${suggestion ? ` (did you mean '${suggestion}'?)` : ""}`,
      );
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
  if (positionals.length !== 1) throw new UsageError("diagram takes exactly one FILE");
  const file = positionals[0];
  const output = values.output;
  const format = output === undefined ? "svg" : extname(output).toLowerCase();
  if (format !== "svg" && format !== ".svg" && format !== ".png")
    throw new UsageError(`-o must name an .svg or .png file, got '${output}'`);
  const style = oneOf(values.style, styles, "--style");
  const theme = oneOf(values.theme, themes, "--theme");
  const scale = scaleOf(values.scale);
  if (values.scale !== undefined && format !== ".png") throw new UsageError("--scale is for a PNG (-o FILE.png)");
  if (values.force && output === undefined) throw new UsageError("--force is for -o (replacing a file); without -o the SVG goes to stdout");
  const hide = hiddenTypes(values.hide);
  const text = asUsage(() => readUserText(file, "the model"));
  const inputs = [{ path: file, what: "the model" }];
  // A refused output is said before the model's notes, which would otherwise hide it.
  const problem = output === undefined ? undefined : outputProblem(output, { inputs, force: values.force === true });
  if (problem) throw new UsageError(problem.message);
  const a = analyze(text, { catalogue });
  for (const line of formatDiagnostics(file, locate(text, a.diagnostics))) printError(`${line}\n`);
  if (a.layers.length === 0) {
    printError(`cnn-designer: ${file} has no layers to draw\n`);
    return 1;
  }
  const missingTypes = (hide ?? []).filter((t) => !a.layers.some((l) => l.type === t));
  if (missingTypes.length)
    printError(
      `cnn-designer: note: --hide ${missingTypes.join(",")}: the model has no layer of ${missingTypes.length === 1 ? "that type" : "those types"}\n`,
    );
  const diagrams = loadDiagrams();
  const { svg, missing } = await diagrams.diagramSvgText(a, { style, theme, collapse: values.collapse, hide });
  if (missing.length)
    printError(
      `cnn-designer: note: the diagram's font (Inter) has no glyphs for ${missing.slice(0, 20).join(", ")}${missing.length > 20 ? ", …" : ""}: they are drawn as boxes\n`,
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

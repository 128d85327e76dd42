/** Helpers to write model files in tests. */
import { analyze, type Analysis, type Diagnostic } from "../../src/core";

/** A model file's text from its layers (pretty-printed, one layer per line). */
export function model(layers: object[], extra: object = {}): string {
  const lines = layers.map((l) => `    ${JSON.stringify(l)}`);
  const head = Object.entries({ version: 1, ...extra }).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  return `{\n${head.join("\n")}\n  "layers": [\n${lines.join(",\n")}\n  ]\n}\n`;
}

/** The text a diagnostic points at. */
export function textAt(text: string, d: Diagnostic): string {
  return text.slice(d.offset, d.offset + d.length);
}

/** A model's mistakes: its diagnostics but the notes ("info": a receptive field that does not cover the input). */
export function mistakes(a: Analysis): Diagnostic[] {
  return a.diagnostics.filter((d) => d.severity !== "info");
}

/** Analyses and returns the mistakes (notes left out) with the text they point at. */
export function problems(text: string): { a: Analysis; list: (Diagnostic & { at: string })[] } {
  const a = analyze(text);
  return { a, list: mistakes(a).map((d) => ({ ...d, at: textAt(text, d) })) };
}

/** The seed's input layer, for brevity. */
export const input32 = { type: "Input", shape: [32, 32, 3] };

/** A run's weights for a model text, every value zero (each weight named as a run names it): what `.h5` and `.keras` exports need. */
export function zeroRun(text: string): { specs: { name: string; shape: number[] }[]; bytes: Uint8Array } {
  const specs = analyze(text).layers.flatMap((l) => (l.weights ?? []).map((w) => ({ name: `${l.name}/${w.name}`, shape: [...w.shape] })));
  const size = specs.reduce((a, s) => a + s.shape.reduce((x, d) => x * d, 1), 0);
  return { specs, bytes: new Uint8Array(size * 4) };
}

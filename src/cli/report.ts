import { LineIndex, type Analysis, type Diagnostic } from "../core";

/** A diagnostic with its 1-based line and column, as the CLI reports it. */
export interface LocatedDiagnostic {
  readonly severity: Diagnostic["severity"];
  readonly code: Diagnostic["code"];
  readonly message: string;
  readonly layer: string | null;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly length: number;
  /** Other places it involves, located the same way. */
  readonly related?: readonly { readonly message: string; readonly line: number; readonly column: number }[];
}

/** Adds line and column to each diagnostic. */
export function locate(text: string, diagnostics: readonly Diagnostic[]): LocatedDiagnostic[] {
  const index = new LineIndex(text);
  return diagnostics.map((d) => ({
    severity: d.severity,
    code: d.code,
    message: d.message,
    layer: d.layer ?? null,
    ...index.positionAt(d.offset),
    offset: d.offset,
    length: d.length,
    ...(d.related ? { related: d.related.map((r) => ({ message: r.message, ...index.positionAt(r.offset) })) } : {}),
  }));
}

/** The most related places printed under one diagnostic; the rest are counted. */
const notes = 3;

const morePlaces = (n: number) => (n === 1 ? "1 more place" : `${n} more places`);

/** Compiler-style lines: `file:line:col: error: message`. */
export function formatDiagnostics(file: string, located: readonly LocatedDiagnostic[]): string[] {
  return located.flatMap((d) => {
    const related = d.related ?? [];
    return [
      `${file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`,
      ...related.slice(0, notes).map((r) => `${file}:${r.line}:${r.column}: note: ${r.message}`),
      // The count is located at the first place not printed.
      ...(related.length > notes
        ? [`${file}:${related[notes].line}:${related[notes].column}: note: and ${morePlaces(related.length - notes)}`]
        : []),
    ];
  });
}

/** The `summary --json` document. */
export function summaryJson(a: Analysis, located: readonly LocatedDiagnostic[]): object {
  return {
    name: a.name ?? null,
    sequential: a.sequential,
    layers: a.layers.map((l) => ({
      name: l.name,
      type: l.type,
      inputs: l.inputs,
      outputShape: l.outputShape,
      params: l.params,
      trainableParams: l.trainableParams,
      nonTrainableParams: l.nonTrainableParams,
      macs: l.macs,
      activationBytes: l.activationBytes,
      trainingBytes: l.trainingBytes,
      receptiveField: l.receptiveField,
    })),
    outputs: a.outputs,
    totalParams: a.totals.params,
    trainableParams: a.totals.trainableParams,
    nonTrainableParams: a.totals.nonTrainableParams,
    totalMacs: a.totals.macs,
    complete: a.totals.complete,
    macsKnown: a.totals.macsKnown,
    exact: a.totals.exact,
    memory: a.memory,
    diagnostics: located,
  };
}

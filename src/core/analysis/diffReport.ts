/**
 * A model diff in words: plain text for a terminal, Markdown for a pull-request comment, a JSON document for
 * machines. Names are the user's: a control character in one is shown escaped.
 */
import type { LayerInfo } from "./analyze";
import type { Figure, LayerChange, ModelDiff } from "./diff";
import { formatBytes } from "./memory";
import { printable } from "../document/printable";
import { formatCount, formatShape } from "../layers/shape";
import { fieldText } from "./summary";

/** A signed count: `+864,000`, `−1,290`, `0`. */
export function signedCount(n: number): string {
  return n > 0 ? `+${formatCount(n)}` : n < 0 ? `−${formatCount(-n)}` : "0";
}

/** A signed size in bytes: `+3.30 MB`, `−512.00 B`. */
function signedBytes(n: number): string {
  return n > 0 ? `+${formatBytes(n)}` : n < 0 ? `−${formatBytes(-n)}` : "0";
}

const shape = (l: LayerInfo | null) => (l?.outputShape ? formatShape(l.outputShape.slice(1)) : "?");
const value = (v: unknown) => (v === undefined ? "(not set)" : printable(JSON.stringify(v)));
/** After minus before, or null where either is unknown. */
export const delta = (before: number | null | undefined, after: number | null | undefined): number | null =>
  before === null || after === null || before === undefined || after === undefined ? null : after - before;

/** The totals' rows: label, before, after, difference. */
function totalRows(d: ModelDiff): [string, string, string, string][] {
  const count = (f: Figure) => [f.before === null ? "?" : formatCount(f.before), f.after === null ? "?" : formatCount(f.after)];
  const bytes = (f: Figure) => [f.before === null ? "?" : formatBytes(f.before), f.after === null ? "?" : formatBytes(f.after)];
  const t = d.totals;
  const row = (label: string, f: Figure, asBytes = false): [string, string, string, string] => {
    const [b, a] = asBytes ? bytes(f) : count(f);
    const n = delta(f.before, f.after);
    return [label, b, a, n === null ? "?" : asBytes ? signedBytes(n) : signedCount(n)];
  };
  return [
    row("Parameters", t.params),
    row("Trainable", t.trainableParams),
    row("Non-trainable", t.nonTrainableParams),
    row("MACs per sample", t.macs),
    row("Activations per sample", t.activationBytes, true),
    row("Training memory", t.trainingBytes, true),
  ];
}

/** What one change did, in a few words per figure: settings, shape, parameters, MACs, receptive field. */
function effects(c: LayerChange): string[] {
  const out = c.settings.map((s) => `${printable(s.key)}: ${value(s.before)} → ${value(s.after)}`);
  const { before: x, after: y } = c;
  if (!x || !y) {
    const l = (x ?? y) as LayerInfo;
    const field = l.type === "Input" ? "" : fieldText(l);
    return [`${shape(l)}`, `${formatCount(l.params ?? 0)} params`, `${formatCount(l.macs ?? 0)} MACs`, ...(field ? [`RF ${field}`] : [])];
  }
  if (shape(x) !== shape(y)) out.push(`output ${shape(x)} → ${shape(y)}`);
  const params = delta(x.params, y.params);
  if (params) out.push(`params ${signedCount(params)}`);
  const macs = delta(x.macs, y.macs);
  if (macs) out.push(`MACs ${signedCount(macs)}`);
  const fx = fieldText(x);
  const fy = fieldText(y);
  if (fx !== fy && x.type !== "Input") out.push(`RF ${fx || "none"} → ${fy || "none"}`);
  return out;
}

const marks = { added: "+", removed: "-", changed: "~", affected: "↳" } as const;
const nameOf = (c: LayerChange) => {
  const l = (c.after ?? c.before) as LayerInfo;
  // (Renamed in the file; an automatic name that shifts with an insertion is no rename.)
  const renamed = c.before && c.settings.some((s) => s.key === "name") ? `${printable(c.before.name)} → ` : "";
  return `${renamed}${printable(l.name)} (${printable(l.type) || "?"})`;
};

/** The counts of a diff's changes in words: `1 added, 1 removed, 2 changed, 3 affected downstream`. */
export function changeCounts(d: ModelDiff): string {
  const n = (k: LayerChange["kind"]) => d.changes.filter((c) => c.kind === k).length;
  const parts = [`${n("added")} added`, `${n("removed")} removed`, `${n("changed")} changed`, `${n("affected")} affected downstream`];
  return `${parts.join(", ")}, ${d.unchanged} unchanged`;
}

/** The most layers "affected downstream" a text or Markdown diff lists; --json lists them all. */
const shownAffected = 25;

/** The changes a text or Markdown diff lists: every edit, and the first layers affected downstream. */
function listed(d: ModelDiff): { changes: LayerChange[]; more: number } {
  let affected = 0;
  const changes = d.changes.filter((c) => c.kind !== "affected" || ++affected <= shownAffected);
  return { changes, more: Math.max(0, affected - shownAffected) };
}

/** The model's own changes in a line: `training.batchSize: 128 → 1; name: "a" → "b"`; "" where none. */
function modelLine(d: ModelDiff): string {
  return d.model.map((s) => `${printable(s.key)}: ${value(s.before)} → ${value(s.after)}`).join("; ");
}

/** The problems a diff introduces and resolves, one line each: `new error: b1_add: …`. */
function problemLines(d: ModelDiff): string[] {
  return [
    ...d.problems.introduced.map((p) => `new ${p.severity}: ${p.message}`),
    ...d.problems.resolved.map((p) => `fixed ${p.severity}: ${p.message}`),
  ];
}

/** The diff as plain text: the totals, the problems it brings or fixes, then one line per changed layer. */
export function formatDiff(d: ModelDiff, from: string, to: string): string {
  const rows = [["", "before", "after", "change"], ...totalRows(d)];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c].length)));
  const out = [`Model diff: ${printable(from)} → ${printable(to)}`, ""];
  for (const r of rows)
    out.push(
      `  ${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2].padStart(widths[2])}  ${r[3].padStart(widths[3])}`.trimEnd(),
    );
  const problems = problemLines(d);
  if (problems.length) out.push("", ...problems);
  if (d.model.length) out.push("", `Model: ${modelLine(d)}`);
  out.push("", `Layers: ${changeCounts(d)}`);
  const { changes, more } = listed(d);
  for (const c of changes) out.push(`  ${marks[c.kind]} ${nameOf(c)}: ${effects(c).join("; ")}`);
  if (more) out.push(`  … and ${formatCount(more)} more affected downstream (--json lists them all)`);
  return out.join("\n");
}

/**
 * Markdown's table cell: line breaks as spaces, and a backslash before pipes and every character that could make a
 * link, an image, a mention, an entity or emphasis of a name.
 */
const cell = (s: string) => s.replace(/[\r\n]+/g, " ").replace(/[\\|<>`*_[\]!&~@#]/g, (ch) => `\\${ch}`);

/** The diff as Markdown, for a pull-request comment: a totals table and a table of changed layers. */
export function formatDiffMarkdown(d: ModelDiff, from: string, to: string): string {
  const out = [`### Model diff: \`${printable(from).replace(/`/g, "'")}\` → \`${printable(to).replace(/`/g, "'")}\``, ""];
  out.push("| | before | after | change |", "|---|--:|--:|--:|");
  for (const r of totalRows(d)) out.push(`| ${r.map(cell).join(" | ")} |`);
  const problems = problemLines(d);
  if (problems.length) out.push("", ...problems.map((p) => `- ${cell(p)}`));
  if (d.model.length) out.push("", `**Model:** ${cell(modelLine(d))}`);
  out.push("", `**Layers:** ${changeCounts(d)}`);
  const { changes, more } = listed(d);
  if (changes.length) {
    out.push("", "| | layer | what changed |", "|---|---|---|");
    for (const c of changes) out.push(`| ${marks[c.kind]} | ${cell(nameOf(c))} | ${cell(effects(c).join("; "))} |`);
  }
  if (more) out.push("", `… and ${formatCount(more)} more affected downstream.`);
  return out.join("\n");
}

/** The diff as a JSON document (`diff --json`). */
export function diffJson(d: ModelDiff): object {
  const layer = (l: LayerInfo | null) =>
    l && { name: l.name, type: l.type, outputShape: l.outputShape, params: l.params, macs: l.macs, receptiveField: l.receptiveField };
  return {
    totals: d.totals,
    unchanged: d.unchanged,
    model: d.model.map((s) => ({ key: s.key, before: s.before ?? null, after: s.after ?? null })),
    problems: {
      introduced: d.problems.introduced.map((p) => ({ severity: p.severity, code: p.code, message: p.message })),
      resolved: d.problems.resolved.map((p) => ({ severity: p.severity, code: p.code, message: p.message })),
    },
    changes: d.changes.map((c) => ({
      kind: c.kind,
      before: layer(c.before),
      after: layer(c.after),
      settings: c.settings.map((s) => ({ key: s.key, before: s.before ?? null, after: s.after ?? null })),
      deltaParams: delta(c.before?.params ?? 0, c.after?.params ?? 0),
      deltaMacs: delta(c.before?.macs ?? 0, c.after?.macs ?? 0),
    })),
  };
}

/** A diff as the designer overlays it on the model it compares: marks on the layers, and what is gone. */
export interface DiffOverlay {
  /** `1 added, 1 removed, 1 changed, 1 affected downstream, 3 unchanged` */
  readonly counts: string;
  /** The model's own changes in a line (`training.batchSize: 128 → 1`), "" where none. */
  readonly model: string;
  /** The second model's layers that were added, changed or affected, by index, with what changed. */
  readonly marks: readonly { readonly index: number; readonly kind: "added" | "changed" | "affected"; readonly text: string }[];
  /** The first model's layers that are gone: `name (Type)` and what they were. */
  readonly removed: readonly { readonly name: string; readonly text: string }[];
  /** The problems the change brings and fixes, one line each. */
  readonly problems: readonly string[];
}

/** The overlay of `d` on its second model. */
export function diffOverlay(d: ModelDiff): DiffOverlay {
  const marks: DiffOverlay["marks"][number][] = [];
  const removed: DiffOverlay["removed"][number][] = [];
  for (const c of d.changes) {
    if (c.kind === "removed") removed.push({ name: nameOf(c), text: effects(c).join("; ") });
    else if (c.after) marks.push({ index: c.after.index, kind: c.kind, text: `${nameOf(c)}: ${effects(c).join("; ")}` });
  }
  return { counts: changeCounts(d), model: modelLine(d), marks, removed, problems: problemLines(d) };
}

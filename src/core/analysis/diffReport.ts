/**
 * A model diff in words: plain text for a terminal, Markdown for a pull-request comment, a JSON document for
 * machines. Names are the user's: a control character in one is shown escaped.
 */
import type { LayerInfo } from "./analyze";
import type { Figure, LayerChange, ModelDiff } from "./diff";
import { printable } from "../document/printable";
import { formatShape } from "../layers/shape";
import { englishCatalogue, formatMessage, msg, type Catalogue, type Message } from "../messages/format";
import { formatBytes, formatCount } from "../messages/units";
import { fieldText } from "./summary";

/** A signed count: `+864,000`, `−1,290`, `0` (in `locale`'s digits). */
export function signedCount(n: number, locale = "en"): string {
  return n > 0 ? `+${formatCount(n, locale)}` : n < 0 ? `−${formatCount(-n, locale)}` : "0";
}

/** A signed size in bytes: `+3.30 MB`, `−512.00 B`. */
function signedBytes(n: number, locale: string): string {
  return n > 0 ? `+${formatBytes(n, locale)}` : n < 0 ? `−${formatBytes(-n, locale)}` : "0";
}

const shape = (l: LayerInfo | null) => (l?.outputShape ? formatShape(l.outputShape.slice(1)) : "?");
/** After minus before, or null where either is unknown. */
export const delta = (before: number | null | undefined, after: number | null | undefined): number | null =>
  before === null || after === null || before === undefined || after === undefined ? null : after - before;

/** A diff's words in one catalogue's language. */
class Words {
  constructor(readonly catalogue: Catalogue) {}
  say = (m: Message) => formatMessage(m, this.catalogue);
  count = (n: number) => formatCount(n, this.catalogue.locale);
  bytes = (n: number) => formatBytes(n, this.catalogue.locale);
  signed = (n: number) => signedCount(n, this.catalogue.locale);
  value = (v: unknown) => (v === undefined ? this.say(msg("diff.notSet")) : printable(JSON.stringify(v)));
  setting = (s: { key: string; before?: unknown; after?: unknown }) =>
    `${printable(s.key)}: ${this.value(s.before)} → ${this.value(s.after)}`;
}

/** The totals' rows: label, before, after, difference. */
function totalRows(d: ModelDiff, w: Words): [string, string, string, string][] {
  const t = d.totals;
  const row = (label: Message, f: Figure, asBytes = false): [string, string, string, string] => {
    const shown = (v: number | null) => (v === null ? "?" : asBytes ? w.bytes(v) : w.count(v));
    const n = delta(f.before, f.after);
    const change = n === null ? "?" : asBytes ? signedBytes(n, w.catalogue.locale) : w.signed(n);
    return [w.say(label), shown(f.before), shown(f.after), change];
  };
  return [
    row(msg("diff.parameters"), t.params),
    row(msg("diff.trainable"), t.trainableParams),
    row(msg("diff.nonTrainable"), t.nonTrainableParams),
    row(msg("diff.macsPerSample"), t.macs),
    row(msg("diff.activationsPerSample"), t.activationBytes, true),
    row(msg("diff.trainingMemory"), t.trainingBytes, true),
  ];
}

/** What one change did, in a few words per figure: settings, shape, parameters, MACs, receptive field. */
function effects(c: LayerChange, w: Words): string[] {
  const out = c.settings.map(w.setting);
  const { before: x, after: y } = c;
  if (!x || !y) {
    const l = (x ?? y) as LayerInfo;
    const field = l.type === "Input" ? "" : fieldText(l);
    const params = l.params ?? 0;
    return [
      `${shape(l)}`,
      w.say(msg("diff.params", { value: w.count(params), count: params })),
      w.say(msg("diff.macs", { value: w.count(l.macs ?? 0) })),
      ...(field ? [w.say(msg("diff.field", { field }))] : []),
    ];
  }
  if (shape(x) !== shape(y)) out.push(w.say(msg("diff.output", { before: shape(x), after: shape(y) })));
  const params = delta(x.params, y.params);
  if (params) out.push(w.say(msg("diff.paramsChange", { change: w.signed(params) })));
  const macs = delta(x.macs, y.macs);
  if (macs) out.push(w.say(msg("diff.macsChange", { change: w.signed(macs) })));
  const none = w.say(msg("diff.noField"));
  const [fx, fy] = [fieldText(x), fieldText(y)];
  if (fx !== fy && x.type !== "Input") out.push(w.say(msg("diff.fieldChange", { before: fx || none, after: fy || none })));
  return out;
}

const marks = { added: "+", removed: "-", changed: "~", affected: "↳" } as const;
const nameOf = (c: LayerChange) => {
  const l = (c.after ?? c.before) as LayerInfo;
  // (Renamed in the file; an automatic name that shifts with an insertion is no rename.)
  const renamed = c.before && c.settings.some((s) => s.key === "name") ? `${printable(c.before.name)} → ` : "";
  return `${renamed}${printable(l.name)} (${printable(l.type) || "?"})`;
};

/** The counts of a diff's changes in words: `1 added, 1 removed, 2 changed, 3 affected downstream, 5 unchanged`. */
export function changeCounts(d: ModelDiff, catalogue: Catalogue = englishCatalogue): string {
  const n = (k: LayerChange["kind"]) => d.changes.filter((c) => c.kind === k).length;
  const counts = { added: n("added"), removed: n("removed"), changed: n("changed"), affected: n("affected"), unchanged: d.unchanged };
  return formatMessage(msg("diff.counts", counts), catalogue);
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
function modelLine(d: ModelDiff, w: Words): string {
  return d.model.map(w.setting).join("; ");
}

const problemIds = {
  introduced: { error: "diff.newError", warning: "diff.newWarning", info: "diff.newInfo" },
  resolved: { error: "diff.fixedError", warning: "diff.fixedWarning", info: "diff.fixedInfo" },
} as const;

/** The problems a diff introduces and resolves, one line each: `new error: b1_add: …`. */
function problemLines(d: ModelDiff, w: Words): string[] {
  return (["introduced", "resolved"] as const).flatMap((k) =>
    d.problems[k].map((p) => w.say(msg(problemIds[k][p.severity], { message: p.message }))),
  );
}

/** The diff as plain text: the totals, the problems it brings or fixes, then one line per changed layer. */
export function formatDiff(d: ModelDiff, from: string, to: string, catalogue: Catalogue = englishCatalogue): string {
  const w = new Words(catalogue);
  const rows = [["", w.say(msg("diff.before")), w.say(msg("diff.after")), w.say(msg("diff.change"))], ...totalRows(d, w)];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c].length)));
  const out = [w.say(msg("diff.title", { from: printable(from), to: printable(to) })), ""];
  for (const r of rows)
    out.push(
      `  ${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2].padStart(widths[2])}  ${r[3].padStart(widths[3])}`.trimEnd(),
    );
  const problems = problemLines(d, w);
  if (problems.length) out.push("", ...problems);
  if (d.model.length) out.push("", `${w.say(msg("diff.modelLabel"))} ${modelLine(d, w)}`);
  out.push("", `${w.say(msg("diff.layersLabel"))} ${changeCounts(d, catalogue)}`);
  const { changes, more } = listed(d);
  for (const c of changes) out.push(`  ${marks[c.kind]} ${nameOf(c)}: ${effects(c, w).join("; ")}`);
  if (more) out.push(`  ${w.say(msg("diff.moreText", { value: w.count(more), count: more }))}`);
  return out.join("\n");
}

/**
 * Markdown's table cell: line breaks as spaces, and a backslash before pipes and every character that could make a
 * link, an image, a mention, an entity or emphasis of a name.
 */
const cell = (s: string) => s.replace(/[\r\n]+/g, " ").replace(/[\\|<>`*_[\]!&~@#]/g, (ch) => `\\${ch}`);

/** The diff as Markdown, for a pull-request comment: a totals table and a table of changed layers. */
export function formatDiffMarkdown(d: ModelDiff, from: string, to: string, catalogue: Catalogue = englishCatalogue): string {
  const w = new Words(catalogue);
  const code = (s: string) => `\`${printable(s).replace(/`/g, "'")}\``;
  const out = [`### ${w.say(msg("diff.title", { from: code(from), to: code(to) }))}`, ""];
  const head = [w.say(msg("diff.before")), w.say(msg("diff.after")), w.say(msg("diff.change"))].map(cell);
  out.push(`| | ${head.join(" | ")} |`, "|---|--:|--:|--:|");
  for (const r of totalRows(d, w)) out.push(`| ${r.map(cell).join(" | ")} |`);
  const problems = problemLines(d, w);
  if (problems.length) out.push("", ...problems.map((p) => `- ${cell(p)}`));
  if (d.model.length) out.push("", `**${cell(w.say(msg("diff.modelLabel")))}** ${cell(modelLine(d, w))}`);
  out.push("", `**${cell(w.say(msg("diff.layersLabel")))}** ${changeCounts(d, catalogue)}`);
  const { changes, more } = listed(d);
  if (changes.length) {
    out.push("", `| | ${cell(w.say(msg("diff.layer")))} | ${cell(w.say(msg("diff.whatChanged")))} |`, "|---|---|---|");
    for (const c of changes) out.push(`| ${marks[c.kind]} | ${cell(nameOf(c))} | ${cell(effects(c, w).join("; "))} |`);
  }
  if (more) out.push("", w.say(msg("diff.moreMarkdown", { value: w.count(more), count: more })));
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

/** The overlay of `d` on its second model, in `catalogue`'s language. */
export function diffOverlay(d: ModelDiff, catalogue: Catalogue = englishCatalogue): DiffOverlay {
  const w = new Words(catalogue);
  const marks: DiffOverlay["marks"][number][] = [];
  const removed: DiffOverlay["removed"][number][] = [];
  for (const c of d.changes) {
    if (c.kind === "removed") removed.push({ name: nameOf(c), text: effects(c, w).join("; ") });
    else if (c.after) marks.push({ index: c.after.index, kind: c.kind, text: `${nameOf(c)}: ${effects(c, w).join("; ")}` });
  }
  return { counts: changeCounts(d, catalogue), model: modelLine(d, w), marks, removed, problems: problemLines(d, w) };
}

/**
 * A run's `metrics.json` as the views read it. A run folder may come from a cloned repository, so the file is
 * checked, not trusted: rows keep only their finite numbers, texts must be texts, and a file of another shape is
 * no metrics at all — one bad run never breaks the Runs view or the charts.
 */

/** One epoch's or batch's logs. */
export type MetricsRow = Readonly<Record<string, number>>;

/** What metrics.json holds (the parts the views use). */
export interface RunMetrics {
  readonly epochs: readonly MetricsRow[];
  readonly batches: readonly MetricsRow[];
  readonly test: MetricsRow | null;
  readonly stopReason: string | null;
  readonly backend: string | null;
  readonly bestEpoch: number | null;
  readonly samplesPerSecond: number | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A row's finite numbers; null for a value that is not an object. */
function row(v: unknown): MetricsRow | null {
  if (!isObject(v)) return null;
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, number] => typeof e[1] === "number" && Number.isFinite(e[1])));
}

const rows = (v: unknown): MetricsRow[] => (Array.isArray(v) ? v.map(row).filter((r): r is MetricsRow => r !== null) : []);
const text = (v: unknown) => (typeof v === "string" ? v : null);
const number = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** Reads metrics.json's text; null when it is not JSON or has no list of epochs. */
export function parseRunMetrics(json: string): RunMetrics | null {
  let m: unknown;
  try {
    m = JSON.parse(json);
  } catch {
    return null;
  }
  if (!isObject(m) || !Array.isArray(m.epochs)) return null;
  return {
    epochs: rows(m.epochs),
    batches: rows(m.batches),
    test: row(m.test),
    stopReason: text(m.stopReason),
    backend: text(m.backend),
    bestEpoch: number(m.bestEpoch),
    samplesPerSecond: number(m.samplesPerSecond),
  };
}

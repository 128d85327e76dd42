/**
 * The layout of a training run's folder, in one place: the trainer writes it, the CLI, the extension's views and
 * the exporters read it (docs/run-folder.md). Names, the status and the metrics as typed data; reading the files
 * is the edges' work. A run folder may come from a cloned repository, so what is read is checked, not trusted.
 */

/** The folder beside a model that holds its runs: `.cnn-runs/<model>/<run>/`. */
export const runsFolderName = ".cnn-runs";

/** The files of a run folder. */
export const runFiles = {
  /** The model file exactly as trained. */
  model: "model.cnn.json",
  /** The run's state: see RunStatus. */
  status: "status.json",
  log: "training.log",
  environment: "environment.json",
  /** Every epoch's (and batch's) metrics, rewritten after each epoch. */
  metrics: "metrics.json",
  metricsCsv: "metrics.csv",
  /** The trained model in TF.js' layers format, written when training ends (with weights.bin). */
  manifest: "model.json",
  weights: "weights.bin",
  /** An imported run's origin and each weight's place in the file it came from: see src/node/importModel.ts. */
  imported: "imported.json",
  /** last.json and best.json with their data files: see src/node/checkpoint.ts. */
  checkpoints: "checkpoints",
} as const;

/** Where a run stands. */
export const runStates = ["running", "done", "stopped", "failed", "killed"] as const;

/** Where a run stands. */
export type RunState = (typeof runStates)[number];

/** `status.json`. */
export interface RunStatus {
  readonly format: 1;
  readonly state: RunState;
  /** Why it stopped, failed or was killed (null while running and when done). */
  readonly reason: string | null;
  /** The trainer process, and the machine it ran on (to tell a live run from one whose process is gone). */
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  readonly updatedAt: string;
  /** Epochs run to their end with a finite loss: a checkpoint's worth (a Stop's cut-short epoch is not one). */
  readonly epochsDone: number;
  readonly epochs: number;
  /** The epoch a Stop cut short, after `batches` of its `of` batches (absent when none was). */
  readonly partial?: { readonly batches: number; readonly of: number } | null;
  /** Set on a run that holds weights imported from a file rather than trained (epochs 0 of 0). */
  readonly imported?: RunOrigin;
}

/** Where an imported run's weights came from. */
export interface RunOrigin {
  /** The imported file's name (without its folders). */
  readonly source: string;
  /** `Keras .h5`, `Keras .keras`, `ONNX`… */
  readonly format: string;
  /** The Keras version the file names, where it names one. */
  readonly kerasVersion: string | null;
}

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

/**
 * Reads metrics.json's text; null when it is not JSON or has no list of epochs. Rows keep only their finite
 * numbers and texts must be texts, so one bad run never breaks the Runs view or the charts.
 */
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

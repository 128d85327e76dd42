/**
 * Training charts (uPlot): loss and accuracy per epoch (training solid, validation dashed) and per batch,
 * for one run live or several to compare, plus a table of each run's epochs. Redraws at most once a frame.
 */
import uPlot from "uplot";
import type { ChartRun, ChartsHostMessage, ChartsWebviewMessage, MetricsRow } from "../../src/protocol/charts";

interface VsCodeApi {
  postMessage(message: ChartsWebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

const app = document.getElementById("app") as HTMLElement;
app.innerHTML = `<header class="title" role="status"></header>
  <section class="charts">
    <figure class="chart" data-chart="epochLoss"><figcaption>Loss per epoch</figcaption></figure>
    <figure class="chart" data-chart="epochAccuracy"><figcaption>Accuracy per epoch</figcaption></figure>
    <figure class="chart" data-chart="batchLoss"><figcaption>Loss per batch</figcaption></figure>
    <figure class="chart" data-chart="batchAccuracy"><figcaption>Accuracy per batch</figcaption></figure>
  </section>
  <section class="tables"></section>`;

const colors = ["#3794ff", "#f14c4c", "#89d185", "#cca700", "#b180d7", "#4ec9b0"];
let runs: { run: ChartRun; batches: MetricsRow[]; epochs: MetricsRow[]; live: boolean }[] = [];
const plots = new Map<string, uPlot>();
let pending = false;

type ChartName = "epochLoss" | "epochAccuracy" | "batchLoss" | "batchAccuracy";
const accuracyKey = (row: MetricsRow | undefined) =>
  row && ["accuracy", "categoricalAccuracy", "sparseCategoricalAccuracy", "binaryAccuracy"].find((k) => k in row);

/** The x values and one series per run (and per validation curve) of a chart. */
function chartData(name: ChartName): { data: uPlot.AlignedData; series: uPlot.Series[] } {
  const perEpoch = name.startsWith("epoch");
  const rows = runs.map((r) => (perEpoch ? r.epochs : r.batches));
  const length = Math.max(1, ...rows.map((r) => r.length));
  const xs = Array.from({ length }, (_, i) => i + 1);
  const series: uPlot.Series[] = [{ label: perEpoch ? "epoch" : "batch" }];
  const data: (number | null)[][] = [];
  runs.forEach((r, i) => {
    const list = rows[i];
    const key = name.endsWith("Loss") ? "loss" : accuracyKey(list[0]);
    if (!key) return;
    const prefix = runs.length > 1 ? `${r.run.label} · ` : "";
    const stroke = colors[i % colors.length];
    data.push(xs.map((_, k) => list[k]?.[key] ?? null));
    series.push({ label: `${prefix}training`, stroke, width: 1.5, spanGaps: true });
    if (perEpoch && list.some((row) => `val_${key}` in row)) {
      data.push(xs.map((_, k) => list[k]?.[`val_${key}`] ?? null));
      series.push({ label: `${prefix}validation`, stroke, dash: [6, 4], width: 1.5, spanGaps: true });
    }
  });
  return { data: [xs, ...data] as uPlot.AlignedData, series };
}

function draw(): void {
  pending = false;
  const fg = getComputedStyle(document.body).getPropertyValue("--vscode-foreground").trim() || "#ccc";
  const grid = getComputedStyle(document.body).getPropertyValue("--vscode-editorWidget-border").trim() || "#8884";
  for (const figure of app.querySelectorAll<HTMLElement>(".chart")) {
    const name = figure.dataset.chart as ChartName;
    const { data, series } = chartData(name);
    const signature = series.map((s) => s.label).join("|");
    const existing = plots.get(name);
    if (existing && existing.series.map((s) => s.label).join("|") === signature) {
      existing.setData(data);
      continue;
    }
    existing?.destroy();
    const width = Math.max(240, figure.clientWidth - 8);
    const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
    // Epochs and batches are whole numbers.
    const xAxis = { ...axis, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000] };
    const plot = new uPlot(
      { width, height: 200, series, axes: [xAxis, axis], scales: { x: { time: false } }, legend: { live: false } },
      data,
      figure,
    );
    plot.root.setAttribute(
      "aria-label",
      `${figure.querySelector("figcaption")?.textContent}: ${series
        .slice(1)
        .map((s) => s.label)
        .join(", ")}`,
    );
    plots.set(name, plot);
  }
  renderTables();
}

/** A table of each run's epochs: the numbers behind the charts, readable by a screen reader. */
function renderTables(): void {
  const host = app.querySelector(".tables") as HTMLElement;
  host.replaceChildren();
  for (const r of runs) {
    const keys = [...new Set(r.epochs.flatMap((row) => Object.keys(row)))];
    const table = document.createElement("table");
    table.className = "run-table";
    table.dataset.run = r.run.id;
    const caption = table.createCaption();
    caption.textContent = `${r.run.label}${r.live ? " (training…)" : ""}`;
    const head = table.createTHead().insertRow();
    for (const k of keys) head.insertCell().textContent = k;
    const body = table.createTBody();
    for (const row of r.epochs) {
      const tr = body.insertRow();
      for (const k of keys) tr.insertCell().textContent = k === "epoch" ? String(row[k]) : (row[k]?.toFixed(4) ?? "");
    }
    host.append(table);
  }
  const title = app.querySelector(".title") as HTMLElement;
  title.textContent = runs.length === 1 ? runs[0].run.label + (runs[0].live ? " — training" : "") : `Comparing ${runs.length} runs`;
}

const schedule = () => {
  if (!pending) {
    pending = true;
    requestAnimationFrame(draw);
  }
};

window.addEventListener("message", (e: MessageEvent<ChartsHostMessage>) => {
  const m = e.data;
  switch (m.type) {
    case "runs":
      runs = m.runs.map((run) => ({ run, batches: [...run.batches], epochs: [...run.epochs], live: run.live }));
      break;
    case "append": {
      const r = runs.find((x) => x.run.id === m.id);
      if (r) (m.kind === "batch" ? r.batches : r.epochs).push(m.row);
      break;
    }
    case "ended": {
      const r = runs.find((x) => x.run.id === m.id);
      if (r) r.live = false;
      break;
    }
  }
  schedule();
});
window.addEventListener("resize", () => {
  for (const p of plots.values()) p.destroy();
  plots.clear();
  schedule();
});
vscode.postMessage({ type: "ready" });

/**
 * Training charts (uPlot), shared by the Training Charts panel and the designer: loss and accuracy per epoch
 * (training solid, validation dashed and, for one run, in a colour of its own) and per batch, for one run live or several to compare, optionally with a
 * table of each run's epochs. Redraws at most once a frame.
 */
import uPlot from "uplot";
import type { ChartRun, ChartsHostMessage, MetricsRow } from "../../src/protocol/charts";
import { t, th } from "./l10n";

type ChartName = "epochLoss" | "epochAccuracy" | "batchLoss" | "batchAccuracy";
const colors = ["#3794ff", "#f14c4c", "#89d185", "#cca700", "#b180d7", "#4ec9b0"];
/** A single run's validation curves: orange beside the training's blue (and dashed, for those who cannot tell them apart). */
const validationColor = "#d18616";
const accuracyKey = (row: MetricsRow | undefined) =>
  row && ["accuracy", "categoricalAccuracy", "sparseCategoricalAccuracy", "binaryAccuracy"].find((k) => Object.hasOwn(row, k));

/** The charts of some runs inside `host`. */
export class TrainingCharts {
  private runs: { run: ChartRun; batches: MetricsRow[]; epochs: MetricsRow[]; live: boolean }[] = [];
  private readonly plots = new Map<string, uPlot>();
  private pending = false;

  constructor(
    private readonly host: HTMLElement,
    private readonly options: { readonly height: number; readonly tables: boolean },
  ) {
    host.innerHTML = `<header class="title" role="status"></header>
      <section class="charts">
        <figure class="chart" data-chart="epochLoss"><figcaption>${th("Loss per epoch")}</figcaption></figure>
        <figure class="chart" data-chart="epochAccuracy"><figcaption>${th("Accuracy per epoch")}</figcaption></figure>
        <figure class="chart" data-chart="batchLoss"><figcaption>${th("Loss per batch")}</figcaption></figure>
        <figure class="chart" data-chart="batchAccuracy"><figcaption>${th("Accuracy per batch")}</figcaption></figure>
      </section>
      <section class="tables"></section>`;
    window.addEventListener("resize", () => {
      for (const p of this.plots.values()) p.destroy();
      this.plots.clear();
      this.schedule();
    });
  }

  /** How many runs are shown. */
  get count(): number {
    return this.runs.length;
  }

  /** Applies a host message: show runs, append a row to a live run, or mark its end. */
  apply(m: ChartsHostMessage): void {
    switch (m.type) {
      case "runs":
        this.runs = m.runs.map((run) => ({ run, batches: [...run.batches], epochs: [...run.epochs], live: run.live }));
        break;
      case "append": {
        const r = this.runs.find((x) => x.run.id === m.id);
        if (r) (m.kind === "batch" ? r.batches : r.epochs).push(m.row);
        break;
      }
      case "ended": {
        const r = this.runs.find((x) => x.run.id === m.id);
        if (r) r.live = false;
        break;
      }
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => this.draw());
  }

  /** The x values and one series per run (and per validation curve) of a chart. */
  private chartData(name: ChartName): { data: uPlot.AlignedData; series: uPlot.Series[] } {
    const perEpoch = name.startsWith("epoch");
    const rows = this.runs.map((r) => (perEpoch ? r.epochs : r.batches));
    const length = Math.max(1, ...rows.map((r) => r.length));
    const xs = Array.from({ length }, (_, i) => i + 1);
    const series: uPlot.Series[] = [{ label: perEpoch ? t("epoch") : t("batch") }];
    const data: (number | null)[][] = [];
    this.runs.forEach((r, i) => {
      const list = rows[i];
      const key = name.endsWith("Loss") ? "loss" : accuracyKey(list[0]);
      if (!key) return;
      const prefix = this.runs.length > 1 ? `${r.run.label} · ` : "";
      const stroke = colors[i % colors.length];
      data.push(xs.map((_, k) => list[k]?.[key] ?? null));
      series.push({ label: `${prefix}${t("training")}`, stroke, width: 1.5, spanGaps: true });
      if (perEpoch && list.some((row) => Object.hasOwn(row, `val_${key}`))) {
        data.push(xs.map((_, k) => list[k]?.[`val_${key}`] ?? null));
        // One run: validation in a colour of its own as well as dashed; several: each run keeps its colour.
        const validation = this.runs.length === 1 ? validationColor : stroke;
        series.push({ label: `${prefix}${t("validation")}`, stroke: validation, dash: [6, 4], width: 1.5, spanGaps: true });
      }
    });
    return { data: [xs, ...data] as uPlot.AlignedData, series };
  }

  private draw(): void {
    this.pending = false;
    const style = getComputedStyle(document.body);
    const fg = style.getPropertyValue("--vscode-foreground").trim() || "#ccc";
    const grid = style.getPropertyValue("--vscode-editorWidget-border").trim() || "#8884";
    for (const figure of this.host.querySelectorAll<HTMLElement>(".chart")) {
      const name = figure.dataset.chart as ChartName;
      const { data, series } = this.chartData(name);
      const signature = series.map((s) => s.label).join("|");
      const existing = this.plots.get(name);
      if (existing && existing.series.map((s) => s.label).join("|") === signature) {
        existing.setData(data);
        continue;
      }
      existing?.destroy();
      const width = Math.max(200, figure.clientWidth - 8);
      const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
      // Epochs and batches are whole numbers.
      const xAxis = { ...axis, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000] };
      const options = {
        width,
        height: this.options.height,
        series,
        axes: [xAxis, axis],
        // Accuracies lie in [0, 1]: the axis says so (uPlot's own range pads past 1).
        scales: { x: { time: false }, ...(name.endsWith("Accuracy") ? { y: { range: [0, 1] as [number, number] } } : {}) },
        legend: { live: false },
      };
      const plot = new uPlot(options, data, figure);
      const caption = figure.querySelector("figcaption")?.textContent;
      plot.root.setAttribute(
        "aria-label",
        `${caption}: ${series
          .slice(1)
          .map((s) => s.label)
          .join(", ")}`,
      );
      this.plots.set(name, plot);
    }
    const title = this.host.querySelector(".title") as HTMLElement;
    title.textContent =
      this.runs.length === 1
        ? this.runs[0].run.label + (this.runs[0].live ? ` — ${t("training")}` : "")
        : t("Comparing {0} runs", this.runs.length);
    if (this.options.tables) this.renderTables();
  }

  /** A table of each run's epochs: the numbers behind the charts, readable by a screen reader. */
  private renderTables(): void {
    const host = this.host.querySelector(".tables") as HTMLElement;
    host.replaceChildren();
    for (const r of this.runs) {
      const keys = [...new Set(r.epochs.flatMap((row) => Object.keys(row)))];
      const table = document.createElement("table");
      table.className = "run-table";
      table.dataset.run = r.run.id;
      table.createCaption().textContent = `${r.run.label}${r.live ? ` ${t("(training…)")}` : ""}`;
      const head = table.createTHead().insertRow();
      for (const k of keys) head.insertCell().textContent = k;
      const body = table.createTBody();
      for (const row of r.epochs) {
        const tr = body.insertRow();
        for (const k of keys) tr.insertCell().textContent = k === "epoch" ? String(row[k]) : (row[k]?.toFixed(4) ?? "");
      }
      host.append(table);
    }
  }
}

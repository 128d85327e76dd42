/**
 * The model's own panel, shown while no layer is selected: its name and description, and the Training panel —
 * dataset, optimizer and schedule, loss, metrics, batch size, epochs, splits, seed, early stopping — built from
 * the same specs that read the `training` section and make its schema. Every change is one minimal edit.
 */
import { typeAhead } from "./typeAhead";
import "@vscode-elements/elements/dist/vscode-multi-select/index.js";
import {
  datasetSpecs,
  earlyStoppingSpecs,
  metricNames,
  optimizerCommon,
  optimizerSpecs,
  scheduleSpecs,
  trainingSpecs,
  type ParamSpec,
  type ParamSpecs,
} from "../../src/core";
import { paramRow, row } from "./form";
import { t, th } from "../shared/l10n";

/** What the panel asks the host to do. */
export interface SettingsActions {
  /** Set the setting at `path` (["name"], ["training", "epochs"] …); undefined removes it. */
  set(path: string[], value: unknown): void;
  /** Ask for a file or folder for the dataset field at `path`. */
  pick(path: string[], folder: boolean): void;
}

type Written = { readonly name?: unknown; readonly description?: unknown; readonly training?: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The value at `path` inside `value`, where every step is an object. */
function at(value: unknown, path: readonly string[]): { value: unknown } | undefined {
  let v = value;
  for (const key of path) {
    if (!isObject(v) || !Object.hasOwn(v, key)) return undefined;
    v = v[key];
  }
  return { value: v };
}

/** A select of `values` (with an empty first choice named `none`, when given) that sets `path`. */
function select(
  label: string,
  doc: string,
  values: readonly string[],
  current: unknown,
  onChange: (v: string) => void,
  none?: string,
): HTMLElement {
  const control = document.createElement("vscode-single-select") as HTMLElement & { value: string };
  for (const v of none === undefined ? values : ["", ...values]) {
    const option = document.createElement("vscode-option");
    option.textContent = v === "" ? (none ?? "") : v;
    option.setAttribute("value", v);
    if (v === (current ?? "")) option.setAttribute("selected", "");
    control.append(option);
  }
  typeAhead(control);
  control.addEventListener("change", () => onChange(control.value));
  return row(label, control, doc, `setting-${label}`);
}

/** A path setting: a text field and a Browse… button that asks the host for a file or folder. */
function pathField(
  key: string,
  path: string[],
  current: unknown,
  placeholder: string,
  doc: string,
  folder: boolean,
  actions: SettingsActions,
): HTMLElement {
  const wrap = document.createElement("div");
  wrap.className = "path-field";
  const text = document.createElement("vscode-textfield") as HTMLElement & { value: string };
  text.value = typeof current === "string" ? current : "";
  text.setAttribute("placeholder", placeholder);
  text.addEventListener("change", () => actions.set(path, text.value.trim() === "" ? undefined : text.value.trim()));
  const browse = document.createElement("button");
  browse.className = "browse";
  browse.textContent = t("Browse…");
  browse.addEventListener("click", () => actions.pick(path, folder));
  wrap.append(text, browse);
  return row(key, wrap, doc, `setting-${path.join("-")}`);
}

function heading(host: HTMLElement, text: string, level: "h2" | "h3" = "h3"): void {
  const h = document.createElement(level);
  h.textContent = text;
  host.append(h);
}

/** Rows for a group of parameters at `base` in the training section. */
function params(host: HTMLElement, specs: ParamSpecs, training: unknown, base: string[], actions: SettingsActions): void {
  for (const [key, p] of Object.entries(specs) as [string, ParamSpec][]) {
    const path = [...base, key];
    host.append(
      paramRow(
        key,
        p,
        at(training, path.slice(1)),
        { set: (v) => actions.set(path, v), reset: () => actions.set(path, undefined) },
        `setting-${path.join("-")}`,
      ),
    );
  }
}

/** Renders the model's panel into `host` for the settings as written. */
export function renderSettings(host: HTMLElement, settings: Written, actions: SettingsActions): void {
  host.replaceChildren();
  heading(host, t("Model"), "h2");
  for (const key of ["name", "description"] as const) {
    const field = document.createElement("vscode-textfield") as HTMLElement & { value: string };
    field.value = typeof settings[key] === "string" ? (settings[key] as string) : "";
    field.addEventListener("change", () => actions.set([key], field.value.trim() === "" ? undefined : field.value));
    host.append(
      row(key, field, key === "name" ? t("The model's name (Keras' model name).") : t("What the model is for."), `setting-${key}`),
    );
  }
  const training = settings.training;
  const section = document.createElement("section");
  section.className = "training-settings";
  section.setAttribute("aria-label", t("Training"));
  host.append(section);
  heading(section, t("Training"), "h2");
  if (training === undefined) {
    const note = document.createElement("p");
    note.className = "hint";
    note.textContent = t("No training settings yet: pick a dataset to start (Keras' defaults fill the rest).");
    section.append(note);
  }

  // The dataset: its type, then its fields (paths with a Browse button, switches).
  heading(section, t("Dataset"));
  const dataset = at(training, ["dataset"])?.value;
  const type = isObject(dataset) && typeof dataset.type === "string" ? dataset.type : undefined;
  section.append(
    select(
      "dataset",
      t("Where the training data comes from."),
      Object.keys(datasetSpecs),
      type,
      // The first choice starts the section, with accuracy logged (Keras logs only the loss unless told).
      (v) =>
        training === undefined && v !== ""
          ? actions.set(["training"], { dataset: { type: v }, metrics: ["accuracy"] })
          : actions.set(["training", "dataset"], v === "" ? undefined : { type: v }),
      t("(none)"),
    ),
  );
  for (const [key, field] of Object.entries(type ? (datasetSpecs[type] ?? {}) : {})) {
    const path = ["training", "dataset", key];
    const current = at(training, path.slice(1))?.value;
    if (field.kind === "bool") {
      section.append(
        paramRow(
          key,
          { kind: "bool", default: false, doc: field.doc },
          current === undefined ? undefined : { value: current },
          {
            set: (v) => actions.set(path, v),
            reset: () => actions.set(path, undefined),
          },
          `setting-${path.join("-")}`,
        ),
      );
      continue;
    }
    section.append(
      pathField(key, path, current, field.optional ? t("optional") : t("required"), field.doc, field.folder === true, actions),
    );
  }

  // The optimizer: its type, learning rate and schedule, and its own parameters.
  heading(section, t("Optimizer"));
  const optimizer = at(training, ["optimizer"])?.value;
  const optimizerType =
    typeof optimizer === "string" ? optimizer : isObject(optimizer) && typeof optimizer.type === "string" ? optimizer.type : undefined;
  section.append(
    select("optimizer", t("The optimizer (Keras' defaults)."), Object.keys(optimizerSpecs), optimizerType ?? "adam", (v) =>
      actions.set(["training", "optimizer"], isObject(optimizer) ? { ...optimizer, type: v } : v),
    ),
  );
  const optimizerBase = ["training", "optimizer"];
  // The learning rate as every optimizer takes it (the spec that reads it).
  params(section, { learningRate: optimizerCommon.learningRate }, training, optimizerBase, actions);
  const schedule = at(training, ["optimizer", "schedule"])?.value;
  const scheduleType =
    typeof schedule === "string" ? schedule : isObject(schedule) && typeof schedule.type === "string" ? schedule.type : undefined;
  section.append(
    select(
      "schedule",
      t("A learning-rate schedule (keras.optimizers.schedules) over the whole run."),
      Object.keys(scheduleSpecs),
      scheduleType,
      (v) => actions.set([...optimizerBase, "schedule"], v === "" ? undefined : { type: v }),
      t("(constant)"),
    ),
  );
  if (scheduleType && Object.hasOwn(scheduleSpecs, scheduleType))
    params(section, scheduleSpecs[scheduleType as keyof typeof scheduleSpecs], training, [...optimizerBase, "schedule"], actions);
  if (optimizerType && Object.hasOwn(optimizerSpecs, optimizerType)) {
    const more = document.createElement("details");
    more.innerHTML = `<summary>${th("Optimizer parameters")}</summary>`;
    params(more, optimizerSpecs[optimizerType as keyof typeof optimizerSpecs], training, optimizerBase, actions);
    section.append(more);
  }

  // Loss, metrics and the fit settings.
  heading(section, t("Fit (model.fit)"));
  params(section, trainingSpecs, training, ["training"], actions);
  const metrics = document.createElement("vscode-multi-select") as HTMLElement & { value: string[] };
  const chosen = at(training, ["metrics"])?.value;
  for (const m of metricNames) {
    const option = document.createElement("vscode-option");
    option.textContent = m;
    option.setAttribute("value", m);
    if (Array.isArray(chosen) && chosen.includes(m)) option.setAttribute("selected", "");
    metrics.append(option);
  }
  metrics.addEventListener("change", () => actions.set(["training", "metrics"], metrics.value.length ? [...metrics.value] : undefined));
  section.append(row("metrics", metrics, t("Metrics logged each epoch."), "setting-training-metrics"));

  // Fine-tuning: the run whose weights training starts from.
  heading(section, t("Start from"));
  section.append(
    pathField(
      "initialWeights",
      ["training", "initialWeights"],
      at(training, ["initialWeights"])?.value,
      t("Keras' initialisation"),
      t(
        "A run folder (trained here, or imported with a Keras or ONNX model) whose weights training starts from, layer by layer by name and shape; frozen layers stay as they are.",
      ),
      true,
      actions,
    ),
  );

  // Early stopping: a switch, then its parameters.
  heading(section, t("Early stopping"));
  const early = at(training, ["earlyStopping"]);
  const toggle = document.createElement("vscode-checkbox") as HTMLElement & { checked: boolean };
  toggle.checked = early !== undefined;
  toggle.addEventListener("change", () =>
    actions.set(["training", "earlyStopping"], toggle.checked ? { monitor: "val_loss", patience: 3 } : undefined),
  );
  section.append(
    row(
      "earlyStopping",
      toggle,
      t("Stop when the monitored quantity stops improving (Keras' EarlyStopping)."),
      "setting-training-earlyStopping",
    ),
  );
  if (early !== undefined) params(section, earlyStoppingSpecs, training, ["training", "earlyStopping"], actions);
}

/** The properties form of the selected layer, built from the layer registry's parameter metadata. */
import "@vscode-elements/elements/dist/vscode-checkbox/index.js";
import "@vscode-elements/elements/dist/vscode-multi-select/index.js";
import "@vscode-elements/elements/dist/vscode-option/index.js";
import "@vscode-elements/elements/dist/vscode-single-select/index.js";
import "@vscode-elements/elements/dist/vscode-textfield/index.js";
import { setLine } from "../shared/palette";
import { typeAhead } from "./typeAhead";
import { catalogueFor, docIn, inputsText, layerSpec, readParam, type LayerInfo, type ParamSpec } from "../../src/core";
import { count, language, t } from "../shared/l10n";
import { say } from "../shared/say";
import type { SwapOffer } from "../../src/protocol/designer";

/** What the form asks the host to do. */
export interface FormActions {
  setParam(key: string, value: unknown): void;
  resetParam(key: string): void;
  rename(name: string): void;
  setInputs(inputs: string[]): void;
  /** A value typed but not yet applied: ask what it would change (undefined: nothing to ask, clear the line). */
  preview?(key: string, value: unknown): void;
}

/** Shows what a typed value would change under its field (null: the line goes). */
export function showFieldEffect(field: HTMLElement, text: string | null): void {
  setLine(field, "field-effect", text, "div")?.setAttribute("role", "status");
}

type Field = HTMLElement & { value: string; checked?: boolean };

/** Parses what the user typed into a parameter's text field: a number, a JSON list, or `null`. */
export function parseField(text: string): unknown {
  const t = text.trim();
  if (t === "") return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return t;
  }
}

/** A labelled field: `label` above `control`, an error line below; `id` (default: the label) names it uniquely. */
export function row(label: string, control: HTMLElement, doc: string, key = label): HTMLElement {
  const wrap = document.createElement("div");
  wrap.className = "field";
  const l = document.createElement("label");
  l.textContent = label;
  // A parameter's description (the registry's English doc) in the page's language.
  l.title = docIn(doc, catalogueFor(language()));
  const id = `field-${key}`;
  l.htmlFor = id;
  control.id = id;
  nameControl(control, label);
  const error = document.createElement("div");
  error.className = "field-error";
  error.setAttribute("role", "alert");
  wrap.append(l, control, error);
  return wrap;
}

/**
 * Gives a vscode-elements control its accessible name. Their inner input lives in a shadow root, so an
 * `aria-label` on the host element is not read; text fields and selects take a `label` property for it,
 * and the checkbox (whose `label` would be drawn beside it) gets the name on its inner input once rendered.
 */
function nameControl(control: HTMLElement, label: string): void {
  control.setAttribute("aria-label", label);
  if (control.tagName === "VSCODE-CHECKBOX") {
    const c = control as HTMLElement & { updateComplete?: Promise<unknown> };
    void c.updateComplete?.then(() => c.shadowRoot?.querySelector("input")?.setAttribute("aria-label", label));
  } else {
    (control as HTMLElement & { label: string }).label = label;
  }
}

function showError(control: HTMLElement, message: string): void {
  const error = control.parentElement?.querySelector(".field-error");
  if (error) error.textContent = message;
  control.toggleAttribute("invalid", message !== "");
}

/** The form each host shows: what it was built for, and its parameters' values as written. */
const shownForms = new WeakMap<HTMLElement, { structure: string; written: Readonly<Record<string, unknown>> | null; title: HTMLElement }>();
/** Each parameter row's way to show another written value in place. */
const rowUpdaters = new WeakMap<HTMLElement, (written: { readonly value: unknown } | undefined) => void>();

/**
 * Shows why the host refused an edit made in the form, under its title; the fields are built anew from the model
 * as it is, so none keeps the refused value.
 */
export function showRefusal(host: HTMLElement, reason: string, rebuild: () => void): void {
  shownForms.delete(host);
  rebuild();
  const title = host.querySelector(":scope > h2");
  if (!title) return;
  const line = document.createElement("div");
  line.className = "form-refusal";
  line.setAttribute("role", "alert");
  line.textContent = reason;
  title.after(line);
}

/**
 * Renders the form for `layer` (as written: `written`; `otherNames` are the layers it may read) into `host`. The
 * same layer's form with other values (the answer to an edit made in it) is updated in place: no field is rebuilt,
 * so the edit's round trip repaints only what changed and the focus stays where it was.
 */
export function renderForm(
  host: HTMLElement,
  layer: LayerInfo,
  written: Readonly<Record<string, unknown>> | null,
  otherNames: readonly string[],
  actions: FormActions,
): void {
  const structure = JSON.stringify([layer.index, layer.name, layer.type, layer.inputs, otherNames, written?.inputs ?? null]);
  const shown = shownForms.get(host);
  // (The title still in place: nothing else was drawn in the host since.)
  if (shown?.structure === structure && shown.title.parentElement === host) {
    for (const field of host.querySelectorAll<HTMLElement>(":scope > .field[data-param]")) {
      const key = field.dataset.param as string;
      const [before, after] = [shown.written?.[key], written?.[key]];
      const given = written !== null && Object.hasOwn(written, key);
      if (JSON.stringify(before) !== JSON.stringify(after) || given !== (shown.written !== null && Object.hasOwn(shown.written, key)))
        rowUpdaters.get(field)?.(given ? { value: after } : undefined);
    }
    // A refusal at the name field (a taken name) is old news once the model has moved on.
    const name = host.querySelector<HTMLElement>("#field-name");
    if (name) showError(name, "");
    shownForms.set(host, { ...shown, written });
    return;
  }
  host.replaceChildren();
  const title = document.createElement("h2");
  shownForms.set(host, { structure, written, title });
  title.textContent = `${layer.name} · ${layer.type || "?"}`;
  host.append(title);
  const spec = layerSpec(layer.type);
  const name = document.createElement("vscode-textfield") as Field;
  name.value = layer.name;
  name.addEventListener("input", () => showError(name, ""));
  name.addEventListener("change", () => {
    // A name the host would refuse is refused here, at the field, and the field goes back to the layer's name.
    const wanted = name.value.trim();
    const problem = !wanted
      ? t("A layer needs a name.")
      : wanted.includes("/")
        ? t("A layer name cannot contain '/'.")
        : otherNames.includes(wanted)
          ? t("Another layer is already named '{0}'.", wanted)
          : "";
    showError(name, problem);
    if (problem) name.value = layer.name;
    else actions.rename(wanted);
  });
  host.append(row("name", name, t("Unique layer name.")));
  if (!spec) return;
  if (spec.arity !== "none") {
    // Which layers this one reads: the way to wire branches and merges. A merge picks several; any other layer
    // picks one, its name on the picker's face.
    const many = spec.arity === "many";
    const inputs = document.createElement(many ? "vscode-multi-select" : "vscode-single-select") as HTMLElement & {
      value: string | string[];
    };
    if (!many && !layer.inputs.length) {
      const none = document.createElement("vscode-option");
      none.textContent = t("(pick its input)");
      none.setAttribute("value", "");
      none.setAttribute("selected", "");
      inputs.append(none);
    }
    for (const other of otherNames) {
      const option = document.createElement("vscode-option");
      option.textContent = other;
      option.setAttribute("value", other);
      if (many ? layer.inputs.includes(other) : layer.inputs[0] === other) option.setAttribute("selected", "");
      inputs.append(option);
    }
    if (!many) typeAhead(inputs);
    inputs.addEventListener("change", () => {
      const value = inputs.value;
      if (Array.isArray(value)) actions.setInputs([...value]);
      else if (value) actions.setInputs([value]);
    });
    const field = row("inputs", inputs, spec.arity === "many" ? t("The layers this merge combines.") : t("The layer this one reads."));
    // What it reads, in words: the picker alone says only "1 Selected".
    const reads = document.createElement("div");
    reads.className = "inputs-summary";
    const explicit = written !== null && Object.hasOwn(written, "inputs");
    reads.textContent = layer.inputs.length
      ? explicit
        ? t("reads {0}", inputsText(layer.inputs))
        : t("reads {0} (the layer before it)", inputsText(layer.inputs))
      : t("reads nothing yet: pick its input");
    field.querySelector("label")?.after(reads);
    host.append(field);
  }
  for (const [key, p] of Object.entries(spec.params) as [string, ParamSpec][]) {
    const given = written !== null && Object.hasOwn(written, key);
    host.append(
      paramRow(key, p, given ? { value: written[key] } : undefined, {
        set: (value) => actions.setParam(key, value),
        reset: () => actions.resetParam(key),
        preview: actions.preview && ((value) => actions.preview?.(key, value)),
      }),
    );
  }
}

/**
 * One parameter's labelled control, built from its spec: a checkbox, a select, or a text field checked by the
 * engine's reader as it is typed. `written` is the value in the file (absent: the default, shown as placeholder).
 * A value equal to an optional parameter's default resets it (the file keeps only what differs).
 */
export function paramRow(
  key: string,
  p: ParamSpec,
  written: { readonly value: unknown } | undefined,
  on: { set(value: unknown): void; reset(): void; preview?(value: unknown): void },
  id = key,
): HTMLElement {
  const currentOf = (w: typeof written) => (w ? w.value : "default" in p ? p.default : undefined);
  const current = currentOf(written);
  const textOf = (w: typeof written) => (w ? JSON.stringify(w.value) : "");
  let control: Field;
  let show: (w: typeof written) => void;
  if (p.kind === "bool") {
    control = document.createElement("vscode-checkbox") as Field;
    control.checked = current === true;
    show = (w) => (control.checked = currentOf(w) === true);
    control.addEventListener("change", () => {
      const value = control.checked === true;
      if (!p.required && value === p.default) on.reset();
      else on.set(value);
    });
  } else if (p.kind === "enum") {
    control = document.createElement("vscode-single-select") as Field;
    for (const v of p.values) {
      const option = document.createElement("vscode-option");
      option.textContent = v;
      option.setAttribute("value", v);
      if (v === current) option.setAttribute("selected", "");
      control.append(option);
    }
    show = (w) => (control.value = String(currentOf(w) ?? ""));
    typeAhead(control);
    control.addEventListener("change", () => {
      if (!p.required && control.value === p.default) on.reset();
      else on.set(control.value);
    });
  } else {
    control = document.createElement("vscode-textfield") as Field;
    // Only what the file says; the placeholder shows the default.
    control.value = textOf(written);
    show = (w) => {
      if (control.value !== textOf(w)) control.value = textOf(w);
    };
    control.setAttribute(
      "placeholder",
      "default" in p && p.default !== undefined && p.default !== null
        ? t("default {0}", JSON.stringify(p.default))
        : p.required
          ? t("required")
          : t("not set"),
    );
    // As a value is typed, what it would change (asked once typing pauses; a value the reader refuses asks nothing).
    let typing: ReturnType<typeof setTimeout> | undefined;
    control.addEventListener("input", () => {
      clearTimeout(typing);
      const value = parseField(control.value);
      const wrap = control.closest<HTMLElement>(".field");
      if (wrap) showFieldEffect(wrap, null);
      if (!on.preview || value === undefined || value === null || !readParam(key, p, value).ok || control.value === textOf(written)) return;
      typing = setTimeout(() => on.preview?.(value), 150);
    });
    control.addEventListener("change", () => {
      clearTimeout(typing);
      const wrap = control.closest<HTMLElement>(".field");
      if (wrap) showFieldEffect(wrap, null);
      const value = parseField(control.value);
      if (value === undefined || (value === null && "default" in p && p.default === null)) {
        if (p.required) return showError(control, t("{0} is required", key));
        showError(control, "");
        return on.reset();
      }
      const checked = readParam(key, p, value);
      if (!checked.ok) return showError(control, say(checked.message));
      showError(control, "");
      on.set(value);
    });
  }
  const wrap = row(key, control, p.doc, id);
  wrap.dataset.param = key;
  rowUpdaters.set(wrap, (w) => {
    showError(control, "");
    show(w);
  });
  return wrap;
}

/**
 * The pooling lesson beside a Flatten or global pooling layer: each swap with the whole model's parameter
 * count before and after (as the host computed them on the document).
 */
export function renderSwaps(host: HTMLElement, swaps: readonly SwapOffer[], swap: (layerType: string) => void): void {
  host.querySelector(":scope > .swaps")?.remove();
  if (swaps.length === 0) return;
  const box = document.createElement("section");
  box.className = "swaps";
  box.setAttribute("aria-label", t("Replace with"));
  const heading = document.createElement("h3");
  heading.textContent = t("Replace with");
  box.append(heading);
  for (const s of swaps) {
    const button = document.createElement("button");
    button.className = "swap";
    button.dataset.type = s.target;
    const delta = s.paramsAfter - s.paramsBefore;
    const sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
    button.textContent = t(
      "{0}: {1} → {2} params ({3})",
      s.target,
      count(s.paramsBefore),
      count(s.paramsAfter),
      `${sign}${count(Math.abs(delta))}`,
    );
    button.addEventListener("click", () => swap(s.target));
    box.append(button);
  }
  host.append(box);
}

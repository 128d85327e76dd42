/**
 * The designer's banner: what stops the file from being a model (empty, no skeleton, not an object), with the
 * one-click way out, and the file-level problems (syntax, root, version…), each a link to its place in the JSON.
 */
import type { Analysis, SkeletonState } from "../../src/core";
import { t } from "../shared/l10n";

/** What the banner's buttons ask the host to do. */
export interface BannerActions {
  createSkeleton(): void;
  openAsJson(): void;
  reveal(offset: number, length: number): void;
}

/** What the banner says of a file that is not a whole model, and its way out. */
const said = (): Record<Exclude<SkeletonState, "complete">, { text: string; fix: "skeleton" | "json" }> => ({
  empty: {
    text: t("This file is empty. Start a model here, or pick a layer in the palette: the first one brings the rest."),
    fix: "skeleton",
  },
  incomplete: { text: t('This file lacks a model\'s skeleton: "version" and a "layers" list.'), fix: "skeleton" },
  "not-an-object": { text: t('This file is not a model: a model is a JSON object with "version" and "layers".'), fix: "json" },
});

/** At most this many file-level problems are listed; the rest are counted. */
const shown = 5;

/** Fills the banner for the latest model, or hides it when the file is a model without file-level problems. */
export function renderBanner(host: HTMLElement, analysis: Analysis, skeleton: SkeletonState, actions: BannerActions): void {
  host.replaceChildren();
  const button = (label: string, run: () => void, className = "banner-action") => {
    const b = document.createElement("button");
    b.className = className;
    b.textContent = label;
    b.addEventListener("click", run);
    return b;
  };
  if (skeleton !== "complete") {
    const line = document.createElement("p");
    const { text, fix: way } = said()[skeleton];
    line.textContent = text;
    const fix =
      way === "skeleton" ? button(t("Create the model skeleton"), actions.createSkeleton) : button(t("Open as JSON"), actions.openAsJson);
    host.append(line, fix);
  }
  // File-level problems: the ones no card shows (those of a layer are on its card). A model with no layers yet
  // is said by the canvas itself, in the designer's words ("No layers yet. Click Input…").
  const problems = analysis.diagnostics.filter((d) => d.layerIndex === undefined && d.severity !== "info" && d.code !== "no-layers");
  if (problems.length && skeleton !== "empty") {
    const list = document.createElement("ul");
    list.className = "banner-problems";
    for (const d of problems.slice(0, shown)) {
      const item = document.createElement("li");
      item.className = d.severity;
      const link = button(d.message, () => actions.reveal(d.offset, d.length), "banner-link");
      link.title = t("Show this place in the JSON");
      item.append(link);
      list.append(item);
    }
    if (problems.length > shown) {
      const more = document.createElement("li");
      more.textContent = t("and {0} more (Problems view)", problems.length - shown);
      list.append(more);
    }
    host.append(list);
  }
  host.hidden = host.childElementCount === 0;
  host.classList.toggle("error", problems.some((d) => d.severity === "error") || skeleton !== "complete");
}

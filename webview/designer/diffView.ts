/**
 * The diff overlay: what the model changes from the one it is compared with (Compare Model with…), on its layers —
 * each added, changed or affected card and block outlined in the colour VS Code gives such changes, with a mark —
 * and in a banner: the counts, the model's own changes, the problems, and every changed or removed layer, a click
 * on one selecting it. Drawn by one style sheet keyed by layer index, so cards drawn later are marked too.
 */
import type { DiffMessage } from "../../src/protocol/designer";
import { t } from "../shared/l10n";

const colours = {
  added: "var(--vscode-gitDecoration-addedResourceForeground, #587c0c)",
  changed: "var(--vscode-gitDecoration-modifiedResourceForeground, #895503)",
  affected: "var(--vscode-editorInfo-foreground, #1a85ff)",
} as const;
const symbols = { added: "+", changed: "~", affected: "↳" } as const;
/** Each mark's word, in the display language, as a CSS string's content (quotes and backslashes escaped). */
const words = () =>
  Object.fromEntries(
    Object.entries({ added: t("added"), changed: t("changed"), affected: t("affected") }).map(([k, v]) => [k, v.replace(/["\\]/g, "\\$&")]),
  ) as Record<keyof typeof symbols, string>;
const sheet = new CSSStyleSheet();

/** Shows `diff` (or nothing, when it is undefined or cleared) in `banner` and on the layers. */
export function renderDiff(
  banner: HTMLElement,
  diff: DiffMessage | undefined,
  actions: { clear(): void; select(index: number): void },
): void {
  // A constructed style sheet: the webview's policy allows no <style> element.
  if (!document.adoptedStyleSheets.includes(sheet)) document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const overlay = diff?.overlay;
  banner.hidden = !overlay;
  if (!overlay) {
    sheet.replaceSync("");
    banner.replaceChildren();
    return;
  }
  const word = words();
  const rules = overlay.marks
    .map(({ index, kind }) =>
      [
        `#layer-card-${index} { outline: 2px solid ${colours[kind]}; outline-offset: 1px; }`,
        `#layer-card-${index} .card-title::after { content: "${symbols[kind]} ${word[kind]}"; margin-left: auto; color: ${colours[kind]}; font-size: 0.85em; }`,
        `.volumes g.node[data-index="${index}"] polygon { stroke: ${colours[kind]}; stroke-width: 2.5; stroke-opacity: 1; }`,
      ].join("\n"),
    )
    .join("\n");
  sheet.replaceSync(rules);
  const head = document.createElement("div");
  head.className = "diff-head";
  const title = document.createElement("span");
  title.textContent = t("Compared with {0}: {1}", diff.base, overlay.counts);
  const clear = document.createElement("button");
  clear.textContent = t("Clear");
  clear.title = t("Stop comparing");
  clear.addEventListener("click", () => actions.clear());
  head.append(title, clear);
  const lines: HTMLElement[] = [];
  const line = (text: string, kind: string, index?: number) => {
    const el = document.createElement(index === undefined ? "div" : "button");
    el.className = `diff-line diff-${kind}`;
    el.textContent = text;
    if (index !== undefined) el.addEventListener("click", () => actions.select(index));
    lines.push(el);
  };
  if (overlay.model) line(t("Model: {0}", overlay.model), "model");
  for (const p of overlay.problems) line(p, "problem");
  for (const m of overlay.marks) line(`${symbols[m.kind]} ${m.text}`, m.kind, m.index);
  for (const r of overlay.removed) line(`- ${r.name}: ${r.text}`, "removed");
  const list = document.createElement("div");
  list.className = "diff-lines";
  list.append(...lines);
  banner.replaceChildren(head, list);
}

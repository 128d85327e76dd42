/**
 * Export Diagram…: the model's diagram as SVG or PNG, drawn as `cnn-designer diagram` draws it (the same module),
 * in the colour theme's light or dark. The command takes optional arguments that answer its questions (tests).
 */
import * as vscode from "vscode";
import { analyze, msg, type Analysis, type DiagramOptions } from "../core";
import { loadDiagrams } from "../node/diagramLoader";
import { activeModelDocument, isModelDocument } from "./modelService";
import { count, t } from "./l10n";
import { notify } from "./plainText";
import { catalogue } from "./messages";
import { exists, sibling, stem, writeOutputs } from "./outputs";

/** Answers to Export Diagram…'s questions. */
export interface DiagramExportOptions extends DiagramOptions {
  readonly target?: vscode.Uri;
}

/** The ways to draw, labelled in the display language. */
const styles = (): (vscode.QuickPickItem & Pick<DiagramOptions, "style" | "collapse">)[] => [
  {
    label: t("Cards"),
    description: t("as in the designer"),
    detail: t("Each layer's name, type, settings, output shape and parameters"),
    style: "cards",
  },
  {
    label: t("Cards, repeated blocks once"),
    detail: t("Alike blocks (ResNet's, MobileNet's) framed once with ×N; models used as layers folded"),
    style: "cards",
    collapse: true,
  },
  {
    label: t("Volumes"),
    description: t("as in a paper"),
    detail: t("Each output a block sized by its height, width and channels (log-scaled)"),
    style: "volume",
  },
  {
    label: t("Volumes, repeated blocks once"),
    detail: t("The volumes, with alike blocks drawn once (×N)"),
    style: "volume",
    collapse: true,
  },
];

/** The diagram theme that suits the colour theme: dark for dark and high-contrast dark themes. */
const themeNow = (): DiagramOptions["theme"] =>
  [vscode.ColorThemeKind.Dark, vscode.ColorThemeKind.HighContrast].includes(vscode.window.activeColorTheme.kind) ? "dark" : "light";

/** The layer types to leave out, picked among the model's one-input types (none: all drawn); undefined: backed out. */
async function pickHidden(a: Analysis): Promise<string[] | undefined> {
  const counts = new Map<string, number>();
  for (const l of a.layers) if (l.type !== "Input" && l.inputs.length === 1) counts.set(l.type, (counts.get(l.type) ?? 0) + 1);
  if (counts.size === 0) return [];
  const usual = new Set(["BatchNormalization", "ReLU", "Activation", "Dropout", "LeakyReLU"]);
  const items = [...counts].map(([type, n]) => ({
    label: type,
    description: n === 1 ? t("1 layer") : t("{0} layers", n),
    picked: false,
    usual: usual.has(type),
  }));
  items.sort((x, y) => Number(y.usual) - Number(x.usual) || x.label.localeCompare(y.label));
  const picked = await vscode.window.showQuickPick(items, {
    title: t("Leave out layers (optional)"),
    placeHolder: t("Pick the types not to draw, such as BatchNormalization and ReLU; Enter with none picked draws every layer"),
    canPickMany: true,
  });
  return picked?.map((p) => p.label);
}

/** Export Diagram…: returns the file written, or undefined when the user backed out or it failed. */
export async function exportDiagram(uri?: vscode.Uri, options: DiagramExportOptions = {}): Promise<vscode.Uri | undefined> {
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : activeModelDocument();
  if (!doc || !isModelDocument(doc)) return void notify.info(t("Open a *.cnn.json model to export its diagram."));
  const picked =
    options.style !== undefined
      ? { style: options.style, collapse: options.collapse }
      : await vscode.window.showQuickPick(styles(), {
          title: t("Diagram of {0}", stem(doc.uri)),
          placeHolder: t("Draw as"),
          matchOnDetail: true,
        });
  if (!picked) return undefined;
  const a = analyze(doc.getText());
  const hide = options.hide ?? (options.style !== undefined ? [] : await pickHidden(a));
  if (!hide) return undefined;
  let proposed = sibling(doc.uri, `${stem(doc.uri)}.svg`);
  for (let k = 2; k < 100 && !options.target && (await exists(proposed)); k++) proposed = sibling(doc.uri, `${stem(doc.uri)}-${k}.svg`);
  const target =
    options.target ??
    (await vscode.window.showSaveDialog({
      title: t("Export Diagram"),
      defaultUri: proposed,
      filters: { [t("SVG image")]: ["svg"], [t("PNG image")]: ["png"] },
    }));
  if (!target) return undefined;
  const png = /\.png$/i.test(target.path);
  if (!png && !/\.svg$/i.test(target.path)) return void notify.error(t("Export Diagram: name an .svg or .png file."));
  if (a.layers.length === 0) return void notify.error(t("Export Diagram: {0} has no layers to draw.", stem(doc.uri)));
  const diagrams = loadDiagrams();
  let bytes: Uint8Array;
  let missing: string[];
  try {
    const drawn = await diagrams.diagramSvgText(a, {
      style: picked.style,
      collapse: picked.collapse,
      hide,
      theme: options.theme ?? themeNow(),
      catalogue,
    });
    missing = drawn.missing;
    bytes = png ? await diagrams.svgToPng(drawn.svg, 2) : new TextEncoder().encode(drawn.svg);
  } catch (e) {
    if (e instanceof diagrams.DiagramTooLarge)
      return void notify.error(
        t(
          "Export Diagram: the diagram is {0}×{1} pixels, {2} million: too large for a PNG (at most {3} million); export an SVG, or pick a style with repeated blocks once",
          e.width,
          e.height,
          count(Math.round(e.pixels / 1e6)),
          count(e.maxPixels / 1e6),
        ),
      );
    throw e;
  }
  // The save dialog asked before replacing the target.
  const why = await writeOutputs([{ uri: target, bytes, replace: true }], { uri: doc.uri, what: msg("files.theModel") });
  if (why === "cancelled") return undefined;
  if (why) return void notify.error(t("Export Diagram failed: {0}", why));
  const where = vscode.workspace.asRelativePath(target);
  void notify
    .info(
      missing.length
        ? t(
            "Exported the diagram of {0} to {1}. The font has no glyphs for {2}: they are drawn as boxes.",
            stem(doc.uri),
            where,
            missing.slice(0, 8).join(" "),
          )
        : t("Exported the diagram of {0} to {1}.", stem(doc.uri), where),
      t("Open"),
    )
    .then((choice) => choice && vscode.commands.executeCommand("vscode.open", target));
  return target;
}

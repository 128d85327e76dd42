/** A model's diagram as an SVG document: scene, layout and drawing in one call, for the CLI and the extension. */
import type { Analysis } from "../analysis/analyze";
import type { Catalogue } from "../messages/format";
import { layoutDiagram, type DiagramStyle, type ElkRun } from "./layout";
import { diagramScene } from "./scene";
import { diagramSvg } from "./svg";
import { diagramThemes, type DiagramTheme } from "./theme";
import type { Typeface } from "./typeface";

/** How to draw a diagram. */
export interface DiagramOptions {
  /** `cards` (the default) or `volume`. */
  readonly style?: DiagramStyle;
  /** `light` (the default) or `dark`. */
  readonly theme?: DiagramTheme["name"];
  /** Fold models used as layers, and draw repeated blocks once. */
  readonly collapse?: boolean;
  /** Layer types left out: one-input layers of these types are skipped, their readers reading what they read. */
  readonly hide?: readonly string[];
  /** The language of the labels' words; English by default. */
  readonly catalogue?: Catalogue;
}

/** The diagram of `a` as an SVG document, its text measured and drawn by `face`, laid out by `elk`. */
export async function diagramOf(a: Analysis, options: DiagramOptions, face: Typeface, elk: ElkRun): Promise<string> {
  const scene = diagramScene(a, { collapse: options.collapse, hide: options.hide, catalogue: options.catalogue });
  const style = options.style ?? "cards";
  const layout = await layoutDiagram(scene, style, face, elk);
  return diagramSvg(scene, layout, diagramThemes[options.theme ?? "light"], face);
}

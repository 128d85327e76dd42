/**
 * The diagram module, loaded on first use: in the bundles, `dist/diagram.js` beside them (build.mjs points this
 * require there), so that elkjs, fontkit and resvg cost nothing until a diagram is drawn.
 */
import type * as Diagrams from "./diagramFiles";

/** The diagram module (`diagramSvgText`, `svgToPng`). */
export function loadDiagrams(): typeof Diagrams {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("./diagramFiles") as typeof Diagrams;
}

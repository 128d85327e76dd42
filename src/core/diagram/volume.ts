/**
 * Volumes: each layer's output drawn as a block, as visualkeras and NN-SVG draw them for papers — its height the
 * rows, its thickness the channels, its depth the columns, each log-scaled — so that a Flatten's 86,528-wide
 * vector towers over global pooling's 128.
 */

import { shade as shadeOf } from "./theme";

/** A block's size in pixels: the front face (`width` × `height`) and the oblique `depth` drawn up and right. */
export interface Box {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  /** True where the shape is not known: drawn dashed. */
  readonly unknown: boolean;
}

/** The pixels for `n` rows or units: log-scaled, so that 8 and 86,528 both fit on a page. */
export const extent = (n: number) => Math.min(240, 10 + 14 * Math.log2(Math.max(1, n)));
/** The pixels for `c` channels. */
export const thickness = (c: number) => Math.min(80, 4 + 5 * Math.log2(Math.max(1, c)));

/** The block of an output shape (batch axis first, as the analysis gives it). */
export function volumeBox(shape: readonly (number | null)[] | null): Box {
  const dims = shape?.slice(1) ?? [];
  if (!shape || dims.some((d) => d === null) || dims.length === 0) return { width: 16, height: 40, depth: 0, unknown: true };
  const d = dims as number[];
  if (d.length === 1) return { width: 8, height: extent(d[0]), depth: 0, unknown: false };
  if (d.length === 2) return { width: thickness(d[1]), height: extent(d[0]), depth: 0, unknown: false };
  // Images (and volumes, whose first axis is left out): rows, columns, channels. A 1×1 image is its channels'
  // vector, drawn as one (global pooling with keepdims reads as the vector it is).
  const [rows, columns, channels] = d.slice(-3);
  if (rows === 1 && columns === 1) return { width: 8, height: extent(channels), depth: 0, unknown: false };
  return { width: thickness(channels), height: extent(rows), depth: Math.round(0.4 * extent(columns)), unknown: false };
}

/** The faces of a block whose front face's top-left corner is at (x, y): front, top and side, as SVG points. */
export function boxFaces(b: Box, x: number, y: number): { front: string; top: string; side: string } {
  const [w, h, d] = [b.width, b.height, b.depth];
  const pts = (...p: number[][]) => p.map(([px, py]) => `${round(px)},${round(py)}`).join(" ");
  return {
    front: pts([x, y], [x + w, y], [x + w, y + h], [x, y + h]),
    top: pts([x, y], [x + d, y - d], [x + w + d, y - d], [x + w, y]),
    side: pts([x + w, y], [x + w + d, y - d], [x + w + d, y + h - d], [x + w, y + h]),
  };
}

const round = (v: number) => Math.round(v * 100) / 100;

/** A block drawn as SVG polygons: opaque faces (an edge behind it stays hidden), the top lit and the side shaded. */
export function blockSvg(b: Box, x: number, y: number, colour: string, line: { colour: string; width: number; opacity: number }): string {
  const faces = boxFaces(b, x, y);
  const dash = b.unknown ? ` stroke-dasharray="3 3"` : "";
  const stroke = ` stroke="${line.colour}" stroke-opacity="${line.opacity}" stroke-width="${line.width}"${dash}`;
  // A block without depth (a vector, a sequence) is its front face alone.
  const depth =
    b.depth > 0
      ? [
          `<polygon points="${faces.top}" fill="${shadeOf(colour, 0.35)}"${stroke}/>`,
          `<polygon points="${faces.side}" fill="${shadeOf(colour, -0.2)}"${stroke}/>`,
        ]
      : [];
  return [...depth, `<polygon points="${faces.front}" fill="${colour}"${stroke}/>`].join("\n");
}

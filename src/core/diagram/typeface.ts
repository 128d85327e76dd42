/** The text of a diagram: measured by the typeface that draws it, so that the layout leaves room for every label. */

/** Measures and draws text in one typeface, regular and bold. */
export interface Typeface {
  /** The CSS font-family that `<text>` elements name (and the fallback a viewer uses). */
  readonly family: string;
  /** The advance width of `text` at `size` pixels. */
  width(text: string, size: number, bold: boolean): number;
  /**
   * `text` as the glyphs' outlines, which every viewer and rasteriser draws alike: SVG markup placing its glyphs,
   * its baseline starting at (x, y), each glyph a `<use>` of a path defined once — added to `glyphs` (id to
   * path data, in font units, y up). Absent: the text is written as `<text>` in {@link family}.
   */
  outline?(text: string, x: number, y: number, size: number, bold: boolean, glyphs: Map<string, string>): string;
}

/**
 * `text` cut to fit `max` pixels with an ellipsis, measured by `face` (a label is shortened, never clipped).
 */
export function fitText(face: Typeface, text: string, max: number, size: number, bold: boolean): string {
  if (face.width(text, size, bold) <= max) return text;
  const chars = [...text];
  let [lo, hi] = [0, chars.length];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (face.width(`${chars.slice(0, mid).join("")}…`, size, bold) <= max) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join("")}…`;
}

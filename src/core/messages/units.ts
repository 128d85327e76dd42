/** Counts and sizes in bytes as Keras summaries write them, in a language's digits: `147.584`, `1,14 MB` in Spanish. */

const units = ["B", "KB", "MB", "GB", "TB", "PB", "EB"];
const formats = new Map<string, Intl.NumberFormat>();

/** Formats bytes as Keras summaries do (powers of 1024, two decimals), with `locale`'s decimal mark. */
export function formatBytes(bytes: number, locale = "en"): string {
  let value = bytes;
  let u = 0;
  while (value >= 1024 && u < units.length - 1) {
    value /= 1024;
    u++;
  }
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false });
    formats.set(locale, format);
  }
  return `${format.format(value)} ${units[u]}`;
}

/**
 * The formatters of counts, one pair per locale: `toLocaleString` builds a new one per call, which dominated
 * re-renders. Beyond 2⁵³ a double no longer holds every integer: such counts are shown to 15 digits, marked ≈.
 */
const formatters = new Map<string, { exact: Intl.NumberFormat; approximate: Intl.NumberFormat }>();

/**
 * Formats an integer with thousands separators, as Keras 3 summaries do (in `locale`'s digits: `147.584` in
 * Spanish); a count beyond 2⁵³, which a double holds only approximately, is marked: `≈13,510,798,882,111,500`.
 */
export function formatCount(n: number, locale = "en-US"): string {
  let f = formatters.get(locale);
  if (!f) {
    f = { exact: new Intl.NumberFormat(locale), approximate: new Intl.NumberFormat(locale, { maximumSignificantDigits: 15 }) };
    formatters.set(locale, f);
  }
  return Math.abs(n) <= Number.MAX_SAFE_INTEGER ? f.exact.format(n) : `≈${f.approximate.format(n)}`;
}

/** Sizes in bytes as Keras summaries write them, in a language's digits: `1.14 MB`, `1,14 MB` in Spanish. */

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

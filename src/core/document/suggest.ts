/**
 * Did-you-mean suggestions. Bounded whatever the input: a name of a megabyte, or 100,000 unknown names against
 * 100,000 layers, must not cost minutes. The distance is computed only within a band as wide as the largest
 * distance that could still be suggested, and stops as soon as it is exceeded; candidates whose length alone puts
 * them further away are skipped.
 */

import { msg, type Message } from "../messages/format";

/** The longest word a suggestion is looked for: longer ones are not misspellings of a name. */
const maxWord = 64;

/**
 * Levenshtein distance, case-insensitive, if it is at most `limit`; otherwise any number above `limit`. Only the
 * cells within `limit` of the diagonal are computed.
 */
function distanceWithin(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  a = a.toLowerCase();
  b = b.toLowerCase();
  const far = limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => (j <= limit ? j : far));
  for (let i = 1; i <= a.length; i++) {
    const row = Array<number>(b.length + 1).fill(far);
    row[0] = i <= limit ? i : far;
    let best = row[0];
    for (let j = Math.max(1, i - limit); j <= Math.min(b.length, i + limit); j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost, far);
      best = Math.min(best, row[j]);
    }
    if (best > limit) return far;
    prev = row;
  }
  return prev[b.length];
}

/** Normalises spellings that differ only in case, underscores or hyphens (`kernel_size` ~ `kernelSize`). */
function squash(s: string): string {
  return s.toLowerCase().replace(/[_\-\s]/g, "");
}

/** The closest candidate to `word`, if one is close enough to be a plausible misspelling. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > maxWord) return undefined;
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestScore = limit + 1;
  const w = squash(word);
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) > limit + 8 || c.length > maxWord + limit) continue;
    if (squash(c) === w) return c;
    const d = distanceWithin(word, c, Math.min(limit, bestScore - 1));
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  return bestScore <= limit ? best : undefined;
}

/** "; did you mean 'x'?" after a message, or nothing. */
export const didYouMeanHint = (suggestion: string | undefined): Message =>
  suggestion ? msg("hint.didYouMean", { suggestion }) : msg("hint.none");

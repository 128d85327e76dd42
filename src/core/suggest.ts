/** Levenshtein distance, case-insensitive, for did-you-mean suggestions. */
function distance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
    }
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
  let best: string | undefined;
  let bestScore = Infinity;
  const w = squash(word);
  for (const c of candidates) {
    if (squash(c) === w) return c;
    const d = distance(word, c);
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestScore <= limit ? best : undefined;
}

/**
 * "did you mean …?" for a misspelt name: the closest known name by edit distance
 * (Damerau–Levenshtein, optimal string alignment), when it is close enough to be a typo.
 */

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      let best = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = best;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * The known name closest to `given` (case, `_` and `-` ignored), or undefined when none is
 * within a third of the name's length (at least 1, at most 3 edits).
 */
export function didYouMean(given: string, known: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/_/g, '-');
  const g = norm(given);
  const limit = Math.min(3, Math.max(1, Math.floor(g.length / 3)));
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const n = norm(name);
    if (n === g) return name;
    const distance = n.startsWith(g) && g.length >= 3 ? Math.min(editDistance(g, n), limit) : editDistance(g, n);
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/**
 * The `similar` measure: cosine similarity of term-frequency vectors of word tokens (lowercased,
 * Unicode letters and digits, common English stop words dropped). Chosen because answers often
 * put the same points in another order (order-free, unlike ROUGE-L), it costs O(n) (ROUGE-L's LCS
 * is O(n·m) on long answers), it needs no model, and it is deterministic. It sees words, not
 * meaning: a paraphrase with other words scores low, so thresholds are modest (default 0.5).
 */
const STOP_WORDS = new Set(
  (
    'a an and are as at be but by can could did do does for from had has have he her his how i if in ' +
    'into is it its me my no not of on or our she so than that the their them then there these they ' +
    'this those to too us was we were what when where which who why will with would you your'
  ).split(' '),
);

export function tokens(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).filter((t) => !STOP_WORDS.has(t));
}

function frequencies(words: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

/** Cosine of the two texts' term-frequency vectors, in [0, 1]; 0 when either has no words. */
export function cosineSimilarity(a: string, b: string): number {
  const fa = frequencies(tokens(a));
  const fb = frequencies(tokens(b));
  if (fa.size === 0 || fb.size === 0) return 0;
  let dot = 0;
  for (const [word, n] of fa) dot += n * (fb.get(word) ?? 0);
  const norm = (f: Map<string, number>) => Math.sqrt([...f.values()].reduce((s, n) => s + n * n, 0));
  return Math.min(1, dot / (norm(fa) * norm(fb)));
}

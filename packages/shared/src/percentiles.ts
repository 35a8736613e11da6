import { z } from 'zod';

/**
 * Percentile of an ascending-sorted sample with linear interpolation between closest ranks
 * (numpy's default, `method="linear"`): h = (n − 1)·p, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * `p` is a fraction in [0, 1]. Returns null for an empty sample.
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile fraction must be in [0, 1], got ${p}`);
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  if (lo + 1 >= n) return a;
  const b = sorted[lo + 1] as number;
  return a + (h - lo) * (b - a);
}

/** Percentile of an unsorted sample (copied and sorted; the input is not changed). */
export function percentile(values: readonly number[], p: number): number | null {
  return percentileSorted(Float64Array.from(values).sort(), p);
}

export const SummarySchema = z.object({
  count: z.number().int().min(0),
  mean: z.number(),
  min: z.number(),
  max: z.number(),
  p50: z.number(),
  p90: z.number(),
  p95: z.number(),
  p99: z.number(),
});
export type Summary = z.infer<typeof SummarySchema>;

/** Mean, min, max and the percentiles PRODUCT §5 asks for; null for an empty sample. */
export function summarize(values: readonly number[]): Summary | null {
  if (values.length === 0) return null;
  const s = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of s) sum += v;
  return {
    count: s.length,
    mean: sum / s.length,
    min: s[0] as number,
    max: s[s.length - 1] as number,
    p50: percentileSorted(s, 0.5) as number,
    p90: percentileSorted(s, 0.9) as number,
    p95: percentileSorted(s, 0.95) as number,
    p99: percentileSorted(s, 0.99) as number,
  };
}

import { describe, expect, it } from 'vitest';
import { percentile, percentileSorted, summarize } from './percentiles.ts';

describe('percentile (linear interpolation, numpy default)', () => {
  it('interpolates between the closest ranks: [10, 20, 30, 40] at p50 is 25', () => {
    // h = (4 − 1)·0.5 = 1.5 → 20 + 0.5·(30 − 20)
    expect(percentile([40, 10, 30, 20], 0.5)).toBe(25);
  });

  it('matches hand-computed p90/p95/p99 of 1..10', () => {
    // h = 9·0.9 = 8.1 → 9 + 0.1·1 = 9.1; h = 8.55 → 9.55; h = 8.91 → 9.91
    const xs = [3, 1, 2, 10, 9, 8, 7, 6, 5, 4];
    expect(percentile(xs, 0.9)).toBeCloseTo(9.1, 12);
    expect(percentile(xs, 0.95)).toBeCloseTo(9.55, 12);
    expect(percentile(xs, 0.99)).toBeCloseTo(9.91, 12);
  });

  it('returns the extremes at 0 and 1 and the only value of a single sample', () => {
    expect(percentile([5, 1, 3], 0)).toBe(1);
    expect(percentile([5, 1, 3], 1)).toBe(5);
    expect(percentile([7], 0.99)).toBe(7);
  });

  it('returns null for an empty sample and rejects a fraction outside [0, 1]', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(() => percentileSorted([1, 2], 1.5)).toThrow(RangeError);
    expect(() => percentileSorted([1, 2], Number.NaN)).toThrow(RangeError);
  });

  it('does not reorder the caller’s array', () => {
    const xs = [3, 1, 2];
    percentile(xs, 0.5);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe('summarize', () => {
  it('gives mean, min, max and percentiles computed by hand', () => {
    // sorted: 1 2 4 8 ; mean 3.75; p50: h = 1.5 → 3; p90: h = 2.7 → 4 + 0.7·4 = 6.8
    const s = summarize([8, 1, 4, 2]);
    expect(s).not.toBeNull();
    expect(s?.count).toBe(4);
    expect(s?.mean).toBe(3.75);
    expect(s?.min).toBe(1);
    expect(s?.max).toBe(8);
    expect(s?.p50).toBe(3);
    expect(s?.p90).toBeCloseTo(6.8, 12);
  });

  it('is null for no values', () => {
    expect(summarize([])).toBeNull();
  });
});

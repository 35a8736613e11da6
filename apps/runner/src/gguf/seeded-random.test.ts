import { describe, expect, it } from 'vitest';
import { seededRandom, uniformArray } from './seeded-random.ts';

describe('seededRandom', () => {
  it('repeats the same sequence for the same seed and differs for another seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(Array.from({ length: 5 }, c)).not.toEqual(seqA);
  });

  it('stays in [0, 1)', () => {
    const r = seededRandom(7);
    for (let i = 0; i < 10_000; i++) {
      const x = r();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});

describe('uniformArray', () => {
  it('has roughly zero mean and the requested standard deviation', () => {
    const xs = uniformArray(seededRandom(1), 100_000, 0.5);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.sqrt(variance)).toBeCloseTo(0.5, 2);
  });
});

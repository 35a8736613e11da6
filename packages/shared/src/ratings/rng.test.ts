import { describe, expect, it } from 'vitest';
import { createRng, xoshiro128ss } from './rng.ts';

describe('xoshiro128**', () => {
  it('reproduces the reference C implementation from state {1, 2, 3, 4}', () => {
    // Outputs of Blackman & Vigna's xoshiro128starstar.c compiled with gcc, same state.
    const rng = xoshiro128ss([1, 2, 3, 4]);
    const out = Array.from({ length: 8 }, () => rng.uint32());
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
  });

  it('rejects the all-zero state, a fixed point of the generator', () => {
    expect(() => xoshiro128ss([0, 0, 0, 0])).toThrow(RangeError);
  });
});

describe('createRng', () => {
  it('gives the same stream for the same seed and a different one for a neighbouring seed', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 16 }, () => rng.uint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(43)).not.toEqual(draw(42));
  });

  it('accepts only unsigned 32-bit integer seeds', () => {
    expect(() => createRng(-1)).toThrow(RangeError);
    expect(() => createRng(1.5)).toThrow(RangeError);
    expect(() => createRng(2 ** 32)).toThrow(RangeError);
    expect(() => createRng(2 ** 32 - 1)).not.toThrow();
  });

  it('draws floats in [0, 1)', () => {
    const rng = createRng(7);
    let min = 1;
    let max = 0;
    for (let k = 0; k < 10_000; k++) {
      const x = rng.float();
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(max - min).toBeGreaterThan(0.99);
  });

  it('draws int(n) in range with every value about equally often', () => {
    const rng = createRng(1);
    const n = 6;
    const draws = 60_000;
    const seen = new Array<number>(n).fill(0);
    let outOfRange = 0;
    for (let k = 0; k < draws; k++) {
      const x = rng.int(n);
      if (!(Number.isInteger(x) && x >= 0 && x < n)) outOfRange++;
      else seen[x] = (seen[x] as number) + 1;
    }
    expect(outOfRange).toBe(0);
    // Expected 10,000 each, sd ≈ 91; ±400 is over 4 sd.
    for (const c of seen) expect(Math.abs(c - draws / n)).toBeLessThan(400);
  });

  it('draws int(n) for n above 2^21 (the rejection-with-modulo path) in range', () => {
    const rng = createRng(3);
    const n = 3_000_000_019;
    let max = 0;
    let outOfRange = 0;
    for (let k = 0; k < 10_000; k++) {
      const x = rng.int(n);
      if (!(Number.isInteger(x) && x >= 0 && x < n)) outOfRange++;
      max = Math.max(max, x);
    }
    expect(outOfRange).toBe(0);
    expect(max).toBeGreaterThan(2 ** 31); // reaches the upper half, so nothing truncates to 31 bits
  });

  it('fills a buffer with the same values as repeated int(n) calls, on both paths', () => {
    for (const n of [1, 7, 30_033, 2 ** 21, 2 ** 21 + 1, 2 ** 31]) {
      const one = createRng(99);
      const bulk = createRng(99);
      const singly = Int32Array.from({ length: 1000 }, () => one.int(n));
      expect(bulk.ints(n, new Int32Array(1000))).toEqual(singly);
      expect(bulk.uint32()).toBe(one.uint32()); // and leaves the generator in the same state
    }
  });

  it('rejects an empty or non-integer range', () => {
    const rng = createRng(0);
    expect(() => rng.int(0)).toThrow(RangeError);
    expect(() => rng.int(2.5)).toThrow(RangeError);
    expect(() => rng.int(Number.NaN)).toThrow(RangeError);
    expect(() => rng.ints(0, new Int32Array(1))).toThrow(RangeError);
    expect(() => rng.ints(2 ** 31 + 1, new Int32Array(1))).toThrow(RangeError);
  });
});

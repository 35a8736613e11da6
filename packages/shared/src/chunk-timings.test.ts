import { describe, expect, it } from 'vitest';
import {
  ChunkTimingsSchema,
  decodeChunkArrivals,
  encodeChunkTimings,
  splitByChunks,
} from './chunk-timings.ts';

describe('chunk timings', () => {
  it('round-trips arrival times to the microsecond without accumulating rounding error', () => {
    const arrivals = Array.from({ length: 1000 }, (_, i) => 8.3331 + i * 0.7604);
    const enc = encodeChunkTimings(
      arrivals,
      arrivals.map(() => 1),
    );
    const dec = decodeChunkArrivals(enc);
    for (let i = 0; i < arrivals.length; i++)
      expect(Math.abs((dec[i] as number) - (arrivals[i] as number))).toBeLessThanOrEqual(0.0005 + 1e-9);
  });

  it('stores gaps as non-negative integers even if the clock readings tie', () => {
    const enc = encodeChunkTimings([5, 5, 5.0004, 6], [1, 2, 1, 3]);
    expect(enc.dtUs).toEqual([5000, 0, 0, 1000]);
    expect(enc.dtUs.every((d) => Number.isInteger(d) && d >= 0)).toBe(true);
  });

  it('splits the output text back into the pieces each chunk carried', () => {
    const enc = encodeChunkTimings([1, 2, 3], [3, 1, 4]);
    expect(splitByChunks('Hey, you', enc)).toEqual(['Hey', ',', ' you']);
  });

  it('refuses arrays of different lengths', () => {
    expect(() => encodeChunkTimings([1, 2], [1])).toThrow(RangeError);
  });
});

describe('ChunkTimingsSchema', () => {
  it('accepts integer arrays of equal length', () => {
    expect(ChunkTimingsSchema.safeParse({ dtUs: [1, 0, 3], chars: [2, 2, 1] }).success).toBe(true);
  });

  it('names the array holding a negative, fractional or non-number entry', () => {
    for (const bad of [[1, -1], [1, 0.5], [1, '2'], 'x']) {
      const r = ChunkTimingsSchema.safeParse({ dtUs: bad, chars: [1, 1] });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(['dtUs']);
    }
  });

  it('refuses arrays of different lengths', () => {
    expect(ChunkTimingsSchema.safeParse({ dtUs: [1, 2], chars: [1] }).success).toBe(false);
  });
});

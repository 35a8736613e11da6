import { describe, expect, it } from 'vitest';
import { combineParts } from './combine.ts';

describe('combineParts', () => {
  it('is the weighted mean of the part scores', () => {
    const r = combineParts(
      [
        { weight: 3, score: 1, passed: true },
        { weight: 1, score: 0, passed: false },
      ],
      undefined,
    );
    expect(r.score).toBeCloseTo(0.75);
  });

  it('without passThreshold, passes only when every part passed', () => {
    expect(combineParts([{ weight: 1, score: 0.9, passed: false }], undefined).passed).toBe(false);
    expect(combineParts([{ weight: 1, score: 1, passed: true }], undefined).passed).toBe(true);
  });

  it('with passThreshold, passes when the score reaches it, whatever the parts say', () => {
    const parts = [
      { weight: 3, score: 1, passed: true },
      { weight: 1, score: 0, passed: false },
    ];
    expect(combineParts(parts, 0.75).passed).toBe(true);
    expect(combineParts(parts, 0.8).passed).toBe(false);
  });

  it('leaves out parts that could not be evaluated, and is null when none could', () => {
    expect(
      combineParts(
        [
          { weight: 1, score: null, passed: null },
          { weight: 1, score: 1, passed: true },
        ],
        undefined,
      ),
    ).toEqual({ score: 1, passed: true });
    expect(combineParts([{ weight: 1, score: null, passed: null }], undefined)).toEqual({
      score: null,
      passed: null,
    });
    expect(combineParts([], undefined)).toEqual({ score: null, passed: null });
  });
});

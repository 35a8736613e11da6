import { describe, expect, it } from 'vitest';
import { coarseMetrics, step125 } from './coarse.ts';

describe('step125', () => {
  it('rounds to the nearest 1-2-5 step by ratio', () => {
    expect(step125(153.4019360000002)).toBe(200);
    expect(step125(140)).toBe(100);
    expect(step125(320)).toBe(500);
    expect(step125(700)).toBe(500);
    expect(step125(720)).toBe(1000);
    expect(step125(2_345)).toBe(2000);
    expect(step125(0.13)).toBe(0.1);
    expect(step125(12.5)).toBe(10);
  });

  it('keeps null, undefined, 0 and non-finite figures out', () => {
    expect(step125(null)).toBeNull();
    expect(step125(undefined)).toBeNull();
    expect(step125(Number.NaN)).toBeNull();
    expect(step125(0)).toBe(0);
  });
});

describe('coarseMetrics', () => {
  it('rounds times and tok/s and drops token counts, load time, cost and server figures', () => {
    const m = coarseMetrics({
      ttftMs: 12.5,
      e2eMs: 153.4019360000002,
      decodeTpsClient: 247.3,
      decodeTpsServer: 251,
      outputTokens: 437,
      promptTokens: 21,
      loadMs: 1_234,
      costUsd: 0.0004,
    });
    expect(m).toEqual({
      ttftMs: 10,
      e2eMs: 200,
      tpotMs: null,
      itlMs: null,
      decodeTpsClient: 200,
      decodeTpsServer: null,
      promptTokens: null,
      outputTokens: null,
      outputTokensSource: null,
      loadMs: null,
      costUsd: null,
    });
  });
});

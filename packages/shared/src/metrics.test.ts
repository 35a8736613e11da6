import { describe, expect, it } from 'vitest';
import { deriveTimings } from './metrics.ts';

describe('deriveTimings (PRODUCT §5)', () => {
  it('computes TTFT, E2E, TPOT, ITL and decode tok/s from arrivals', () => {
    // first token at 50 ms, then one every 5 ms: 11 tokens, last at 100 ms
    const arrivalsMs = Array.from({ length: 11 }, (_, i) => 50 + 5 * i);
    const m = deriveTimings({ arrivalsMs, outputTokens: 11 });
    expect(m.ttftMs).toBe(50);
    expect(m.e2eMs).toBe(100);
    expect(m.tpotMs).toBe(5); // (100 − 50) / (11 − 1)
    expect(m.decodeTpsClient).toBe(200); // (11 − 1) / 0.05 s
    expect(m.itlMs?.count).toBe(10);
    expect(m.itlMs?.p50).toBe(5);
  });

  it('uses the reported token count, not the chunk count, for TPOT and tok/s', () => {
    // 3 chunks carrying 7 tokens in all (servers may batch tokens into one chunk)
    const m = deriveTimings({ arrivalsMs: [10, 20, 40], outputTokens: 7 });
    expect(m.tpotMs).toBe(5); // 30 / 6
    expect(m.decodeTpsClient).toBe(200); // 6 / 0.03
    expect(m.itlMs?.mean).toBe(15); // gaps 10 and 20
  });

  it('falls back to the number of chunks when no count is reported', () => {
    const m = deriveTimings({ arrivalsMs: [10, 20, 30], outputTokens: null });
    expect(m.tpotMs).toBe(10);
    expect(m.decodeTpsClient).toBe(100);
  });

  it('leaves TPOT and tok/s undefined for a single token, with TTFT = E2E', () => {
    const m = deriveTimings({ arrivalsMs: [42], outputTokens: 1 });
    expect(m.ttftMs).toBe(42);
    expect(m.e2eMs).toBe(42);
    expect(m.tpotMs).toBeNull();
    expect(m.decodeTpsClient).toBeNull();
    expect(m.itlMs).toBeNull();
  });

  it('leaves TPOT and tok/s undefined when all tokens arrived in one chunk', () => {
    const m = deriveTimings({ arrivalsMs: [42], outputTokens: 30 });
    expect(m.tpotMs).toBeNull();
    expect(m.decodeTpsClient).toBeNull();
  });

  it('gives nulls when nothing arrived', () => {
    expect(deriveTimings({ arrivalsMs: [], outputTokens: 0 })).toEqual({
      ttftMs: null,
      e2eMs: null,
      tpotMs: null,
      itlMs: null,
      decodeTpsClient: null,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { liveTokensPerSecond } from './tokens-per-second.ts';

describe('liveTokensPerSecond', () => {
  it('counts the gaps between tokens over the time from the first to the latest chunk', () => {
    // 4 tokens from 20 ms to 40 ms: 3 gaps in 20 ms.
    expect(liveTokensPerSecond({ tokens: 4, firstOffsetMs: 20, lastOffsetMs: 40 })).toBe(150);
  });

  it('is null before two tokens, without offsets, or with no time between first and latest', () => {
    expect(liveTokensPerSecond({ tokens: 1, firstOffsetMs: 20, lastOffsetMs: 40 })).toBeNull();
    expect(liveTokensPerSecond({ tokens: 5, firstOffsetMs: null, lastOffsetMs: null })).toBeNull();
    expect(liveTokensPerSecond({ tokens: 5, firstOffsetMs: 30, lastOffsetMs: 30 })).toBeNull();
  });
});

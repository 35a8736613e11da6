import type { LiveSlot } from './fold.ts';

/**
 * Live decode rate from what has streamed so far: (tokens − 1) / (latest − first chunk arrival).
 * Null until two tokens are in, or while they arrived at the same millisecond.
 */
export function liveTokensPerSecond(
  s: Pick<LiveSlot, 'tokens' | 'firstOffsetMs' | 'lastOffsetMs'>,
): number | null {
  if (s.tokens < 2 || s.firstOffsetMs === null || s.lastOffsetMs === null) return null;
  const ms = s.lastOffsetMs - s.firstOffsetMs;
  return ms > 0 ? ((s.tokens - 1) * 1000) / ms : null;
}

import type { LeaderboardRow } from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { retryAfterSeconds } from './api.ts';
import {
  EXPORT_COLUMNS,
  intervalScale,
  LeaderboardSearchSchema,
  leaderboardCsv,
  niceTicks,
  sortRows,
} from './leaderboard.ts';

const row = (key: string, patch: Partial<LeaderboardRow> = {}): LeaderboardRow => ({
  rank: 1,
  key,
  provider: 'p',
  model: key,
  persona: null,
  rating: 1000,
  q025: 950,
  q975: 1050,
  median: 1000,
  elo: 1000,
  wins: 1,
  losses: 1,
  ties: 0,
  outcomes: 2,
  battles: 2,
  winRate: 0.5,
  ttftMsP50: null,
  decodeTpsP50: null,
  speedResults: 0,
  ...patch,
});

describe('LeaderboardSearchSchema', () => {
  it('drops unknown values and keeps the category when a URL names a category and a type', () => {
    expect(LeaderboardSearchSchema.parse({ source: 'nope', category: 'creative', type: 'qa' })).toEqual({
      source: undefined,
      scope: undefined,
      category: 'creative',
      type: undefined,
      sort: undefined,
    });
  });
});

describe('sortRows', () => {
  it('sorts by decode rate fastest first with unmeasured rows last, ties in API order', () => {
    const rows = [
      row('slow', { decodeTpsP50: 10 }),
      row('none'),
      row('fast', { decodeTpsP50: 90 }),
      row('none2'),
    ];
    expect(sortRows(rows, 'tps').map((r) => r.key)).toEqual(['fast', 'slow', 'none', 'none2']);
  });
});

describe('leaderboardCsv', () => {
  it('writes a header of every column and quotes fields with commas or quotes', () => {
    const csv = leaderboardCsv([row('a', { persona: 'terse, "dry"' })]);
    const [header, line] = csv.trimEnd().split('\r\n');
    expect(header).toBe(EXPORT_COLUMNS.join(','));
    expect(line).toContain('"terse, ""dry"""');
    expect(line?.startsWith('1,a,p,a,')).toBe(true);
  });
});

describe('intervalScale', () => {
  it('maps every interval inside the width with some padding', () => {
    const s = intervalScale([row('a', { q025: 900, q975: 1000 }), row('b', { q025: 950, q975: 1100 })]);
    expect(s.at(900, 200)).toBeGreaterThan(0);
    expect(s.at(1100, 200)).toBeLessThan(200);
    expect(s.at(1000, 200)).toBeCloseTo(((1000 - s.min) / (s.max - s.min)) * 200);
  });
});

describe('niceTicks', () => {
  it('gives round steps covering the range', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(943, 1061, 5)).toEqual([950, 1000, 1050]);
  });
});

describe('retryAfterSeconds', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(retryAfterSeconds('42')).toBe(42);
    expect(retryAfterSeconds('Sun, 22 Nov 2026 02:00:30 GMT', Date.parse('2026-11-22T02:00:00Z'))).toBe(30);
    expect(retryAfterSeconds(null)).toBeNull();
  });
});

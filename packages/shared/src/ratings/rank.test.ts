import { describe, expect, it } from 'vitest';
import { expected } from './public-fixture.ts';
import { rankByIntervals } from './rank.ts';

describe('rankByIntervals', () => {
  it('reproduces all four rank_ci columns of the fixture from its own intervals', () => {
    const cases = [
      [expected.bootstrap.anchored, expected.bootstrap.rank_ci_anchored],
      [expected.bootstrap.mean1000, expected.bootstrap.rank_ci_mean1000],
      [expected.bootstrap_by_battle.anchored, expected.bootstrap_by_battle.rank_ci_anchored],
      [expected.bootstrap_by_battle.mean1000, expected.bootstrap_by_battle.rank_ci_mean1000],
    ] as const;
    for (const [intervals, ranks] of cases) expect(rankByIntervals(intervals)).toEqual(ranks);
  });

  it('shares a rank among overlapping intervals and skips ranks after a clear gap', () => {
    const ranks = rankByIntervals({
      top: { q025: 1100, q975: 1200 },
      close: { q025: 1090, q975: 1150 },
      mid: { q025: 1000, q975: 1095 },
      low: { q025: 900, q975: 980 },
    });
    // mid's upper bound 1095 is below top's lower bound 1100 but above close's 1090.
    expect(ranks).toEqual({ top: 1, close: 1, mid: 2, low: 4 });
  });
});

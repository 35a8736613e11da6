import { describe, expect, it } from 'vitest';
import { bootstrapRatings } from './bootstrap.ts';
import { fitBradleyTerry } from './bt-mle.ts';
import { computeRatings, RatingsReportSchema } from './compute-ratings.ts';
import { onlineElo } from './elo.ts';
import { fixturePairs } from './public-fixture.ts';
import { rankByIntervals } from './rank.ts';

describe('computeRatings', () => {
  const opts = { anchor: { model: 'model-00' }, rounds: 100, seed: 9 } as const;
  const report = computeRatings(fixturePairs, opts);

  it('returns a report that satisfies its own schema, best model first', () => {
    expect(RatingsReportSchema.parse(report)).toEqual(report);
    expect(report.ratings).toHaveLength(12);
    const ratings = report.ratings.map((r) => r.rating);
    expect(ratings).toEqual([...ratings].sort((x, y) => y - x));
    expect(report.anchorModel).toBe('model-00');
  });

  it('joins the MLE, bootstrap, CI rank and Elo computed separately for the same model', () => {
    const fit = fitBradleyTerry(fixturePairs, opts);
    const boot = bootstrapRatings(fixturePairs, opts);
    const ranks = rankByIntervals(boot.intervals);
    const elo = onlineElo(fixturePairs);
    for (const row of report.ratings) {
      expect(row.rating).toBe(fit.ratings[row.model]);
      expect({ median: row.median, q025: row.q025, q975: row.q975 }).toEqual(boot.intervals[row.model]);
      expect(row.rankCi).toBe(ranks[row.model]);
      expect(row.elo).toBe(elo[row.model]);
    }
  });
});

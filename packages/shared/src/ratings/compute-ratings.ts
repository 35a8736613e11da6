/**
 * The whole leaderboard from pairwise outcomes in one call (what the results API serves):
 * MLE rating, bootstrap interval and median, CI-aware rank, online Elo and counts per model.
 */
import { z } from 'zod';
import { type BootstrapOptions, bootstrapRatings } from './bootstrap.ts';
import { fitBradleyTerry } from './bt-mle.ts';
import { onlineElo } from './elo.ts';
import type { PairOutcome } from './pairs.ts';
import { rankByIntervals } from './rank.ts';
import { tallyPairs } from './tallies.ts';

const count = z.number().int().min(0);

export const ModelRatingSchema = z.object({
  model: z.string(),
  /** Bradley–Terry MLE on the full data. */
  rating: z.number(),
  median: z.number(),
  q025: z.number(),
  q975: z.number(),
  rankCi: z.number().int().min(1),
  /** Online Elo in input order; secondary, order-dependent. */
  elo: z.number(),
  /** Pair outcomes: a 4-contestant battle adds 3 to these counts for each model. */
  wins: count,
  losses: count,
  ties: count,
  /** Distinct battles the model took part in. */
  battles: count,
});
export type ModelRating = z.infer<typeof ModelRatingSchema>;

export const RatingsReportSchema = z.object({
  ratings: z.array(ModelRatingSchema),
  anchorModel: z.string().nullable(),
  rounds: z.number().int().min(1),
  seed: z.number().int().min(0),
  resample: z.enum(['battle', 'row']),
  unconvergedRounds: count,
});
export type RatingsReport = z.infer<typeof RatingsReportSchema>;

export type ComputeRatingsOptions = BootstrapOptions & { eloK?: number };

/** Ratings sorted best first (by MLE rating, then model name). */
export function computeRatings(
  pairs: readonly PairOutcome[],
  opts: ComputeRatingsOptions = {},
): RatingsReport {
  const fit = fitBradleyTerry(pairs, opts);
  const boot = bootstrapRatings(pairs, opts);
  const ranks = rankByIntervals(boot.intervals);
  const elo = onlineElo(pairs, { ...opts, k: opts.eloK ?? 4 });
  const tallies = tallyPairs(pairs);
  const ratings = fit.models.map((model) => {
    const interval = boot.intervals[model] as (typeof boot.intervals)[string];
    return {
      model,
      rating: fit.ratings[model] as number,
      ...interval,
      rankCi: ranks[model] as number,
      elo: elo[model] as number,
      ...(tallies[model] as (typeof tallies)[string]),
    };
  });
  ratings.sort((x, y) => y.rating - x.rating || (x.model < y.model ? -1 : 1));
  return {
    ratings,
    anchorModel: fit.anchorModel,
    rounds: boot.rounds,
    seed: boot.seed,
    resample: boot.resample,
    unconvergedRounds: boot.unconvergedRounds,
  };
}

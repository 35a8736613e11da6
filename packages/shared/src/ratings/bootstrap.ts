/**
 * Bootstrap confidence intervals for Bradley–Terry ratings: N rounds, each a resample of the
 * data refitted by maximum likelihood (warm-started from the full fit, so a round is two or three
 * Newton steps), then per model the median and the 2.5 / 97.5 % quantiles (linear interpolation,
 * as pandas and numpy do).
 */

import { percentileSorted } from '../percentiles.ts';
import { type Anchor, type RatingScale, ratingScaleOf, ratingsFromLogits, resolveAnchor } from './anchor.ts';
import { type BtSolveOptions, solveBtEdges } from './bt-mle.ts';
import type { PairOutcome } from './pairs.ts';
import { drawTable, drawUnitCounts, gatherDraw, type Resample, unitCount, unitsOf } from './resample.ts';
import { createRng } from './rng.ts';
import { encodePairs } from './win-matrix.ts';

/**
 * Rounds stop once the Newton step is below 1e-6 log-odds (≈ 2e-4 rating points), orders of
 * magnitude under the Monte Carlo error of a quantile, which saves a Newton step a round. The
 * full fit keeps the solver's 1e-9. FastChat's rounds stop at an L-BFGS gradient of 1e-6.
 */
const ROUND_TOLERANCE = 1e-6;

export type BootstrapOptions = Partial<RatingScale> &
  BtSolveOptions & {
    /** Rounds, at least 1 (default 500, PRODUCT §6's minimum). */
    rounds?: number;
    /** Unsigned 32-bit seed; the same seed and data give the same output. */
    seed?: number;
    /** `'battle'` (default): whole battles; `'row'`: FastChat's row-level procedure. */
    resample?: Resample;
    /** `'mean'`: each round has mean `initRating`; `{ model }`: each round is shifted so it sits there. */
    anchor?: Anchor;
  };

export type BootstrapInterval = { median: number; q025: number; q975: number };

export type BootstrapResult = {
  models: string[];
  intervals: Record<string, BootstrapInterval>;
  rounds: number;
  seed: number;
  resample: Resample;
  anchorModel: string | null;
  /** Rounds whose fit did not converge (a model won or lost all its resampled pairs). */
  unconvergedRounds: number;
};

export function bootstrapRatings(
  pairs: readonly PairOutcome[],
  opts: BootstrapOptions = {},
): BootstrapResult {
  const { rounds = 500, seed = 0, resample = 'battle' } = opts;
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new RangeError(`rounds must be an integer ≥ 1, got ${rounds}`);
  const scale = ratingScaleOf(opts);
  const rng = createRng(seed);
  const rows = encodePairs(pairs);
  const { models } = rows;
  const m = models.length;
  const anchor = resolveAnchor(models, opts.anchor ?? 'mean', scale);
  const units = unitsOf(pairs, resample);
  const table = drawTable(rows, units);

  const counts = new Int32Array(unitCount(units)).fill(1);
  const full = solveBtEdges(m, gatherDraw(table, counts), undefined, opts).logits;
  const roundOpts = { ...opts, tolerance: opts.tolerance ?? ROUND_TOLERANCE };

  // samples[i·rounds + r]: model i's rating in round r, so each model's column sorts in place.
  const samples = new Float64Array(m * rounds);
  const scratch = new Int32Array(counts.length);
  const ratings = new Float64Array(m);
  let unconvergedRounds = 0;
  for (let r = 0; r < rounds; r++) {
    drawUnitCounts(rng, counts, scratch);
    const fit = solveBtEdges(m, gatherDraw(table, counts), full, roundOpts);
    if (!fit.converged) unconvergedRounds++;
    ratingsFromLogits(fit.logits, anchor, scale, ratings);
    for (let i = 0; i < m; i++) samples[i * rounds + r] = ratings[i] as number;
  }

  const intervals: Record<string, BootstrapInterval> = {};
  models.forEach((model, i) => {
    const column = samples.subarray(i * rounds, (i + 1) * rounds).sort();
    intervals[model] = {
      median: percentileSorted(column, 0.5) as number,
      q025: percentileSorted(column, 0.025) as number,
      q975: percentileSorted(column, 0.975) as number,
    };
  });
  return { models, intervals, rounds, seed, resample, anchorModel: anchor.model, unconvergedRounds };
}

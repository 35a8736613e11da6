/**
 * Online Elo (FastChat's `compute_elo`), shown beside the MLE: every model starts at
 * `initRating`, rows are applied in input order, no anchor. On each row
 * E = P(A beats B), R_A += K·(S − E), R_B −= K·(S − E), ties scoring S = 0.5.
 * Unlike the MLE it depends on row order, which is why it is secondary (PRODUCT §6).
 */
import { type RatingScale, ratingScaleOf } from './anchor.ts';
import { type PairOutcome, scoreOfA } from './pairs.ts';

export type EloOptions = Partial<RatingScale> & { k?: number };

export function onlineElo(pairs: readonly PairOutcome[], opts: EloOptions = {}): Record<string, number> {
  const { scale, base, initRating } = ratingScaleOf(opts);
  const k = opts.k ?? 4;
  const alpha = Math.log(base) / scale;
  const ratings = new Map<string, number>();
  for (const p of pairs) {
    const ra = ratings.get(p.modelA) ?? initRating;
    const rb = ratings.get(p.modelB) ?? initRating;
    const expected = 1 / (1 + Math.exp(alpha * (rb - ra)));
    const update = k * (scoreOfA(p.winner) - expected);
    ratings.set(p.modelA, ra + update);
    ratings.set(p.modelB, rb - update);
  }
  const out: Record<string, number> = {};
  for (const model of [...ratings.keys()].sort()) out[model] = ratings.get(model) as number;
  return out;
}

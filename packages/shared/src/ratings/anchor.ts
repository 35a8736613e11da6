/** Turning Bradley–Terry logits into ratings on the Elo scale, pinned by an anchor. */

/**
 * `'mean'`: the mean rating is `initRating`. `{ model }`: that model sits at `rating` (default
 * `initRating`). Like FastChat's `scale_and_offset`, an anchor model absent from the data falls
 * back to the mean; the fit reports which anchor it applied.
 */
export type Anchor = 'mean' | { model: string; rating?: number };

/** P(A beats B) = 1 / (1 + base^((R_B − R_A)/scale)); ratings start (and centre) at `initRating`. */
export type RatingScale = { scale: number; base: number; initRating: number };

export const DEFAULT_RATING_SCALE: RatingScale = { scale: 400, base: 10, initRating: 1000 };

/** The defaults overlaid with whichever scale fields `opts` sets. */
export function ratingScaleOf(opts: Partial<RatingScale>): RatingScale {
  const s: RatingScale = {
    scale: opts.scale ?? DEFAULT_RATING_SCALE.scale,
    base: opts.base ?? DEFAULT_RATING_SCALE.base,
    initRating: opts.initRating ?? DEFAULT_RATING_SCALE.initRating,
  };
  if (!(s.scale > 0) || !(s.base > 1) || !Number.isFinite(s.initRating)) {
    throw new RangeError(
      `rating scale needs scale > 0, base > 1, finite initRating; got ${JSON.stringify(s)}`,
    );
  }
  return s;
}

/** Rating points per natural-log-odds unit: 400 / ln 10 ≈ 173.72 on the default scale. */
export function pointsPerLogit(s: RatingScale): number {
  return s.scale / Math.log(s.base);
}

export type ResolvedAnchor = { index: number; model: string | null; rating: number };

export function resolveAnchor(models: readonly string[], anchor: Anchor, s: RatingScale): ResolvedAnchor {
  if (anchor === 'mean') return { index: -1, model: null, rating: s.initRating };
  const index = models.indexOf(anchor.model);
  if (index < 0) return { index: -1, model: null, rating: s.initRating };
  return { index, model: anchor.model, rating: anchor.rating ?? s.initRating };
}

/** Ratings from natural-log-odds strengths; writes into `out` (reusable across bootstrap rounds). */
export function ratingsFromLogits(
  logits: ArrayLike<number>,
  anchor: ResolvedAnchor,
  s: RatingScale,
  out: Float64Array = new Float64Array(logits.length),
): Float64Array {
  const n = logits.length;
  let ref: number;
  if (anchor.index >= 0) {
    ref = logits[anchor.index] as number;
  } else {
    ref = 0;
    for (let i = 0; i < n; i++) ref += logits[i] as number;
    ref /= n;
  }
  const k = pointsPerLogit(s);
  for (let i = 0; i < n; i++) out[i] = k * ((logits[i] as number) - ref) + anchor.rating;
  return out;
}

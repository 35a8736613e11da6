import { describe, expect, it } from 'vitest';
import { fitBradleyTerry, solveBtLogits } from './bt-mle.ts';
import type { PairOutcome, Winner } from './pairs.ts';
import { expected, fixturePairs, maxAbsDiff } from './public-fixture.ts';
import { winMatrixFromPairs } from './win-matrix.ts';

const games = (a: string, b: string, winners: Winner[]): PairOutcome[] =>
  winners.map((winner, k) => ({ battleId: `${a}-${b}-${k}`, modelA: a, modelB: b, winner }));

describe('fitBradleyTerry on the FastChat fixture', () => {
  const anchored = fitBradleyTerry(fixturePairs, { anchor: { model: 'model-00' } });

  it('agrees with compute_bt anchored at model-00 within 0.01 points', () => {
    expect(anchored.anchorModel).toBe('model-00');
    expect(anchored.ratings['model-00']).toBe(1000);
    expect(maxAbsDiff(anchored.ratings, expected.mle.ratings)).toBeLessThan(0.01);
  });

  it('lands on the fully converged optimum (L-BFGS-B at gtol 1e-12) within 1e-4 points', () => {
    expect(anchored.converged).toBe(true);
    expect(maxAbsDiff(anchored.ratings, expected.crosscheck.fully_converged_optimum.ratings)).toBeLessThan(
      1e-4,
    );
    expect(anchored.negLogLikelihood).toBeLessThanOrEqual(expected.mle.neg_log_likelihood);
    expect(anchored.maxAbsGradient).toBeLessThan(1e-8);
  });

  it('agrees with compute_bt’s own mean-1000 output within 0.01 and has mean exactly 1000', () => {
    const fit = fitBradleyTerry(fixturePairs);
    expect(fit.anchorModel).toBeNull();
    expect(maxAbsDiff(fit.ratings, expected.mle.ratings_mean1000)).toBeLessThan(0.01);
    const values = Object.values(fit.ratings);
    expect(values.reduce((s, r) => s + r, 0) / values.length).toBeCloseTo(1000, 9);
  });

  it('orders the models as FastChat does', () => {
    const order = Object.entries(anchored.ratings)
      .sort(([, x], [, y]) => y - x)
      .map(([model]) => model);
    expect(order).toEqual(expected.mle.order);
  });

  it('gives the same ratings for the aggregated win matrix, shuffled rows and duplicated rows', () => {
    const fromMatrix = fitBradleyTerry(winMatrixFromPairs(fixturePairs));
    const reversed = fitBradleyTerry([...fixturePairs].reverse());
    const doubled = fitBradleyTerry([...fixturePairs, ...fixturePairs]);
    const base = fitBradleyTerry(fixturePairs).ratings;
    expect(maxAbsDiff(fromMatrix.ratings, base)).toBeLessThan(1e-9);
    expect(maxAbsDiff(reversed.ratings, base)).toBeLessThan(1e-9);
    expect(maxAbsDiff(doubled.ratings, base)).toBeLessThan(1e-9);
  });
});

describe('fitBradleyTerry by hand', () => {
  it('puts 3 wins in 4 at 400·log10(3) ≈ 190.85 points apart, centred on 1000', () => {
    const fit = fitBradleyTerry(games('a', 'b', ['model_a', 'model_a', 'model_b', 'model_a']));
    const gap = 400 * Math.log10(3);
    expect(fit.ratings.a).toBeCloseTo(1000 + gap / 2, 8);
    expect(fit.ratings.b).toBeCloseTo(1000 - gap / 2, 8);
  });

  it('counts ties as half: 2 wins, 1 loss, 2 ties is a 0.6 score, 400·log10(1.5) apart', () => {
    const fit = fitBradleyTerry(games('a', 'b', ['model_a', 'tie', 'model_b', 'tie (bothbad)', 'model_a']), {
      anchor: { model: 'b' },
    });
    expect(fit.ratings.b).toBe(1000);
    expect(fit.ratings.a).toBeCloseTo(1000 + 400 * Math.log10(1.5), 8);
  });

  it('pins a named model at a chosen rating, like FastChat’s mixtral = 1114', () => {
    const fit = fitBradleyTerry(games('a', 'b', ['model_a', 'model_b', 'model_a']), {
      anchor: { model: 'a', rating: 1114 },
    });
    expect(fit.ratings.a).toBe(1114);
    expect(fit.ratings.b).toBeCloseTo(1114 - 400 * Math.log10(2), 8);
  });

  it('falls back to the mean when the anchor model is absent, and says so', () => {
    const fit = fitBradleyTerry(games('a', 'b', ['model_a', 'model_b', 'model_a']), {
      anchor: { model: 'zzz' },
    });
    expect(fit.anchorModel).toBeNull();
    expect(((fit.ratings.a as number) + (fit.ratings.b as number)) / 2).toBeCloseTo(1000, 9);
  });

  it('honours scale and base: base e, scale 1 returns natural log-odds around initRating 0', () => {
    const fit = fitBradleyTerry(games('a', 'b', ['model_a', 'model_a', 'model_b', 'model_a']), {
      scale: 1,
      base: Math.E,
      initRating: 0,
    });
    expect((fit.ratings.a as number) - (fit.ratings.b as number)).toBeCloseTo(Math.log(3), 10);
  });

  it('reports non-convergence, with finite ratings, when a model won every game (no MLE exists)', () => {
    const pairs = [
      ...games('a', 'b', ['model_a', 'model_a']),
      ...games('b', 'c', ['model_a', 'model_b', 'tie']),
    ];
    const fit = fitBradleyTerry(pairs, { maxIterations: 30 });
    expect(fit.converged).toBe(false);
    for (const r of Object.values(fit.ratings)) expect(Number.isFinite(r)).toBe(true);
  });

  it('fits two disconnected groups without throwing, each internally right', () => {
    const pairs = [
      ...games('a', 'b', ['model_a', 'model_a', 'model_b', 'model_a']),
      ...games('c', 'd', ['model_a', 'model_b']),
    ];
    const fit = fitBradleyTerry(pairs);
    expect(fit.converged).toBe(true);
    expect((fit.ratings.a as number) - (fit.ratings.b as number)).toBeCloseTo(400 * Math.log10(3), 6);
    expect((fit.ratings.c as number) - (fit.ratings.d as number)).toBeCloseTo(0, 6);
  });
});

describe('solveBtLogits', () => {
  it('converges from a cold start in a handful of Newton steps and needs none from its own optimum', () => {
    const { models, wins } = winMatrixFromPairs(fixturePairs);
    const cold = solveBtLogits(models.length, wins);
    expect(cold.converged).toBe(true);
    expect(cold.iterations).toBeLessThanOrEqual(8);
    const warm = solveBtLogits(models.length, wins, cold.logits);
    expect(warm.iterations).toBe(0);
    expect(warm.logits).toEqual(cold.logits);
    expect(warm.converged).toBe(true);
  });

  it('returns zeros for a matrix with no games', () => {
    const fit = solveBtLogits(3, new Float64Array(9));
    expect([...fit.logits]).toEqual([0, 0, 0]);
    expect(fit.converged).toBe(true);
  });
});

import {
  bootstrapRatings,
  createRng,
  fitBradleyTerry,
  type PairOutcome,
  pairsFromScores,
} from '@ringside/shared';
import { describe, expect, it } from 'vitest';
import { bootstrapAroundCore, rate } from './leaderboard-rows.ts';

/** `battles` battles of 3 of `models` models each; model i is i·60 points stronger than model 0. */
function dense(models: number, battles: number, seed = 1): PairOutcome[] {
  const rng = createRng(seed);
  const pairs: PairOutcome[] = [];
  for (let b = 0; b < battles; b++) {
    const seats = new Set<number>();
    while (seats.size < 3) seats.add(rng.int(models));
    const scored = [...seats].map((m) => ({
      key: `m${m}`,
      score: Math.round(2 * ((m * 60 * Math.LN10) / 400 - Math.log(-Math.log(1 - rng.float())))),
    }));
    pairs.push(...pairsFromScores(`b${b}`, scored));
  }
  return pairs;
}

const width = (i: { q025: number; q975: number }) => i.q975 - i.q025;

describe('bootstrapAroundCore', () => {
  it('equals the shared fitBradleyTerry and bootstrapRatings when every key is in the core', () => {
    const pairs = dense(6, 400);
    const keys = new Set(pairs.flatMap((p) => [p.modelA, p.modelB]));
    const mine = bootstrapAroundCore(pairs, keys, { rounds: 100, seed: 3 });
    const fit = fitBradleyTerry(pairs);
    const boot = bootstrapRatings(pairs, { rounds: 100, seed: 3 });
    for (const key of keys) {
      expect(mine.ratings[key]).toBeCloseTo(fit.ratings[key] as number, 6);
      expect(mine.intervals[key]?.q025).toBeCloseTo(boot.intervals[key]?.q025 as number, 6);
      expect(mine.intervals[key]?.median).toBeCloseTo(boot.intervals[key]?.median as number, 6);
      expect(mine.intervals[key]?.q975).toBeCloseTo(boot.intervals[key]?.q975 as number, 6);
    }
  });

  it("keeps a sparse key's drift in bootstrap rounds out of the other keys' intervals", () => {
    const base = dense(6, 400);
    // A newcomer with one win and one loss: in about 40% of rounds one of them is not drawn.
    const sparse = [
      ...base,
      { battleId: 'n1', modelA: 'new', modelB: 'm0', winner: 'model_a' as const },
      { battleId: 'n2', modelA: 'new', modelB: 'm5', winner: 'model_b' as const },
    ];
    const core = new Set(base.flatMap((p) => [p.modelA, p.modelB]));
    const alone = bootstrapRatings(base, { rounds: 200, seed: 5 }).intervals;
    const centred = bootstrapAroundCore(sparse, core, { rounds: 200, seed: 5 }).intervals;
    const naive = bootstrapRatings(sparse, { rounds: 200, seed: 5 }).intervals;
    const m3 = (x: Record<string, { q025: number; q975: number }>) =>
      width(x.m3 as { q025: number; q975: number });
    expect(m3(centred)).toBeLessThan(1.3 * m3(alone));
    expect(m3(naive)).toBeGreaterThan(2 * m3(alone));
  });
});

describe('rate', () => {
  it('lists keys that won or lost every comparison as unrated, repeating until the rest all have both', () => {
    const pairs: PairOutcome[] = [
      ...dense(4, 200),
      // `champ` beats everyone it meets; `victim` only ever met `champ`, so once `champ` is out
      // it has no comparison left and is unrated too.
      { battleId: 'x1', modelA: 'champ', modelB: 'm1', winner: 'model_a' },
      { battleId: 'x2', modelA: 'champ', modelB: 'victim', winner: 'model_a' },
    ];
    const rated = rate(pairs, (k) => `ollama:${k}`, { rounds: 20 });
    expect(rated.unrated.map((u) => [u.key, u.wins, u.losses])).toEqual([
      ['champ', 2, 0],
      ['victim', 0, 1],
    ]);
    expect(rated.rows.map((r) => r.key).sort()).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect(rated.rows.every((r) => Number.isFinite(r.rating) && r.q025 <= r.q975)).toBe(true);
    // Counts and head-to-head keep every outcome, rated or not.
    expect(rated.outcomes).toBe(pairs.length);
    expect(rated.h2h.find(([a, b]) => a === 'champ' && b === 'victim')).toEqual(['champ', 'victim', 1, 0, 0]);
  });
});

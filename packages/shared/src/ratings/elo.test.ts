import { describe, expect, it } from 'vitest';
import { onlineElo } from './elo.ts';
import type { PairOutcome } from './pairs.ts';
import { expected, fixturePairs, maxAbsDiff } from './public-fixture.ts';

describe('onlineElo', () => {
  it('agrees with FastChat’s compute_elo over the fixture in file order within 0.01 points', () => {
    const elo = onlineElo(fixturePairs);
    expect(Object.keys(elo)).toHaveLength(12);
    expect(maxAbsDiff(elo, expected.elo_online.ratings)).toBeLessThan(0.01);
  });

  it('moves 2 points each way on a first win (K = 4, E = 0.5) and nothing on a first tie', () => {
    const win: PairOutcome = { battleId: '1', modelA: 'a', modelB: 'b', winner: 'model_a' };
    expect(onlineElo([win])).toEqual({ a: 1002, b: 998 });
    expect(onlineElo([{ ...win, winner: 'tie (bothbad)' }])).toEqual({ a: 1000, b: 1000 });
  });

  it('conserves the rating total (every update is zero-sum)', () => {
    const elo = onlineElo(fixturePairs);
    const total = Object.values(elo).reduce((s, r) => s + r, 0);
    expect(total).toBeCloseTo(12 * 1000, 6);
  });

  it('depends on row order, unlike the MLE', () => {
    const forward = onlineElo(fixturePairs);
    const backward = onlineElo([...fixturePairs].reverse());
    expect(maxAbsDiff(backward, forward)).toBeGreaterThan(1);
  });

  it('uses the K it is given', () => {
    const win: PairOutcome = { battleId: '1', modelA: 'a', modelB: 'b', winner: 'model_b' };
    expect(onlineElo([win], { k: 32 })).toEqual({ a: 984, b: 1016 });
  });
});

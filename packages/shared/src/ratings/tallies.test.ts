import { describe, expect, it } from 'vitest';
import type { PairOutcome } from './pairs.ts';
import { expected, fixturePairs } from './public-fixture.ts';
import { tallyPairs } from './tallies.ts';

describe('tallyPairs', () => {
  it('counts pair outcomes per side and each battle once per model, even when its rows are apart', () => {
    const pairs: PairOutcome[] = [
      { battleId: 'x', modelA: 'a', modelB: 'b', winner: 'model_a' },
      { battleId: 'y', modelA: 'b', modelB: 'c', winner: 'tie' },
      { battleId: 'x', modelA: 'a', modelB: 'c', winner: 'model_b' },
      { battleId: 'x', modelA: 'b', modelB: 'c', winner: 'tie (bothbad)' },
    ];
    expect(tallyPairs(pairs)).toEqual({
      a: { wins: 1, losses: 1, ties: 0, battles: 1 },
      b: { wins: 0, losses: 1, ties: 2, battles: 2 },
      c: { wins: 1, losses: 0, ties: 2, battles: 2 },
    });
  });

  it('adds up on the fixture: rows per model match its num_battles_per_model (which counts rows)', () => {
    const tallies = tallyPairs(fixturePairs);
    for (const [model, rows] of Object.entries(expected.dataset.num_battles_per_model)) {
      const t = tallies[model];
      expect(t && t.wins + t.losses + t.ties).toBe(rows);
    }
    // 3,500 two-way, 156 three-way and 172 four-way battles: 7,000 + 468 + 688 seats.
    expect(Object.values(tallies).reduce((s, t) => s + t.battles, 0)).toBe(8156);
  });
});

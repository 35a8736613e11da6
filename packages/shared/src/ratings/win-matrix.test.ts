import { describe, expect, it } from 'vitest';
import type { PairOutcome } from './pairs.ts';
import { accumulateWins, encodePairs, winMatrixFromPairs } from './win-matrix.ts';

const rows: PairOutcome[] = [
  { battleId: '1', modelA: 'b', modelB: 'a', winner: 'model_a' },
  { battleId: '2', modelA: 'a', modelB: 'b', winner: 'tie' },
  { battleId: '3', modelA: 'a', modelB: 'c', winner: 'model_b' },
  { battleId: '4', modelA: 'c', modelB: 'a', winner: 'tie (bothbad)' },
];

describe('winMatrixFromPairs', () => {
  it('sums points scored per ordered pair, a tie giving each side 0.5, whichever side played A', () => {
    const { models, wins } = winMatrixFromPairs(rows);
    expect(models).toEqual(['a', 'b', 'c']);
    // rows: from a, b, c; columns: against a, b, c
    expect([...wins]).toEqual([0, 0.5, 0.5, 1.5, 0, 0, 1.5, 0, 0]);
  });

  it('indexes models by name, not by order of appearance', () => {
    expect(winMatrixFromPairs([...rows].reverse())).toEqual(winMatrixFromPairs(rows));
  });
});

describe('accumulateWins', () => {
  it('weights each row by its bootstrap count and adds onto the buffer', () => {
    const encoded = encodePairs(rows);
    const out = new Float64Array(9);
    accumulateWins(encoded, out, [2, 0, 1, 0]);
    accumulateWins(encoded, out, [1, 0, 0, 0]);
    // b beat a 3 times; c beat a once.
    expect([...out]).toEqual([0, 0, 0, 3, 0, 0, 1, 0, 0]);
  });
});

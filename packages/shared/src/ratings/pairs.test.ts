import { describe, expect, it } from 'vitest';
import {
  lineFromPair,
  PairOutcomeSchema,
  pairFromLine,
  pairsFromRanking,
  pairsFromScores,
  parsePairLines,
  scoreOfA,
} from './pairs.ts';
import { expected, fixturePairs } from './public-fixture.ts';

describe('pairsFromScores', () => {
  it('turns a 4-contestant battle into 4·3/2 = 6 pairs, each unordered pair once, equal scores tying', () => {
    const pairs = pairsFromScores('b1', [
      { key: 'w', score: 0.9 },
      { key: 'x', score: 0.4 },
      { key: 'y', score: 0.9 },
      { key: 'z', score: 0.1 },
    ]);
    expect(pairs).toEqual([
      { battleId: 'b1', modelA: 'w', modelB: 'x', winner: 'model_a' },
      { battleId: 'b1', modelA: 'w', modelB: 'y', winner: 'tie' },
      { battleId: 'b1', modelA: 'w', modelB: 'z', winner: 'model_a' },
      { battleId: 'b1', modelA: 'x', modelB: 'y', winner: 'model_b' },
      { battleId: 'b1', modelA: 'x', modelB: 'z', winner: 'model_a' },
      { battleId: 'b1', modelA: 'y', modelB: 'z', winner: 'model_a' },
    ]);
  });

  it('gives k(k−1)/2 pairs for k = 1 … 6', () => {
    for (let k = 1; k <= 6; k++) {
      const contestants = Array.from({ length: k }, (_, i) => ({ key: `m${i}`, score: i % 2 }));
      expect(pairsFromScores('b', contestants)).toHaveLength((k * (k - 1)) / 2);
    }
  });

  it('rejects a contestant listed twice and a NaN score', () => {
    expect(() =>
      pairsFromScores('b', [
        { key: 'a', score: 1 },
        { key: 'a', score: 2 },
      ]),
    ).toThrow(RangeError);
    expect(() =>
      pairsFromScores('b', [
        { key: 'a', score: Number.NaN },
        { key: 'b', score: 2 },
      ]),
    ).toThrow(RangeError);
  });
});

describe('pairsFromRanking', () => {
  it('lets the lower rank win and equal ranks tie', () => {
    const pairs = pairsFromRanking('b', [
      { key: 'a', rank: 2 },
      { key: 'b', rank: 1 },
      { key: 'c', rank: 2 },
    ]);
    expect(pairs.map((p) => p.winner)).toEqual(['model_b', 'tie', 'model_a']);
  });
});

describe('outcome scores', () => {
  it('counts both tie kinds as half a win', () => {
    expect(scoreOfA('model_a')).toBe(1);
    expect(scoreOfA('model_b')).toBe(0);
    expect(scoreOfA('tie')).toBe(0.5);
    expect(scoreOfA('tie (bothbad)')).toBe(0.5);
  });
});

describe('JSON Lines format', () => {
  it('maps FastChat field names to ours and back', () => {
    const line = { battle_id: 'x', model_a: 'p', model_b: 'q', winner: 'tie (bothbad)' } as const;
    const pair = pairFromLine(line);
    expect(pair).toEqual({ battleId: 'x', modelA: 'p', modelB: 'q', winner: 'tie (bothbad)' });
    expect(lineFromPair(pair)).toEqual(line);
  });

  it('parses the 5,000-row fixture with the winner counts its README states', () => {
    expect(fixturePairs).toHaveLength(expected.dataset.rows);
    const counts: Record<string, number> = {};
    for (const p of fixturePairs) counts[p.winner] = (counts[p.winner] ?? 0) + 1;
    expect(counts).toEqual(expected.dataset.winner_counts);
    expect(new Set(fixturePairs.map((p) => p.battleId)).size).toBe(expected.dataset.battles);
  });

  it('names the first invalid line', () => {
    const good = '{"battle_id":"b","model_a":"p","model_b":"q","winner":"model_a"}';
    expect(() =>
      parsePairLines(`${good}\n\n{"battle_id":"b","model_a":"p","model_b":"q","winner":"draw"}`),
    ).toThrow(/line 3/);
    expect(() => parsePairLines('{oops')).toThrow(/line 1: not JSON/);
  });

  it('rejects a model paired with itself', () => {
    expect(
      PairOutcomeSchema.safeParse({ battleId: 'b', modelA: 'p', modelB: 'p', winner: 'tie' }).success,
    ).toBe(false);
    expect(() => parsePairLines('{"battle_id":"b","model_a":"p","model_b":"p","winner":"tie"}')).toThrow(
      /itself/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { PairOutcome } from './pairs.ts';
import { fixturePairs } from './public-fixture.ts';
import { drawTable, drawUnitCounts, gatherDraw, groupByBattle, unitCount, unitsOf } from './resample.ts';
import { createRng } from './rng.ts';
import { accumulateWins, encodePairs } from './win-matrix.ts';

const pair = (battleId: string, winner: PairOutcome['winner'] = 'tie'): PairOutcome => ({
  battleId,
  modelA: 'a',
  modelB: 'b',
  winner,
});

describe('resampling units', () => {
  it('groups rows by battle id even when they are not adjacent, battles in order of first appearance', () => {
    const index = groupByBattle([pair('x'), pair('y'), pair('x'), pair('z'), pair('y')]);
    expect(index.battleIds).toEqual(['x', 'y', 'z']);
    expect([...index.start]).toEqual([0, 2, 4, 5]);
    expect([...index.rows]).toEqual([0, 2, 1, 4, 3]);
  });

  it('by battle: each unit on the fixture holds exactly the rows of one battle (1, 3 or 6 of them)', () => {
    const units = unitsOf(fixturePairs, 'battle');
    expect(unitCount(units)).toBe(3828);
    const sizes = new Map<number, number>();
    let mixed = 0;
    for (let u = 0; u < unitCount(units); u++) {
      const rows = [...units.rows.subarray(units.start[u], units.start[u + 1])];
      if (new Set(rows.map((r) => fixturePairs[r]?.battleId)).size !== 1) mixed++;
      sizes.set(rows.length, (sizes.get(rows.length) ?? 0) + 1);
    }
    expect(mixed).toBe(0);
    expect(Object.fromEntries(sizes)).toEqual({ 1: 3500, 3: 156, 6: 172 });
  });

  it('by row: every row is its own unit, so the rows of a battle are drawn independently', () => {
    const units = unitsOf(fixturePairs, 'row');
    expect(unitCount(units)).toBe(5000);
    expect(units.rows.subarray(100, 103)).toEqual(Int32Array.of(100, 101, 102));
  });
});

describe('drawUnitCounts', () => {
  it('makes n draws from n units with replacement, repeating some and leaving about 1/e out', () => {
    const counts = drawUnitCounts(createRng(3), new Int32Array(10_000));
    expect(counts.reduce((s, c) => s + c, 0)).toBe(10_000);
    const left = counts.filter((c) => c === 0).length / 10_000;
    expect(left).toBeGreaterThan(0.35); // 1/e ≈ 0.368, sd ≈ 0.005
    expect(left).toBeLessThan(0.385);
  });

  it('draws the same counts for the same seed and others for another', () => {
    const draw = (seed: number) => drawUnitCounts(createRng(seed), new Int32Array(500));
    expect(draw(5)).toEqual(draw(5));
    expect(draw(6)).not.toEqual(draw(5));
  });
});

describe('gatherDraw', () => {
  it('adds every row of a drawn battle once per draw, so a battle’s rows move together', () => {
    const row = (battleId: string, modelA: string, modelB: string, winner: PairOutcome['winner']) => ({
      battleId,
      modelA,
      modelB,
      winner,
    });
    const pairs = [
      row('x', 'a', 'b', 'model_a'),
      row('y', 'a', 'b', 'model_b'),
      row('x', 'b', 'a', 'tie'),
      row('x', 'c', 'a', 'model_a'),
      row('z', 'a', 'b', 'model_a'),
    ];
    const table = drawTable(encodePairs(pairs), unitsOf(pairs, 'battle'));
    // x drawn twice, y never, z once.
    const edges = gatherDraw(table, Int32Array.of(2, 0, 1));
    expect(edges.count).toBe(2);
    expect([edges.i[0], edges.j[0], edges.i[1], edges.j[1]]).toEqual([0, 1, 0, 2]);
    // a–b: x gives a 2·(1 + 0.5) = 3 points in 4 games, z gives 1 in 1.
    expect([edges.wij[0], edges.nij[0]]).toEqual([4, 5]);
    // a–c: x gives a 0 points in 2 games.
    expect([edges.wij[1], edges.nij[1]]).toEqual([0, 2]);
  });

  it('with every unit drawn once reproduces the data’s own win matrix, by battle and by row', () => {
    const rows = encodePairs(fixturePairs);
    const m = rows.models.length;
    const wins = new Float64Array(m * m);
    accumulateWins(rows, wins);
    for (const resample of ['battle', 'row'] as const) {
      const units = unitsOf(fixturePairs, resample);
      const edges = gatherDraw(drawTable(rows, units), new Int32Array(unitCount(units)).fill(1));
      let worst = 0;
      for (let e = 0; e < edges.count; e++) {
        const i = edges.i[e] as number;
        const j = edges.j[e] as number;
        worst = Math.max(worst, Math.abs((edges.wij[e] as number) - (wins[i * m + j] as number)));
        worst = Math.max(
          worst,
          Math.abs((edges.nij[e] as number) - (wins[i * m + j] as number) - (wins[j * m + i] as number)),
        );
      }
      expect(edges.count).toBe((m * (m - 1)) / 2);
      expect(worst).toBe(0);
    }
  });
});

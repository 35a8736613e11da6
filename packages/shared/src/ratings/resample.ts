/**
 * Bootstrap draws, expressed as a multiplicity per row. Pairs from one battle share a prompt and
 * a judge, so they are correlated; resampling whole battles (our default, PRODUCT §6) keeps that
 * correlation in the interval, while resampling rows (FastChat's `compute_bootstrap_bt`) treats
 * every pair as independent and so understates the uncertainty of multi-contestant battles.
 */
import type { PairOutcome } from './pairs.ts';
import type { Rng } from './rng.ts';

export type Resample = 'battle' | 'row';

/** Battle b owns rows `rows[start[b]] … rows[start[b+1] − 1]`; battles in order of first appearance. */
export type BattleIndex = { battleIds: string[]; start: Int32Array; rows: Int32Array };

export function groupByBattle(pairs: readonly PairOutcome[]): BattleIndex {
  const slot = new Map<string, number>();
  const members: number[][] = [];
  pairs.forEach((p, r) => {
    let b = slot.get(p.battleId);
    if (b === undefined) {
      b = members.length;
      slot.set(p.battleId, b);
      members.push([]);
    }
    (members[b] as number[]).push(r);
  });
  const start = new Int32Array(members.length + 1);
  const rows = new Int32Array(pairs.length);
  let at = 0;
  members.forEach((rs, b) => {
    start[b] = at;
    rows.set(rs, at);
    at += rs.length;
  });
  start[members.length] = at;
  return { battleIds: [...slot.keys()], start, rows };
}

/**
 * One bootstrap draw as a count per row, written into `out` (length = rows).
 * `'battle'`: n_battles battle draws with replacement; every row of a drawn battle counts once
 * per draw, so rows of one battle always share a count. `'row'`: n_rows row draws with
 * replacement (the same distribution as FastChat's multinomial over unique rows).
 */
export function drawRowCounts(index: BattleIndex, resample: Resample, rng: Rng, out: Int32Array): Int32Array {
  const nRows = index.rows.length;
  const nBattles = index.battleIds.length;
  out.fill(0);
  if (resample === 'row') {
    for (let k = 0; k < nRows; k++) out[rng.int(nRows)]++;
    return out;
  }
  const battleCounts = new Int32Array(nBattles);
  for (let k = 0; k < nBattles; k++) battleCounts[rng.int(nBattles)]++;
  for (let b = 0; b < nBattles; b++) {
    const c = battleCounts[b] as number;
    if (c === 0) continue;
    for (let k = index.start[b] as number; k < (index.start[b + 1] as number); k++)
      out[index.rows[k] as number] = c;
  }
  return out;
}

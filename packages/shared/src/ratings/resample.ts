/**
 * Bootstrap draws. Pairs from one battle share a prompt and a judge, so they are correlated;
 * resampling whole battles (our default, PRODUCT §6) keeps that correlation in the interval,
 * while resampling rows (FastChat's `compute_bootstrap_bt`) treats every pair as independent and
 * so understates the uncertainty of multi-contestant battles.
 *
 * Both are one procedure over "units": a unit is a battle or a single row. A round draws
 * n_units units with replacement, and every row of a drawn unit counts once per draw.
 */

import { type Edges, edgesOf } from './bt-loss.ts';
import type { PairOutcome } from './pairs.ts';
import type { Rng } from './rng.ts';
import { accumulateWins, type EncodedPairs } from './win-matrix.ts';

export type Resample = 'battle' | 'row';

/** Unit u owns rows `rows[start[u]] … rows[start[u+1] − 1]`; battles in order of first appearance. */
export type Units = { start: Int32Array; rows: Int32Array };

export function unitCount(units: Units): number {
  return units.start.length - 1;
}

/** One unit per battle id (its rows need not be adjacent, though they usually are). */
export function groupByBattle(pairs: readonly PairOutcome[]): Units & { battleIds: string[] } {
  const n = pairs.length;
  const battleOf = new Int32Array(n);
  const battleIds: string[] = [];
  const slot = new Map<string, number>();
  let previousId: string | null = null;
  let previous = -1;
  for (let r = 0; r < n; r++) {
    const id = (pairs[r] as PairOutcome).battleId;
    if (id !== previousId) {
      let b = slot.get(id);
      if (b === undefined) {
        b = battleIds.length;
        slot.set(id, b);
        battleIds.push(id);
      }
      previousId = id;
      previous = b;
    }
    battleOf[r] = previous;
  }
  // Counting sort of rows by battle: sizes, prefix sums, then placement in row order.
  const start = new Int32Array(battleIds.length + 1);
  for (let r = 0; r < n; r++) {
    const b = (battleOf[r] as number) + 1;
    start[b] = (start[b] as number) + 1;
  }
  for (let b = 0; b < battleIds.length; b++) start[b + 1] = (start[b + 1] as number) + (start[b] as number);
  const next = start.slice(0, -1);
  const rows = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const b = battleOf[r] as number;
    rows[next[b] as number] = r;
    next[b] = (next[b] as number) + 1;
  }
  return { battleIds, start, rows };
}

export function unitsOf(pairs: readonly PairOutcome[], resample: Resample): Units {
  if (resample === 'battle') return groupByBattle(pairs);
  const n = pairs.length;
  return {
    start: Int32Array.from({ length: n + 1 }, (_, i) => i),
    rows: Int32Array.from({ length: n }, (_, i) => i),
  };
}

/**
 * n draws with replacement from n units, as a count per unit, written into `out` (length n).
 * `scratch` (length n) holds the drawn indices; pass one to reuse it across rounds.
 */
export function drawUnitCounts(rng: Rng, out: Int32Array, scratch = new Int32Array(out.length)): Int32Array {
  const n = out.length;
  rng.ints(n, scratch);
  out.fill(0);
  for (let k = 0; k < n; k++) {
    const u = scratch[k] as number;
    out[u] = (out[u] as number) + 1;
  }
  return out;
}

/**
 * Rows grouped by the pair of models they compare (an edge i < j) and by outcome for i (won,
 * tied, lost), each row naming its unit. A round then gathers, per edge, the counts of the
 * units its rows belong to: reads only, with no scattered writes, which is several times
 * faster than adding each drawn row into a matrix.
 */
export type DrawTable = {
  /** The edges that occur in the data; a round fills their `wij` and `nij`. */
  edges: Edges;
  /** Segment 3e + k holds edge e's rows with outcome k for i: 0 won, 1 tied, 2 lost. */
  segmentStart: Int32Array;
  segmentUnit: Int32Array;
};

export function drawTable(rows: EncodedPairs, units: Units): DrawTable {
  const m = rows.models.length;
  const wins = new Float64Array(m * m);
  accumulateWins(rows, wins);
  const edges = edgesOf(m, wins);
  const edgeAt = new Int32Array(m * m).fill(-1);
  for (let e = 0; e < edges.count; e++) edgeAt[(edges.i[e] as number) * m + (edges.j[e] as number)] = e;

  const n = units.rows.length;
  const segmentOf = new Int32Array(n);
  const segmentStart = new Int32Array(3 * edges.count + 1);
  for (let k = 0; k < n; k++) {
    const r = units.rows[k] as number;
    const a = rows.a[r] as number;
    const b = rows.b[r] as number;
    const scoreI = a < b ? (rows.scoreA[r] as number) : 1 - (rows.scoreA[r] as number);
    const e = edgeAt[Math.min(a, b) * m + Math.max(a, b)] as number;
    const seg = 3 * e + (scoreI === 1 ? 0 : scoreI === 0 ? 2 : 1);
    segmentOf[k] = seg;
    segmentStart[seg + 1] = (segmentStart[seg + 1] as number) + 1;
  }
  for (let seg = 0; seg < 3 * edges.count; seg++) {
    segmentStart[seg + 1] = (segmentStart[seg + 1] as number) + (segmentStart[seg] as number);
  }
  const next = segmentStart.slice(0, -1);
  const segmentUnit = new Int32Array(n);
  for (let u = 0; u < unitCount(units); u++) {
    for (let k = units.start[u] as number; k < (units.start[u + 1] as number); k++) {
      const seg = segmentOf[k] as number;
      segmentUnit[next[seg] as number] = u;
      next[seg] = (next[seg] as number) + 1;
    }
  }
  return { edges, segmentStart, segmentUnit };
}

function segmentSum(table: DrawTable, seg: number, unitCounts: Int32Array): number {
  const { segmentStart, segmentUnit } = table;
  let sum = 0;
  for (let q = segmentStart[seg] as number; q < (segmentStart[seg + 1] as number); q++) {
    sum += unitCounts[segmentUnit[q] as number] as number;
  }
  return sum;
}

/** Fills `table.edges` with one draw's points and games per edge, given a count per unit. */
export function gatherDraw(table: DrawTable, unitCounts: Int32Array): Edges {
  const { edges } = table;
  for (let e = 0; e < edges.count; e++) {
    const won = segmentSum(table, 3 * e, unitCounts);
    const tied = segmentSum(table, 3 * e + 1, unitCounts);
    const lost = segmentSum(table, 3 * e + 2, unitCounts);
    edges.wij[e] = won + 0.5 * tied;
    edges.nij[e] = won + tied + lost;
  }
  return edges;
}

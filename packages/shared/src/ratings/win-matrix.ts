/**
 * Pairs encoded as model indices and aggregated into a models × models matrix of points scored.
 * Bradley–Terry's likelihood is linear in each row's score and has no position term, so the
 * matrix is a sufficient statistic: the solver's work per iteration is O(models²), not O(rows).
 */
import { type PairOutcome, scoreOfA } from './pairs.ts';

/** Rows as parallel typed arrays; `models` is sorted so indices never depend on row order. */
export type EncodedPairs = {
  models: string[];
  a: Int32Array;
  b: Int32Array;
  /** Score of `a` on the row: 1, 0.5 or 0. */
  scoreA: Float64Array;
};

/** `wins[i·m + j]`: points model i scored against model j (a tie gives each side 0.5). */
export type WinMatrix = { models: string[]; wins: Float64Array };

export function modelsOf(pairs: readonly PairOutcome[]): string[] {
  const seen = new Set<string>();
  for (const p of pairs) {
    seen.add(p.modelA);
    seen.add(p.modelB);
  }
  return [...seen].sort();
}

export function encodePairs(pairs: readonly PairOutcome[]): EncodedPairs {
  const models = modelsOf(pairs);
  const index = new Map(models.map((m, i) => [m, i]));
  const n = pairs.length;
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const scoreA = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const p = pairs[r] as PairOutcome;
    a[r] = index.get(p.modelA) as number;
    b[r] = index.get(p.modelB) as number;
    scoreA[r] = scoreOfA(p.winner);
  }
  return { models, a, b, scoreA };
}

/**
 * Adds every row into `out` (length m²), row r weighted by `counts[r]` when given (a bootstrap
 * draw), else by 1. `out` is not cleared, so callers can reuse one buffer.
 */
export function accumulateWins(rows: EncodedPairs, out: Float64Array, counts?: ArrayLike<number>): void {
  const m = rows.models.length;
  const { a, b, scoreA } = rows;
  for (let r = 0; r < a.length; r++) {
    const w = counts === undefined ? 1 : (counts[r] as number);
    if (w === 0) continue;
    const i = a[r] as number;
    const j = b[r] as number;
    const s = scoreA[r] as number;
    out[i * m + j] += w * s;
    out[j * m + i] += w * (1 - s);
  }
}

export function winMatrixFromPairs(pairs: readonly PairOutcome[]): WinMatrix {
  const rows = encodePairs(pairs);
  const m = rows.models.length;
  const wins = new Float64Array(m * m);
  accumulateWins(rows, wins);
  return { models: rows.models, wins };
}

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

export function encodePairs(pairs: readonly PairOutcome[]): EncodedPairs {
  const n = pairs.length;
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const scoreA = new Float64Array(n);
  // Number models in order of appearance in one pass, then renumber them in name order.
  const seen = new Map<string, number>();
  const names: string[] = [];
  const idOf = (name: string): number => {
    let id = seen.get(name);
    if (id === undefined) {
      id = names.length;
      seen.set(name, id);
      names.push(name);
    }
    return id;
  };
  for (let r = 0; r < n; r++) {
    const p = pairs[r] as PairOutcome;
    a[r] = idOf(p.modelA);
    b[r] = idOf(p.modelB);
    scoreA[r] = scoreOfA(p.winner);
  }
  const models = [...names].sort();
  const position = new Map(models.map((name, i) => [name, i]));
  const rank = Int32Array.from(names, (name) => position.get(name) as number);
  for (let r = 0; r < n; r++) {
    a[r] = rank[a[r] as number] as number;
    b[r] = rank[b[r] as number] as number;
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
    out[i * m + j] = (out[i * m + j] as number) + w * s;
    out[j * m + i] = (out[j * m + i] as number) + w * (1 - s);
  }
}

export function winMatrixFromPairs(pairs: readonly PairOutcome[]): WinMatrix {
  const rows = encodePairs(pairs);
  const m = rows.models.length;
  const wins = new Float64Array(m * m);
  accumulateWins(rows, wins);
  return { models: rows.models, wins };
}

/** Per-model counts shown beside a rating: pair outcomes, and distinct battles played. */
import type { PairOutcome } from './pairs.ts';

export type Tally = { wins: number; losses: number; ties: number; battles: number };

export function tallyPairs(pairs: readonly PairOutcome[]): Record<string, Tally> {
  const tallies = new Map<string, Tally>();
  const entry = (model: string) => {
    let t = tallies.get(model);
    if (t === undefined) {
      t = { wins: 0, losses: 0, ties: 0, battles: 0 };
      tallies.set(model, t);
    }
    return t;
  };
  const seen = new Set<string>();
  for (const p of pairs) {
    const a = entry(p.modelA);
    const b = entry(p.modelB);
    if (p.winner === 'model_a') {
      a.wins++;
      b.losses++;
    } else if (p.winner === 'model_b') {
      b.wins++;
      a.losses++;
    } else {
      a.ties++;
      b.ties++;
    }
    for (const model of [p.modelA, p.modelB]) {
      // A battle's pairs need not be adjacent, so count (battle, model) once via a set.
      const key = `${p.battleId}\u0000${model}`;
      if (seen.has(key)) continue;
      seen.add(key);
      entry(model).battles++;
    }
  }
  const out: Record<string, Tally> = {};
  for (const model of [...tallies.keys()].sort()) {
    out[model] = tallies.get(model) as Tally;
  }
  return out;
}

/**
 * CI-aware rank (PRODUCT §6, LMArena's "rank (UB)"): 1 + the number of models whose lower bound
 * is above this model's upper bound, i.e. that are better than it beyond doubt. Models whose
 * intervals overlap share a rank, and ranks need not be consecutive.
 */

export type Interval = { q025: number; q975: number };

export function rankByIntervals(intervals: Readonly<Record<string, Interval>>): Record<string, number> {
  const entries = Object.entries(intervals);
  const ranks: Record<string, number> = {};
  for (const [model, own] of entries) {
    let above = 0;
    for (const [, other] of entries) if (other.q025 > own.q975) above++;
    ranks[model] = 1 + above;
  }
  return ranks;
}

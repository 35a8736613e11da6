/**
 * One leaderboard from pairwise outcomes: the shared ratings maths (Bradley–Terry MLE, a
 * 500-round bootstrap over whole battles, CI-aware rank, online Elo) plus counts and the sparse
 * head-to-head matrix. Pure; the scheduled job stores what this returns.
 */
import {
  bootstrapRatings,
  encodePairs,
  fitBradleyTerry,
  groupByBattle,
  type LeaderboardRow,
  onlineElo,
  type PairOutcome,
  percentileSorted,
  rankByIntervals,
} from '@ringside/shared';

export const ROUNDS = 500;
export const SEED = 0;

/** A row as stored: everything but the speed medians, which are joined in when read. */
export type RatedRow = Omit<LeaderboardRow, 'ttftMsP50' | 'decodeTpsP50' | 'speedResults'>;

/** [i, j, wins of i, wins of j, ties] with i, j indices into `rows`. */
export type HeadToHeadCell = [number, number, number, number, number];

export type Rated = { rows: RatedRow[]; outcomes: number; battles: number; h2h: HeadToHeadCell[] };

/** Who a key is: `provider:model` keys split at the first ':' (provider ids have none). */
export function describeKey(key: string, modelKey: string): Pick<RatedRow, 'provider' | 'model' | 'persona'> {
  const colon = modelKey.indexOf(':');
  return {
    provider: modelKey.slice(0, colon),
    model: modelKey.slice(colon + 1),
    persona: key.length > modelKey.length ? key.slice(modelKey.length + 1) : null,
  };
}

export function rate(
  pairs: readonly PairOutcome[],
  modelOf: (key: string) => string,
  opts: { rounds?: number; seed?: number } = {},
): Rated {
  if (pairs.length === 0) return { rows: [], outcomes: 0, battles: 0, h2h: [] };
  const rounds = opts.rounds ?? ROUNDS;
  const seed = opts.seed ?? SEED;
  const fit = fitBradleyTerry(pairs);
  const boot = bootstrapRatings(pairs, { rounds, seed });
  const ranks = rankByIntervals(boot.intervals);
  const elo = onlineElo(pairs);

  // Counts from the encoded rows: no per-pair strings.
  const enc = encodePairs(pairs);
  const m = enc.models.length;
  const wins = new Int32Array(m);
  const losses = new Int32Array(m);
  const ties = new Int32Array(m);
  const cells = new Map<number, [number, number, number]>();
  for (let r = 0; r < enc.a.length; r++) {
    const a = enc.a[r] as number;
    const b = enc.b[r] as number;
    const s = enc.scoreA[r] as number;
    const [i, j, si] = a < b ? [a, b, s] : [b, a, 1 - s];
    let cell = cells.get(i * m + j);
    if (!cell) {
      cell = [0, 0, 0];
      cells.set(i * m + j, cell);
    }
    if (si === 1) {
      wins[i] = (wins[i] as number) + 1;
      losses[j] = (losses[j] as number) + 1;
      cell[0]++;
    } else if (si === 0) {
      wins[j] = (wins[j] as number) + 1;
      losses[i] = (losses[i] as number) + 1;
      cell[1]++;
    } else {
      ties[i] = (ties[i] as number) + 1;
      ties[j] = (ties[j] as number) + 1;
      cell[2]++;
    }
  }
  // Distinct battles per model: walk the rows battle by battle.
  const units = groupByBattle(pairs);
  const index = new Map(enc.models.map((name, i) => [name, i]));
  const battles = new Int32Array(m);
  const lastBattle = new Int32Array(m).fill(-1);
  for (let u = 0; u + 1 < units.start.length; u++) {
    for (let k = units.start[u] as number; k < (units.start[u + 1] as number); k++) {
      const p = pairs[units.rows[k] as number] as PairOutcome;
      for (const model of [p.modelA, p.modelB]) {
        const i = index.get(model) as number;
        if (lastBattle[i] !== u) {
          lastBattle[i] = u;
          battles[i] = (battles[i] as number) + 1;
        }
      }
    }
  }

  const rows: RatedRow[] = enc.models.map((key, i) => {
    const interval = boot.intervals[key] as { median: number; q025: number; q975: number };
    const outcomes = (wins[i] as number) + (losses[i] as number) + (ties[i] as number);
    return {
      rank: ranks[key] as number,
      key,
      ...describeKey(key, modelOf(key)),
      rating: fit.ratings[key] as number,
      q025: interval.q025,
      q975: interval.q975,
      median: interval.median,
      elo: elo[key] as number,
      wins: wins[i] as number,
      losses: losses[i] as number,
      ties: ties[i] as number,
      outcomes,
      battles: battles[i] as number,
      winRate: outcomes === 0 ? 0 : ((wins[i] as number) + (ties[i] as number) / 2) / outcomes,
    };
  });
  // Best first; `order[i]` is model i's position in `rows` once sorted.
  const order = rows
    .map((row, i) => ({ row, i }))
    .sort((x, y) => y.row.rating - x.row.rating || (x.row.key < y.row.key ? -1 : 1));
  const position = new Int32Array(m);
  order.forEach(({ i }, at) => {
    position[i] = at;
  });
  const h2h: HeadToHeadCell[] = [];
  for (const [ij, [wi, wj, t]] of cells) {
    h2h.push([position[Math.floor(ij / m)] as number, position[ij % m] as number, wi, wj, t]);
  }
  return { rows: order.map(({ row }) => row), outcomes: pairs.length, battles: units.battleIds.length, h2h };
}

/** Medians of a sample (sorted in place). */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return percentileSorted(values, 0.5);
}

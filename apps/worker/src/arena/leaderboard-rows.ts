/**
 * One leaderboard from pairwise outcomes, built from the shared ratings primitives: Bradley–Terry
 * MLE, a 500-round bootstrap over whole battles, CI-aware rank, online Elo, plus counts and the
 * head-to-head cells. Pure; the scheduled job stores what this returns.
 *
 * Two guards for sparse keys (a new persona seen in three battles), which FastChat's big data
 * rarely meets:
 * - A key that won (or lost) every comparison has no finite MLE. It is listed as unrated, with
 *   its counts, until it has both; removing it can leave another key in that state, so this
 *   repeats until stable.
 * - In a bootstrap round a sparse key can still win everything and drift off; under a mean
 *   anchor that drift would move every other key's rating in that round. So each round (and the
 *   full fit) is centred on the mean of the well-measured keys (at least CORE_MIN_BATTLES
 *   battles): the same as the shared `bootstrapRatings` with `anchor: 'mean'` when every key is
 *   well-measured (a test checks this), and immune to sparse keys otherwise. Such rounds stop
 *   after ROUND_MAX_ITERATIONS Newton steps instead of 100: a warm-started round with a finite
 *   optimum converges in three or four, and a drifting key is far out after eight.
 */
import {
  createRng,
  DEFAULT_RATING_SCALE,
  drawTable,
  drawUnitCounts,
  encodePairs,
  gatherDraw,
  groupByBattle,
  type LeaderboardRow,
  onlineElo,
  type PairOutcome,
  percentileSorted,
  pointsPerLogit,
  rankByIntervals,
  solveBtEdges,
  unitCount,
} from '@ringside/shared';

export const ROUNDS = 500;
export const SEED = 0;
export const CORE_MIN_BATTLES = 10;
const ROUND_TOLERANCE = 1e-6;
const ROUND_MAX_ITERATIONS = 8;

/** A row as stored: everything but the speed medians, which are joined in when read. */
export type RatedRow = Omit<LeaderboardRow, 'ttftMsP50' | 'decodeTpsP50' | 'speedResults'>;
export type UnratedRow = Pick<
  RatedRow,
  'key' | 'provider' | 'model' | 'persona' | 'wins' | 'losses' | 'ties' | 'outcomes' | 'battles'
>;

/** [key a, key b, wins of a, wins of b, ties] */
export type HeadToHeadCell = [string, string, number, number, number];

export type Rated = {
  rows: RatedRow[];
  unrated: UnratedRow[];
  outcomes: number;
  battles: number;
  h2h: HeadToHeadCell[];
};

/** Who a key is: `provider:model` keys split at the first ':' (provider ids have none). */
export function describeKey(key: string, modelKey: string): Pick<RatedRow, 'provider' | 'model' | 'persona'> {
  const colon = modelKey.indexOf(':');
  return {
    provider: modelKey.slice(0, colon),
    model: modelKey.slice(colon + 1),
    persona: key.length > modelKey.length ? key.slice(modelKey.length + 1) : null,
  };
}

type Interval = { median: number; q025: number; q975: number };

/**
 * Full-fit ratings and bootstrap intervals, every round centred on the mean of `core` (which is
 * 1000): `bootstrapRatings`' procedure with that anchor (same draws, same warm start, same quantiles).
 */
export function bootstrapAroundCore(
  pairs: readonly PairOutcome[],
  core: ReadonlySet<string>,
  { rounds = ROUNDS, seed = SEED }: { rounds?: number; seed?: number } = {},
): { ratings: Record<string, number>; intervals: Record<string, Interval> } {
  const scale = DEFAULT_RATING_SCALE;
  const perLogit = pointsPerLogit(scale);
  const rows = encodePairs(pairs);
  const { models } = rows;
  const m = models.length;
  const units = groupByBattle(pairs);
  const table = drawTable(rows, units);
  const counts = new Int32Array(unitCount(units)).fill(1);
  const full = solveBtEdges(m, gatherDraw(table, counts)).logits;
  const coreIndex = models.flatMap((key, i) => (core.has(key) ? [i] : []));
  const centre = (logits: Float64Array) => {
    let sum = 0;
    for (const i of coreIndex) sum += logits[i] as number;
    return sum / coreIndex.length;
  };
  const fullCentre = centre(full);
  const ratings: Record<string, number> = {};
  models.forEach((key, i) => {
    ratings[key] = scale.initRating + perLogit * ((full[i] as number) - fullCentre);
  });

  const rng = createRng(seed);
  const samples = new Float64Array(m * rounds);
  const scratch = new Int32Array(counts.length);
  const roundOpts = { tolerance: ROUND_TOLERANCE, maxIterations: ROUND_MAX_ITERATIONS };
  for (let r = 0; r < rounds; r++) {
    drawUnitCounts(rng, counts, scratch);
    const { logits } = solveBtEdges(m, gatherDraw(table, counts), full, roundOpts);
    const c = centre(logits);
    for (let i = 0; i < m; i++)
      samples[i * rounds + r] = scale.initRating + perLogit * ((logits[i] as number) - c);
  }
  const intervals: Record<string, Interval> = {};
  models.forEach((key, i) => {
    const column = samples.subarray(i * rounds, (i + 1) * rounds).sort();
    intervals[key] = {
      median: percentileSorted(column, 0.5) as number,
      q025: percentileSorted(column, 0.025) as number,
      q975: percentileSorted(column, 0.975) as number,
    };
  });
  return { ratings, intervals };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function rate(
  pairs: readonly PairOutcome[],
  modelOf: (key: string) => string,
  opts: { rounds?: number; seed?: number } = {},
): Rated {
  if (pairs.length === 0) return { rows: [], unrated: [], outcomes: 0, battles: 0, h2h: [] };
  const enc = encodePairs(pairs);
  const m = enc.models.length;
  const n = enc.a.length;

  // Counts and head-to-head cells over every outcome.
  const wins = new Int32Array(m);
  const losses = new Int32Array(m);
  const ties = new Int32Array(m);
  const cells = new Map<number, [number, number, number]>();
  for (let r = 0; r < n; r++) {
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
  const units = groupByBattle(pairs);
  const battles = new Int32Array(m);
  const lastBattle = new Int32Array(m).fill(-1);
  for (let u = 0; u + 1 < units.start.length; u++) {
    for (let k = units.start[u] as number; k < (units.start[u + 1] as number); k++) {
      const r = units.rows[k] as number;
      for (const i of [enc.a[r] as number, enc.b[r] as number]) {
        if (lastBattle[i] !== u) {
          lastBattle[i] = u;
          battles[i] = (battles[i] as number) + 1;
        }
      }
    }
  }

  // Keys with a finite MLE: each needs something other than a win and something other than a loss.
  const alive = new Uint8Array(m).fill(1);
  for (;;) {
    const up = new Uint8Array(m);
    const down = new Uint8Array(m);
    for (let r = 0; r < n; r++) {
      const a = enc.a[r] as number;
      const b = enc.b[r] as number;
      if (!alive[a] || !alive[b]) continue;
      const s = enc.scoreA[r] as number;
      if (s > 0) up[a] = 1;
      if (s < 1) down[a] = 1;
      if (s < 1) up[b] = 1;
      if (s > 0) down[b] = 1;
    }
    let removed = 0;
    for (let i = 0; i < m; i++) {
      if (alive[i] && !(up[i] && down[i])) {
        alive[i] = 0;
        removed++;
      }
    }
    if (removed === 0) break;
  }
  const ratedPairs: PairOutcome[] = [];
  for (let r = 0; r < n; r++) {
    if (alive[enc.a[r] as number] && alive[enc.b[r] as number]) ratedPairs.push(pairs[r] as PairOutcome);
  }

  const counted = (key: string, i: number): UnratedRow => ({
    key,
    ...describeKey(key, modelOf(key)),
    wins: wins[i] as number,
    losses: losses[i] as number,
    ties: ties[i] as number,
    outcomes: (wins[i] as number) + (losses[i] as number) + (ties[i] as number),
    battles: battles[i] as number,
  });
  const rows: RatedRow[] = [];
  if (ratedPairs.length > 0) {
    const rated = enc.models.flatMap((_, i) => (alive[i] ? [i] : []));
    const well = rated.filter((i) => (battles[i] as number) >= CORE_MIN_BATTLES);
    const core = new Set((well.length >= 2 ? well : rated).map((i) => enc.models[i] as string));
    const { ratings, intervals } = bootstrapAroundCore(ratedPairs, core, opts);
    const ranks = rankByIntervals(intervals);
    const elo = onlineElo(pairs);
    enc.models.forEach((key, i) => {
      if (!alive[i]) return;
      const base = counted(key, i);
      const interval = intervals[key] as Interval;
      rows.push({
        rank: ranks[key] as number,
        ...base,
        rating: round2(ratings[key] as number),
        q025: round2(interval.q025),
        q975: round2(interval.q975),
        median: round2(interval.median),
        elo: round2(elo[key] as number),
        winRate:
          base.outcomes === 0 ? 0 : Math.round(((base.wins + base.ties / 2) / base.outcomes) * 1e4) / 1e4,
      });
    });
    rows.sort((x, y) => y.rating - x.rating || (x.key < y.key ? -1 : 1));
  }
  const unrated = enc.models.flatMap((key, i) => (alive[i] ? [] : [counted(key, i)]));
  const h2h: HeadToHeadCell[] = [];
  for (const [ij, [wi, wj, t]] of cells) {
    h2h.push([enc.models[Math.floor(ij / m)] as string, enc.models[ij % m] as string, wi, wj, t]);
  }
  return { rows, unrated, outcomes: n, battles: units.battleIds.length, h2h };
}

/** Medians of a sample (sorted in place). */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return percentileSorted(values, 0.5);
}

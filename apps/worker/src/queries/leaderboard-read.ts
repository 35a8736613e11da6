/**
 * Leaderboard reads: the latest stored snapshot, with speed medians joined in. Nothing is
 * computed here beyond that join, so a read costs two primary-key lookups however many votes
 * there are.
 */
import {
  BLEND_RULE,
  type HeadToHead,
  type HeadToHeadQuerySchema,
  type Leaderboard,
  type LeaderboardQuery,
  type LeaderboardRow,
  type RatingScope,
  type RatingSource,
} from '@ringside/shared';
import type { z } from 'zod';
import { type RatedRow, ROUNDS, SEED } from '../arena/leaderboard-rows.ts';
import type { Slice } from '../arena/outcomes.ts';
import type { Db } from '../db/client.ts';
import { iso } from '../lib/cache.ts';
import type { RatingSnapshotBody, SpeedSnapshotBody } from './leaderboard-refresh.ts';

type SnapshotRow = { kind: string; computed_at: number; body: string };

async function snapshots(db: Db, source: RatingSource, scope: RatingScope, slice: Slice) {
  const { results } = await db.$client
    .prepare(
      `SELECT kind, computed_at, body FROM leaderboard_snapshots
       WHERE scope = ?2 AND slice = ?3 AND kind IN (?1, 'speed')`,
    )
    .bind(source, scope, slice)
    .all<SnapshotRow>();
  const rating = results.find((r) => r.kind === source);
  const speed = results.find((r) => r.kind === 'speed');
  return {
    rating: rating ? { at: rating.computed_at, body: JSON.parse(rating.body) as RatingSnapshotBody } : null,
    speed: speed ? { at: speed.computed_at, body: JSON.parse(speed.body) as SpeedSnapshotBody } : null,
  };
}

function withSpeed(row: RatedRow, speed: SpeedSnapshotBody | undefined): LeaderboardRow {
  const s = speed?.[row.key];
  return { ...row, ttftMsP50: s?.[0] ?? null, decodeTpsP50: s?.[1] ?? null, speedResults: s?.[2] ?? 0 };
}

export const sliceOf = (q: { category?: string | undefined; type?: string | undefined }): Slice =>
  q.category ? `category:${q.category}` : q.type ? `type:${q.type}` : 'all';

export async function readLeaderboard(db: Db, q: LeaderboardQuery): Promise<Leaderboard> {
  const { rating, speed } = await snapshots(db, q.source, q.scope, sliceOf(q));
  return {
    source: q.source,
    scope: q.scope,
    category: q.category ?? null,
    type: q.type ?? null,
    computedAt: iso(rating?.at),
    speedComputedAt: iso(speed?.at),
    rounds: rating?.body.rounds ?? ROUNDS,
    seed: rating?.body.seed ?? SEED,
    resample: 'battle',
    outcomes: rating?.body.outcomes ?? 0,
    battles: rating?.body.battles ?? 0,
    blend:
      q.source === 'blend'
        ? (rating?.body.blend ?? {
            sources: ['human', 'judge', 'auto'],
            rule: BLEND_RULE,
            outcomes: { human: 0, judge: 0, auto: 0 },
          })
        : null,
    rows: (rating?.body.rows ?? []).map((r) => withSpeed(r, speed?.body)),
  };
}

type SharedBattle = {
  id: string;
  title: string;
  type: HeadToHead['sharedBattles'][number]['type'];
  created_at: number;
};

/**
 * Battles with both sides among their contestants, newest first. A model key (`provider:model`,
 * split at the first ':') seeks the contestants' model index; a contestant key is matched whole.
 */
async function sharedBattles(db: Db, scope: RatingScope, a: string, b: string) {
  const side = (key: string, n: number) => {
    if (scope === 'contestant')
      return { sql: `SELECT battle_id FROM contestants WHERE key = ?${n}`, binds: [key] };
    const colon = key.indexOf(':');
    return {
      sql: `SELECT battle_id FROM contestants WHERE model = ?${n + 1} AND provider = ?${n}`,
      binds: [key.slice(0, Math.max(0, colon)), key.slice(colon + 1)],
    };
  };
  const x = side(a, 1);
  const y = side(b, x.binds.length + 1);
  const { results } = await db.$client
    .prepare(
      `SELECT b.id, b.title, b.type, b.created_at FROM battles b
       WHERE b.id IN (${x.sql}) AND b.id IN (${y.sql})
       ORDER BY b.created_at DESC, b.id DESC LIMIT 50`,
    )
    .bind(...x.binds, ...y.binds)
    .all<SharedBattle>();
  return results.map((r) => ({
    id: r.id,
    title: r.title,
    type: r.type,
    createdAt: iso(r.created_at) as string,
  }));
}

export async function readHeadToHead(db: Db, q: z.infer<typeof HeadToHeadQuerySchema>): Promise<HeadToHead> {
  const [{ rating, speed }, battles] = await Promise.all([
    snapshots(db, q.source, q.scope, 'all'),
    sharedBattles(db, q.scope, q.a, q.b),
  ]);
  const rows = rating?.body.rows ?? [];
  const ia = rows.findIndex((r) => r.key === q.a);
  const ib = rows.findIndex((r) => r.key === q.b);
  let aWins = 0;
  let bWins = 0;
  let ties = 0;
  for (const [i, j, wi, wj, t] of rating?.body.h2h ?? []) {
    if (i === ia && j === ib) [aWins, bWins, ties] = [wi, wj, t];
    else if (i === ib && j === ia) [aWins, bWins, ties] = [wj, wi, t];
  }
  const ra = ia >= 0 ? (rows[ia] as RatedRow) : null;
  const rb = ib >= 0 ? (rows[ib] as RatedRow) : null;
  return {
    a: q.a,
    b: q.b,
    source: q.source,
    scope: q.scope,
    computedAt: iso(rating?.at),
    matrix: {
      keys: [q.a, q.b],
      wins: [
        [0, aWins + ties / 2],
        [bWins + ties / 2, 0],
      ],
    },
    aWins,
    bWins,
    ties,
    outcomes: aWins + bWins + ties,
    expectedAWinRate: ra && rb ? 1 / (1 + 10 ** ((rb.rating - ra.rating) / 400)) : null,
    ratings: {
      a: ra ? withSpeed(ra, speed?.body) : null,
      b: rb ? withSpeed(rb, speed?.body) : null,
    },
    sharedBattles: battles,
  };
}

/** Contestant key → rating in the blend, for picking pairs of close strength (empty before the first recompute). */
export async function blendRatings(db: Db): Promise<Map<string, number>> {
  const { results } = await db.$client
    .prepare(
      `SELECT json_extract(r.value, '$.key') AS key, json_extract(r.value, '$.rating') AS rating
       FROM leaderboard_snapshots s, json_each(s.body, '$.rows') r
       WHERE s.kind = 'blend' AND s.scope = 'contestant' AND s.slice = 'all'`,
    )
    .all<{ key: string; rating: number }>();
  return new Map(results.map((r) => [r.key, r.rating]));
}

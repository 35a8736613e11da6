/**
 * Leaderboard reads: the latest stored snapshot, served as stored. The scheduled job writes each
 * body as the exact response, so a read is one primary-key lookup and no JSON work, however many
 * votes there are; its ETag names the snapshot, so a revalidation costs no hashing either.
 */
import {
  BLEND_RULE,
  type HeadToHead,
  type HeadToHeadQuerySchema,
  type Leaderboard,
  type LeaderboardQuery,
  type RatingScope,
} from '@ringside/shared';
import type { z } from 'zod';
import { type HeadToHeadCell, ROUNDS, SEED } from '../arena/leaderboard-rows.ts';
import type { Slice } from '../arena/outcomes.ts';
import { hiddenSql, type Viewer } from '../arena/seal.ts';
import type { Db } from '../db/client.ts';
import { iso } from '../lib/cache.ts';
import { readableJson, tryParseStored } from '../lib/stored-json.ts';
import { H2H_SLICE } from './leaderboard-refresh.ts';

export const sliceOf = (q: { category?: string | undefined; type?: string | undefined }): Slice =>
  q.category ? `category:${q.category}` : q.type ? `type:${q.type}` : 'all';

/** What is served before the first recompute: no rows, `computedAt: null`. */
function emptyBoard(q: LeaderboardQuery): Leaderboard {
  return {
    source: q.source,
    scope: q.scope,
    category: q.category ?? null,
    type: q.type ?? null,
    computedAt: null,
    speedComputedAt: null,
    rounds: ROUNDS,
    seed: SEED,
    resample: 'battle',
    outcomes: 0,
    battles: 0,
    blend:
      q.source === 'blend'
        ? { sources: ['human', 'judge', 'auto'], rule: BLEND_RULE, outcomes: { human: 0, judge: 0, auto: 0 } }
        : null,
    rows: [],
    unrated: [],
  };
}

/** The response body (JSON text) and an ETag naming the snapshot it came from. */
export async function readLeaderboard(db: Db, q: LeaderboardQuery): Promise<{ json: string; etag: string }> {
  const slice = sliceOf(q);
  const row = await db.$client
    .prepare(
      'SELECT computed_at, body FROM leaderboard_snapshots WHERE kind = ?1 AND scope = ?2 AND slice = ?3',
    )
    .bind(q.source, q.scope, slice)
    .first<{ computed_at: number; body: string }>();
  const version = row ? row.computed_at.toString(36) : 'none';
  return {
    json: row?.body ?? JSON.stringify(emptyBoard(q)),
    etag: `W/"${q.source}.${q.scope}.${slice}.${version}"`,
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
 * Battles hidden from `viewer` (blind, arena/seal.ts) are left out: listing one would name its models.
 */
async function sharedBattles(db: Db, scope: RatingScope, a: string, b: string, viewer: Viewer) {
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
       WHERE b.id IN (${x.sql}) AND b.id IN (${y.sql}) AND NOT ${hiddenSql(viewer, 'b.id')}
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

export async function readHeadToHead(
  db: Db,
  q: z.infer<typeof HeadToHeadQuerySchema>,
  viewer: Viewer,
): Promise<HeadToHead> {
  const d1 = db.$client;
  const [stored, battles] = await Promise.all([
    d1
      .prepare(
        'SELECT slice, computed_at, body FROM leaderboard_snapshots WHERE kind = ?1 AND scope = ?2 AND slice IN (?3, ?4)',
      )
      .bind(q.source, q.scope, 'all', H2H_SLICE)
      .all<{ slice: string; computed_at: number; body: string }>(),
    sharedBattles(db, q.scope, q.a, q.b, viewer),
  ]);
  const board = stored.results.find((r) => r.slice === 'all');
  const cellsRow = stored.results.find((r) => r.slice === H2H_SLICE);
  const snapshot = (slice: string) => `${q.source}/${q.scope}/${slice}`;
  const rows =
    (board && tryParseStored<Leaderboard>(board.body, 'leaderboard_snapshots', snapshot('all')))?.rows ?? [];
  const cells =
    (cellsRow &&
      tryParseStored<HeadToHeadCell[]>(cellsRow.body, 'leaderboard_snapshots', snapshot(H2H_SLICE))) ??
    [];
  let aWins = 0;
  let bWins = 0;
  let ties = 0;
  for (const [x, y, wx, wy, t] of cells) {
    if (x === q.a && y === q.b) [aWins, bWins, ties] = [wx, wy, t];
    else if (x === q.b && y === q.a) [aWins, bWins, ties] = [wy, wx, t];
  }
  const ra = rows.find((r) => r.key === q.a) ?? null;
  const rb = rows.find((r) => r.key === q.b) ?? null;
  return {
    a: q.a,
    b: q.b,
    source: q.source,
    scope: q.scope,
    computedAt: iso(board?.computed_at),
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
    ratings: { a: ra, b: rb },
    sharedBattles: battles,
  };
}

/** Contestant key → rating in the blend, for picking pairs of close strength (empty before the first recompute). */
export async function blendRatings(db: Db): Promise<Map<string, number>> {
  const { results } = await db.$client
    .prepare(
      `SELECT json_extract(r.value, '$.key') AS key, json_extract(r.value, '$.rating') AS rating
       FROM leaderboard_snapshots s, json_each(${readableJson('s.body')}, '$.rows') r
       WHERE s.kind = 'blend' AND s.scope = 'contestant' AND s.slice = 'all'`,
    )
    .all<{ key: string; rating: number }>();
  return new Map(results.map((r) => [r.key, r.rating]));
}

/**
 * Keeps the leaderboard snapshots current (PRODUCT F14): run by the Cron Trigger, never by a
 * read. Each snapshot row records a fingerprint of the data it came from (cheap index seeks:
 * newest rowids, battle count and last update, last discard); a row whose source has moved on is
 * stale. Stale (kind, slice) units are recomputed oldest first until the time budget is spent, so
 * one invocation stays within a Worker's CPU limit and the next one carries on.
 */
import {
  BattleTypeSchema,
  BLEND_RULE,
  type Leaderboard,
  type LeaderboardRow,
  TaskCategorySchema,
} from '@ringside/shared';
import { median, type RatedRow, ROUNDS, rate, SEED } from '../arena/leaderboard-rows.ts';
import { blendOutcomes, inSlice, type Scope, type Slice, scopePairs } from '../arena/outcomes.ts';
import { publicViewer, type Viewer } from '../arena/seal.ts';
import type { Db } from '../db/client.ts';
import { iso } from '../lib/cache.ts';
import { tryParseStored } from '../lib/stored-json.ts';
import { loadVotes, type SourceData, type SpeedSamples, scanBattles, speedBucket } from './rating-pairs.ts';

export type Kind = 'speed' | 'auto' | 'judge' | 'human' | 'blend';
export const KINDS: readonly Kind[] = ['speed', 'auto', 'judge', 'human', 'blend'];
export const SCOPES: readonly Scope[] = ['model', 'contestant'];
export const SLICES: readonly Slice[] = [
  'all',
  ...TaskCategorySchema.options.map((c) => `category:${c}` as const),
  ...BattleTypeSchema.options.map((t) => `type:${t}` as const),
];

/** A rating snapshot's `body` is the `Leaderboard` a read serves, as JSON. */
/**
 * The `all` slice's head-to-head cells are stored beside it, in a row of their own (slice
 * `all:h2h`), so leaderboard reads do not parse them.
 */
export const H2H_SLICE = 'all:h2h';
/** What a speed snapshot's `body` holds: key → [median TTFT ms, median decode tok/s, ok results]. */
export type SpeedSnapshotBody = Record<string, [number | null, number | null, number]>;

/** Head-to-head cells beyond this many characters are not stored (D1 strings stop at 2 MB). */
const MAX_H2H_CHARS = 1_500_000;

/**
 * `now` matters because blind battles count only once revealed (arena/seal.ts), and a reveal
 * may be a time passing rather than a write: the number of battles revealed by `now` (for votes:
 * of those that were in the voting pool) is part of every fingerprint.
 */
export async function fingerprints(d1: D1Database, now: number): Promise<Record<Kind, string>> {
  const row = (await d1
    .prepare(
      `SELECT (SELECT MAX(rowid) FROM results) AS r, (SELECT COUNT(*) FROM battles) AS bn,
         (SELECT MAX(updated_at) FROM battles) AS bu, (SELECT MAX(rowid) FROM evaluations) AS e,
         (SELECT MAX(rowid) FROM arena_votes) AS v,
         (SELECT MAX(discarded_at) FROM arena_votes WHERE discarded_at IS NOT NULL) AS vd,
         (SELECT COUNT(*) FROM battles WHERE revealed_at <= ?1) AS rv,
         (SELECT COUNT(*) FROM battles b WHERE b.revealed_at <= ?1
            AND EXISTS (SELECT 1 FROM arena_pairs p WHERE p.battle_id = b.id)) AS rp`,
    )
    .bind(Math.trunc(now))
    .first<Record<'r' | 'bn' | 'bu' | 'e' | 'v' | 'vd' | 'rv' | 'rp', number | null>>()) as Record<
    string,
    number | null
  >;
  const results = `b${row.bn}@${row.bu};r${row.r};s${row.rv}`;
  const judge = `${results};e${row.e}`;
  // Votes go only through the vote and discard routes (battles are never deleted by the API), so
  // new results or battles leave the expensive human ratings alone; the reveal of a battle that
  // was in the voting pool (only those have votes) adds its votes.
  const human = `v${row.v};d${row.vd};s${row.rp}`;
  return { speed: results, auto: results, judge, human, blend: `${judge};${human}` };
}

/** What one refresh read, and as whom: the public, so blind battles are left out. */
type Loaded = {
  viewer: Viewer;
  battles?: Awaited<ReturnType<typeof scanBattles>>;
  votes?: SourceData;
  blend?: Blend;
};
type Blend = SourceData & { counts: { human: number; judge: number; auto: number } };

async function sourceOf(db: Db, kind: Exclude<Kind, 'speed'>, cache: Loaded): Promise<SourceData | Blend> {
  cache.votes ??= kind === 'human' || kind === 'blend' ? await loadVotes(db, cache.viewer) : undefined;
  if (kind === 'human') return cache.votes as SourceData;
  cache.battles ??= await scanBattles(db, cache.viewer);
  if (kind === 'auto') return cache.battles.auto;
  if (kind === 'judge') return cache.battles.judge;
  if (!cache.blend) {
    const votes = cache.votes as SourceData;
    const { auto, judge } = cache.battles;
    const { items, counts } = blendOutcomes(auto.items, judge.items, votes.items);
    const modelOf = new Map([...auto.modelOf, ...judge.modelOf, ...votes.modelOf]);
    cache.blend = { items, modelOf, counts };
  }
  return cache.blend;
}

export function withSpeed(row: RatedRow, speed: SpeedSnapshotBody | undefined): LeaderboardRow {
  const s = speed?.[row.key];
  return { ...row, ttftMsP50: s?.[0] ?? null, decodeTpsP50: s?.[1] ?? null, speedResults: s?.[2] ?? 0 };
}

export function speedBody(speed: SpeedSamples, scope: Scope, slice: Slice): SpeedSnapshotBody {
  const body: SpeedSnapshotBody = {};
  for (const [key, s] of speed.get(speedBucket(scope, slice)) ?? []) {
    body[key] = [median(s.ttft), median(s.tps), s.n];
  }
  return body;
}

/** The latest stored speed medians of a scope × slice (written earlier in this run when stale). */
async function storedSpeed(d1: D1Database, scope: Scope, slice: Slice) {
  const row = await d1
    .prepare(
      "SELECT computed_at, body FROM leaderboard_snapshots WHERE kind = 'speed' AND scope = ?1 AND slice = ?2",
    )
    .bind(scope, slice)
    .first<{ computed_at: number; body: string }>();
  const body =
    row && tryParseStored<SpeedSnapshotBody>(row.body, 'leaderboard_snapshots', `speed/${scope}/${slice}`);
  return row && body ? { at: row.computed_at, body } : null;
}

const sliceFields = (slice: Slice) => ({
  category: slice.startsWith('category:')
    ? (slice.slice('category:'.length) as Leaderboard['category'])
    : null,
  type: slice.startsWith('type:') ? (slice.slice('type:'.length) as Leaderboard['type']) : null,
});

/**
 * One unit's rows to store, each body already the exact JSON a read serves (speed medians are
 * joined in here, from the stored speed snapshot), so a read parses nothing.
 */
async function computeUnit(db: Db, kind: Kind, slice: Slice, cache: Loaded, at: () => number) {
  const bodies: [Scope, string, string][] = [];
  let outcomes = 0;
  if (kind === 'speed') {
    cache.battles ??= await scanBattles(db, cache.viewer);
    for (const scope of SCOPES) {
      bodies.push([scope, slice, JSON.stringify(speedBody(cache.battles.speed, scope, slice))]);
    }
    return { bodies, outcomes };
  }
  const source = await sourceOf(db, kind, cache);
  for (const scope of SCOPES) {
    const rated = rate(scopePairs(source.items, scope, slice), (key) => source.modelOf.get(key) ?? key);
    outcomes = Math.max(outcomes, rated.outcomes);
    const speed = await storedSpeed(db.$client, scope, slice);
    const body: Leaderboard = {
      source: kind,
      scope,
      ...sliceFields(slice),
      computedAt: iso(at()) as string,
      speedComputedAt: iso(speed?.at),
      rounds: ROUNDS,
      seed: SEED,
      resample: 'battle',
      outcomes: rated.outcomes,
      battles: rated.battles,
      blend:
        'counts' in source
          ? {
              sources: ['human', 'judge', 'auto'],
              rule: BLEND_RULE,
              outcomes: slice === 'all' ? source.counts : countBlend(source, slice),
            }
          : null,
      rows: rated.rows.map((r) => withSpeed(r, speed?.body)),
      unrated: rated.unrated,
    };
    bodies.push([scope, slice, JSON.stringify(body)]);
    if (slice === 'all') {
      const cells = JSON.stringify(rated.h2h);
      bodies.push([scope, H2H_SLICE, cells.length > MAX_H2H_CHARS ? '[]' : cells]);
    }
  }
  return { bodies, outcomes };
}

/** The blend's per-source counts within a slice: items come auto, then judge, then human. */
function countBlend(blend: Blend, slice: Slice) {
  const counts = { human: 0, judge: 0, auto: 0 };
  const judgeFrom = blend.counts.auto;
  const humanFrom = judgeFrom + blend.counts.judge;
  blend.items.forEach((o, i) => {
    if (inSlice(o, slice)) counts[i < judgeFrom ? 'auto' : i < humanFrom ? 'judge' : 'human']++;
  });
  return counts;
}

export type RefreshReport = {
  computed: { kind: Kind; slice: Slice; outcomes: number; ms: number }[];
  remaining: number;
};

/**
 * Recomputes stale snapshots, oldest first, until `budgetMs` has passed (at least one unit runs,
 * so every call makes progress). A unit is one kind × slice, both scopes.
 */
export async function refreshLeaderboards(
  db: Db,
  { budgetMs, now = Date.now }: { budgetMs: number; now?: () => number },
): Promise<RefreshReport> {
  const d1 = db.$client;
  const started = now();
  const [prints, existing] = await Promise.all([
    fingerprints(d1, started),
    d1
      .prepare('SELECT kind, scope, slice, fingerprint, computed_at FROM leaderboard_snapshots')
      .all<{ kind: Kind; scope: Scope; slice: Slice; fingerprint: string; computed_at: number }>(),
  ]);
  const stored = new Map(existing.results.map((r) => [`${r.kind}|${r.scope}|${r.slice}`, r]));
  const stale: { kind: Kind; slice: Slice; age: number; order: number }[] = [];
  let order = 0;
  for (const kind of KINDS) {
    for (const slice of SLICES) {
      const rows = SCOPES.map((scope) => stored.get(`${kind}|${scope}|${slice}`));
      order++;
      if (rows.every((r) => r !== undefined && r.fingerprint === prints[kind])) continue;
      stale.push({ kind, slice, age: Math.min(...rows.map((r) => r?.computed_at ?? 0)), order });
    }
  }
  stale.sort((x, y) => x.age - y.age || x.order - y.order);

  const cache: Loaded = { viewer: publicViewer(started) };
  const computed: RefreshReport['computed'] = [];
  for (const unit of stale) {
    if (computed.length > 0 && now() - started >= budgetMs) break;
    const t0 = now();
    let at = t0;
    const { bodies, outcomes } = await computeUnit(db, unit.kind, unit.slice, cache, () => {
      at = now();
      return at;
    });
    await d1.batch(
      bodies.map(([scope, slice, body]) =>
        d1
          .prepare(
            `INSERT INTO leaderboard_snapshots (kind, scope, slice, fingerprint, computed_at, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (kind, scope, slice) DO UPDATE SET
               fingerprint = excluded.fingerprint, computed_at = excluded.computed_at, body = excluded.body`,
          )
          .bind(unit.kind, scope, slice, prints[unit.kind], at, body),
      ),
    );
    computed.push({ kind: unit.kind, slice: unit.slice, outcomes, ms: now() - t0 });
  }
  return { computed, remaining: stale.length - computed.length };
}

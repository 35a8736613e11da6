import {
  BattleOriginSchema,
  BattleStateSchema,
  BattleTypeSchema,
  EvaluationSourceSchema,
  LaneSchema,
  RatingScopeSchema,
  RatingSourceSchema,
  ResultStatusSchema,
  TokenScopeSchema,
  VoteChoiceSchema,
} from '@ringside/shared';
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** The values of a shared `z.enum`, as drizzle wants them: one list of allowed values per column. */
const values = <T extends string>(e: { options: readonly T[] }) => e.options as [T, ...T[]];

/**
 * D1 tables. Times are epoch milliseconds. Columns that lists filter, sort or aggregate on are
 * real columns; the rest of a posted document is kept as JSON text.
 */

export const tokens = sqliteTable(
  'tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    scope: text('scope', { enum: values(TokenScopeSchema) }).notNull(),
    /** SHA-256 of the whole secret token, hex; the secret itself is never stored */
    hash: text('hash').notNull(),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('tokens_active_name').on(t.name).where(sql`revoked_at IS NULL`)],
);

export const battles = sqliteTable(
  'battles',
  {
    id: text('id').primaryKey(),
    type: text('type', { enum: values(BattleTypeSchema) }).notNull(),
    origin: text('origin', { enum: values(BattleOriginSchema) }).notNull(),
    title: text('title').notNull(),
    state: text('state', { enum: values(BattleStateSchema) }).notNull(),
    suiteName: text('suite_name'),
    suiteVersion: text('suite_version'),
    ciCommit: text('ci_commit'),
    ciBranch: text('ci_branch'),
    ciUrl: text('ci_url'),
    ciJob: text('ci_job'),
    /** the battle's tasks, JSON */
    tasks: text('tasks').notNull(),
    /** SHA-256 of what may not change once results exist: type, origin, suite, tasks, contestants */
    identityHash: text('identity_hash').notNull(),
    createdBy: text('created_by'),
    /** the token that created the battle: only it (or an admin) may change it, add to it or judge it */
    ownerTokenId: text('owner_token_id'),
    /**
     * Blind voting (PRODUCT F13): from when the battle's identities are public. Null while a
     * runner battle of two or more contestant keys has not entered the voting pool; set at creation
     * for a battle that cannot be voted on, by the pool job (now + the reveal window, or now when
     * it has no pair) and to now by the vote that reaches the reveal count. See arena/seal.ts.
     */
    revealedAt: integer('revealed_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    startedAt: integer('started_at'),
    endedAt: integer('ended_at'),
  },
  (t) => [
    index('battles_created').on(t.createdAt, t.id),
    index('battles_origin_suite').on(t.origin, t.suiteName, t.createdAt),
    index('battles_state').on(t.state, t.createdAt),
    index('battles_type').on(t.type, t.createdAt),
    // The leaderboard's fingerprint counts revealed battles, and the cron finds the ones due.
    index('battles_revealed').on(t.revealedAt),
  ],
);

export const contestants = sqliteTable(
  'contestants',
  {
    battleId: text('battle_id')
      .notNull()
      .references(() => battles.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    position: integer('position').notNull(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    label: text('label'),
    lane: text('lane', { enum: values(LaneSchema) }).notNull(),
    /** provider:model#persona, the identity the ratings use */
    key: text('key').notNull(),
    persona: text('persona'),
    sampling: text('sampling').notNull(),
  },
  (t) => [primaryKey({ columns: [t.battleId, t.id] }), index('contestants_model').on(t.model, t.battleId)],
);

export const results = sqliteTable(
  'results',
  {
    id: text('id').primaryKey(),
    battleId: text('battle_id')
      .notNull()
      .references(() => battles.id, { onDelete: 'cascade' }),
    contestantId: text('contestant_id').notNull(),
    taskId: text('task_id').notNull(),
    repeat: integer('repeat').notNull(),
    status: text('status', { enum: values(ResultStatusSchema) }).notNull(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    category: text('category').notNull(),
    ttftMs: real('ttft_ms'),
    e2eMs: real('e2e_ms'),
    decodeTps: real('decode_tps'),
    score: real('score'),
    passed: integer('passed', { mode: 'boolean' }),
    createdAt: integer('created_at').notNull(),
    /** SHA-256 of the canonical posted result: the same id with another body is a conflict */
    bodyHash: text('body_hash').notNull(),
    /** output, metrics, chunk timings, server figures, telemetry, fingerprint, error: JSON */
    data: text('data').notNull(),
  },
  (t) => [
    index('results_battle').on(t.battleId, t.contestantId, t.taskId),
    // one batch's results, newest first, without a sort (runs and exports filtered by batch)
    index('results_battle_created').on(t.battleId, t.createdAt, t.id),
    index('results_created').on(t.createdAt, t.id),
    index('results_model').on(t.model, t.createdAt),
  ],
);

export const evaluations = sqliteTable(
  'evaluations',
  {
    id: text('id').primaryKey(),
    resultId: text('result_id')
      .notNull()
      .references(() => results.id, { onDelete: 'cascade' }),
    source: text('source', { enum: values(EvaluationSourceSchema) }).notNull(),
    evaluator: text('evaluator').notNull(),
    score: real('score'),
    raw: real('raw'),
    maxScore: real('max_score'),
    passed: integer('passed', { mode: 'boolean' }),
    details: text('details'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('evaluations_result').on(t.resultId), index('evaluations_evaluator').on(t.evaluator)],
);

/**
 * The blind-voting pool (PRODUCT F13): two ok answers of one battle × task × repeat, neither of
 * which names its model. Built by the scheduled job from finished battles; `lo`/`hi` are the two
 * result ids in code-unit order, and `key` is `lo|hi` ('|' is outside the id alphabet).
 */
export const arenaPairs = sqliteTable(
  'arena_pairs',
  {
    key: text('key').primaryKey(),
    battleId: text('battle_id')
      .notNull()
      .references(() => battles.id, { onDelete: 'cascade' }),
    taskId: text('task_id').notNull(),
    repeat: integer('repeat').notNull(),
    battleType: text('battle_type').notNull(),
    category: text('category').notNull(),
    resultLo: text('result_lo').notNull(),
    resultHi: text('result_hi').notNull(),
    contestantLo: text('contestant_lo').notNull(),
    contestantHi: text('contestant_hi').notNull(),
    /** contestant keys (provider:model#persona) */
    keyLo: text('key_lo').notNull(),
    keyHi: text('key_hi').notNull(),
    /** votes not discarded; kept by the vote and discard routes */
    votes: integer('votes').notNull().default(0),
    createdAt: integer('created_at').notNull(),
  },
  // Picking a pair walks this index from the fewest votes.
  (t) => [index('arena_pairs_pick').on(t.votes), index('arena_pairs_battle').on(t.battleId)],
);

/** Battles the pool builder has read, and the newest result it saw then (late results rescan). */
export const arenaScans = sqliteTable('arena_scans', {
  battleId: text('battle_id')
    .primaryKey()
    .references(() => battles.id, { onDelete: 'cascade' }),
  resultsAt: integer('results_at').notNull(),
  scannedAt: integer('scanned_at').notNull(),
});

/**
 * Blind votes. What the pair was is copied in (keys, category, type) so ratings are computed from
 * this table alone. One vote per pair per voter cookie and per IP hash (the unique indexes);
 * an admin discard sets `discarded_at`, which keeps the row (and so the dedup) but drops it from
 * ratings and exports.
 */
export const arenaVotes = sqliteTable(
  'arena_votes',
  {
    id: text('id').primaryKey(),
    pairKey: text('pair_key').notNull(),
    battleId: text('battle_id')
      .notNull()
      .references(() => battles.id, { onDelete: 'cascade' }),
    taskId: text('task_id').notNull(),
    repeat: integer('repeat').notNull(),
    battleType: text('battle_type').notNull(),
    category: text('category').notNull(),
    /** as shown: A and B */
    resultA: text('result_a').notNull(),
    resultB: text('result_b').notNull(),
    contestantA: text('contestant_a').notNull(),
    contestantB: text('contestant_b').notNull(),
    keyA: text('key_a').notNull(),
    keyB: text('key_b').notNull(),
    modelA: text('model_a').notNull(),
    modelB: text('model_b').notNull(),
    winner: text('winner', { enum: values(VoteChoiceSchema) }).notNull(),
    /** sub-dimension votes, JSON: { correctness?, helpfulness?, style?, speed? } each a | b | tie */
    dimensions: text('dimensions').notNull(),
    /** id inside the signed anonymous cookie */
    voterId: text('voter_id').notNull(),
    /** HMAC of the client IP under the arena secret (an unkeyed hash of an IPv4 is reversible) */
    ipHash: text('ip_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    discardedAt: integer('discarded_at'),
  },
  (t) => [
    uniqueIndex('arena_votes_pair_voter').on(t.pairKey, t.voterId),
    uniqueIndex('arena_votes_pair_ip').on(t.pairKey, t.ipHash),
    index('arena_votes_voter').on(t.voterId),
    index('arena_votes_ip').on(t.ipHash),
    index('arena_votes_created').on(t.createdAt),
    // Small (only discarded rows): makes MAX(discarded_at), part of the ratings' fingerprint, one seek.
    index('arena_votes_discarded').on(t.discardedAt).where(sql`discarded_at IS NOT NULL`),
  ],
);

/** Fixed-window request counters per bucket (e.g. `vote-min:<ip hash>`), for the arena's rate limits. */
export const arenaRateLimits = sqliteTable('arena_rate_limits', {
  bucket: text('bucket').primaryKey(),
  windowStart: integer('window_start').notNull(),
  count: integer('count').notNull(),
});

/**
 * Precomputed leaderboards (PRODUCT F14): one row per kind (a rating source, or `speed` for the
 * latency medians) × scope × slice (`all`, `category:<c>`, `type:<t>`). `fingerprint` describes
 * the data it was computed from; a row whose source data has another fingerprint is stale.
 */
export const leaderboardSnapshots = sqliteTable(
  'leaderboard_snapshots',
  {
    kind: text('kind', { enum: [...values(RatingSourceSchema), 'speed'] }).notNull(),
    scope: text('scope', { enum: values(RatingScopeSchema) }).notNull(),
    slice: text('slice').notNull(),
    fingerprint: text('fingerprint').notNull(),
    computedAt: integer('computed_at').notNull(),
    /** JSON */
    body: text('body').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.scope, t.slice] })],
);

/**
 * The owner's winner per task (PRODUCT F12), kept apart from the automatic winner so both can be
 * shown. `winner` is a contestant id, or null with `tie` for a declared tie.
 */
export const winnerOverrides = sqliteTable(
  'winner_overrides',
  {
    battleId: text('battle_id')
      .notNull()
      .references(() => battles.id, { onDelete: 'cascade' }),
    taskId: text('task_id').notNull(),
    winner: text('winner'),
    tie: integer('tie', { mode: 'boolean' }).notNull(),
    note: text('note'),
    setBy: text('set_by'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.battleId, t.taskId] })],
);

/** Questions put to a model about a finished battle and its answers (PRODUCT F11); `body` is JSON. */
export const crossExaminations = sqliteTable(
  'cross_examinations',
  {
    id: text('id').primaryKey(),
    battleId: text('battle_id')
      .notNull()
      .references(() => battles.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('cross_examinations_battle').on(t.battleId, t.createdAt)],
);

/** The suites library (PRODUCT F5): every saved version of a suite source, `body` as JSON. */
export const suites = sqliteTable(
  'suites',
  {
    name: text('name').notNull(),
    version: text('version').notNull(),
    description: text('description'),
    tasks: integer('tasks').notNull(),
    /** SHA-256 of the canonical source: saving the same version again with another body is a conflict */
    bodyHash: text('body_hash').notNull(),
    body: text('body').notNull(),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.name, t.version] }), index('suites_created').on(t.name, t.createdAt)],
);

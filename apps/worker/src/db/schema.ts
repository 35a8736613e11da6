import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * D1 tables. Times are epoch milliseconds. Columns that lists filter, sort or aggregate on are
 * real columns; the rest of a posted document is kept as JSON text.
 */

export const tokens = sqliteTable(
  'tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    scope: text('scope', { enum: ['ingest', 'runner', 'admin'] }).notNull(),
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
    type: text('type', { enum: ['qa', 'coding', 'agent', 'suite'] }).notNull(),
    origin: text('origin', { enum: ['runner', 'ci'] }).notNull(),
    title: text('title').notNull(),
    state: text('state', { enum: ['queued', 'running', 'judging', 'done', 'stopped', 'failed'] }).notNull(),
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
    lane: text('lane', { enum: ['local', 'cloud'] }).notNull(),
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
    status: text('status', { enum: ['ok', 'error', 'stopped'] }).notNull(),
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
    source: text('source', { enum: ['check', 'code', 'judge', 'human', 'owner', 'ci'] }).notNull(),
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

import {
  type CrossExamination,
  CrossExaminationSchema,
  type EvaluationsPost,
  OWNER_EVALUATOR,
  type OwnerJudgement,
  type StoredCrossExamination,
  type WinnerOverride,
  type WinnerOverrideInput,
  WinnerOverrideInputSchema,
} from '@ringside/shared';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { crossExaminations, evaluations, results, winnerOverrides } from '../db/schema.ts';
import { iso, ms } from '../lib/cache.ts';
import { canonicalJson } from '../lib/canonical.ts';
import { ApiException, notFound } from '../lib/errors.ts';
import { jsonInsert } from '../lib/json-insert.ts';
import { parseStored, readableRows, tryParseStored } from '../lib/stored-json.ts';
import { getBattle } from './battles.ts';
import { evaluationId, fromEvaluationRow } from './rows.ts';

/** Judgements added after a battle (PRODUCT F10–F12), tested without HTTP in judgements.test.ts. */

async function getResultRow(db: Db, id: string) {
  const row = await db
    .select({ id: results.id, battleId: results.battleId, taskId: results.taskId })
    .from(results)
    .where(eq(results.id, id))
    .get();
  if (!row) throw notFound('result', id);
  return row;
}

type EvaluationRow = typeof evaluations.$inferInsert;

/**
 * What makes two evaluations under one id the same body: every posted field, details compared
 * as canonical JSON (key order aside). `createdAt` counts only when the client sent it; without
 * it the server's clock filled it in, which a retry cannot repeat.
 */
function evaluationKey(
  row: EvaluationRow | typeof evaluations.$inferSelect,
  createdAtPosted: boolean,
): string {
  const details = row.details == null ? null : tryParseStored(row.details, 'evaluations', row.id);
  return canonicalJson([
    row.source,
    row.evaluator,
    row.score ?? null,
    row.raw ?? null,
    row.maxScore ?? null,
    row.passed ?? null,
    row.details == null ? null : details === undefined ? { unreadable: row.details } : details,
    createdAtPosted ? row.createdAt : null,
  ]);
}

const evaluationConflict = (paths: { path: string; id: string }[]) =>
  new ApiException(
    409,
    'evaluation_conflict',
    `${paths.length} evaluation id(s) are already used with a different body`,
    paths
      .slice(0, 50)
      .map(({ path, id }) => ({ path, message: `evaluation '${id}' differs from the stored one` })),
  );

/**
 * Adds evaluations to a stored result. Ids are scoped to the result (`<result>:<id>`), so posting
 * the same evaluation again changes nothing: it is counted as a duplicate. The same id with
 * another body (stored, or twice in the request) is refused with 409 and nothing is stored.
 */
export async function addEvaluations(db: Db, resultId: string, body: EvaluationsPost, now = Date.now()) {
  await getResultRow(db, resultId);
  const byId = new Map<string, { row: EvaluationRow; key: string; index: number; posted: boolean }>();
  for (const [i, e] of body.evaluations.entries()) {
    const row: EvaluationRow = {
      id: evaluationId(resultId, e, i),
      resultId,
      source: e.source,
      evaluator: e.evaluator,
      score: e.score,
      raw: e.raw,
      maxScore: e.maxScore,
      passed: e.passed,
      details: e.details ? JSON.stringify(e.details) : null,
      createdAt: ms(e.createdAt) ?? now,
    };
    const posted = e.createdAt !== undefined;
    const key = evaluationKey(row, posted);
    const seen = byId.get(row.id);
    if (seen && seen.key !== key) throw evaluationConflict([{ path: `evaluations.${i}.id`, id: e.id }]);
    if (!seen) byId.set(row.id, { row, key, index: i, posted });
  }

  // Ids already stored (one statement for any number of ids: see json-insert.ts).
  const { results: existing } = await db.$client
    .prepare(
      `SELECT id, source, evaluator, score, raw, max_score AS maxScore, passed, details, created_at AS createdAt
       FROM evaluations WHERE id IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify([...byId.keys()]))
    .all<typeof evaluations.$inferSelect>();
  const conflicts = existing.flatMap((stored) => {
    const mine = byId.get(stored.id);
    if (!mine) return [];
    const same =
      evaluationKey(
        { ...stored, passed: stored.passed === null ? null : Boolean(stored.passed) },
        mine.posted,
      ) === mine.key;
    const id = body.evaluations[mine.index]?.id ?? stored.id;
    return same ? [] : [{ path: `evaluations.${mine.index}.id`, id }];
  });
  if (conflicts.length > 0) throw evaluationConflict(conflicts);

  const stored = new Set(existing.map((e) => e.id));
  const rows = [...byId.values()].filter(({ row }) => !stored.has(row.id)).map(({ row }) => row);
  // JSON-array inserts: a multi-row VALUES insert of this table passes D1's 100 bound parameters at 10 rows.
  const statements = jsonInsert(db.$client, evaluations, rows);
  const out = statements.length ? await db.$client.batch(statements) : [];
  const created = out.reduce((n, r) => n + (r.meta.changes ?? 0), 0);
  return {
    created,
    duplicates: body.evaluations.length - created,
    ids: body.evaluations.map((e, i) => evaluationId(resultId, e, i)),
  };
}

/** Stars 1–5 map to a score in [0, 1]; thumbs alone give 1 or 0. */
function ownerScore(j: OwnerJudgement): number | null {
  if (j.stars !== null) return (j.stars - 1) / 4;
  if (j.thumbs !== null) return j.thumbs === 'up' ? 1 : 0;
  return null;
}

/** The owner's thumbs/stars/note on a result: one `owner` evaluation per result, replaced on update. */
export async function putOwnerJudgement(
  db: Db,
  resultId: string,
  j: OwnerJudgement,
  by: string,
  now = Date.now(),
) {
  await getResultRow(db, resultId);
  const row = {
    id: `${resultId}:${OWNER_EVALUATOR}`,
    resultId,
    source: 'owner' as const,
    evaluator: OWNER_EVALUATOR,
    score: ownerScore(j),
    raw: j.stars,
    maxScore: j.stars === null ? null : 5,
    passed: j.thumbs === null ? null : j.thumbs === 'up',
    details: JSON.stringify({ thumbs: j.thumbs, stars: j.stars, note: j.note, by }),
    createdAt: now,
  };
  const { id: _, resultId: __, ...set } = row;
  const [stored] = await db
    .insert(evaluations)
    .values(row)
    .onConflictDoUpdate({ target: evaluations.id, set })
    .returning();
  return fromEvaluationRow(stored!);
}

function fromOverrideRow(r: typeof winnerOverrides.$inferSelect): WinnerOverride {
  return {
    taskId: r.taskId,
    winner: r.winner,
    tie: r.tie,
    note: r.note,
    setBy: r.setBy,
    updatedAt: iso(r.updatedAt)!,
  };
}

/**
 * Sets the owner's winner of one task. The task and the winner must belong to the battle; the
 * automatic winner (judge, checks) is untouched.
 */
export async function putWinnerOverride(
  db: Db,
  battleId: string,
  taskId: string,
  input: WinnerOverrideInput,
  by: string,
  now = Date.now(),
): Promise<WinnerOverride> {
  const o = WinnerOverrideInputSchema.parse(input);
  const battle = await getBattle(db, battleId);
  if (!battle.tasks.some((t) => t.id === taskId)) throw notFound('task', taskId, 'taskId');
  if (o.winner !== null && !battle.contestants.some((c) => c.id === o.winner)) {
    throw new ApiException(400, 'invalid_body', `'${o.winner}' is not a contestant of this battle`, [
      { path: 'winner', message: `expected one of ${battle.contestants.map((c) => c.id).join(', ')}` },
    ]);
  }
  const row = { battleId, taskId, winner: o.winner, tie: o.tie, note: o.note, setBy: by, updatedAt: now };
  const [stored] = await db
    .insert(winnerOverrides)
    .values(row)
    .onConflictDoUpdate({
      target: [winnerOverrides.battleId, winnerOverrides.taskId],
      set: { winner: row.winner, tie: row.tie, note: row.note, setBy: by, updatedAt: now },
    })
    .returning();
  return fromOverrideRow(stored!);
}

export async function listWinnerOverrides(db: Db, battleId: string): Promise<WinnerOverride[]> {
  const rows = await db
    .select()
    .from(winnerOverrides)
    .where(eq(winnerOverrides.battleId, battleId))
    .orderBy(asc(winnerOverrides.taskId));
  return rows.map(fromOverrideRow);
}

/** Stores a cross-examination with its battle; the body's battle id must be the URL's. */
export async function addCrossExamination(
  db: Db,
  battleId: string,
  x: CrossExamination,
  by: string,
  now = Date.now(),
): Promise<StoredCrossExamination> {
  if (x.battleId !== battleId) {
    throw new ApiException(400, 'invalid_body', 'the body battleId differs from the URL', [
      { path: 'battleId', message: `expected '${battleId}'` },
    ]);
  }
  await getBattle(db, battleId);
  const id = `x-${now.toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
  await db
    .insert(crossExaminations)
    .values({ id, battleId, body: JSON.stringify(x), createdBy: by, createdAt: now });
  return { id, ...x };
}

export async function listCrossExaminations(db: Db, battleId: string): Promise<StoredCrossExamination[]> {
  const rows = await db
    .select()
    .from(crossExaminations)
    .where(and(eq(crossExaminations.battleId, battleId)))
    .orderBy(asc(crossExaminations.createdAt), asc(crossExaminations.id));
  // Checked against the schema too: one stored before the prompt was bounded is left out, so a
  // battle read still parses with the shared schema.
  return readableRows(
    rows,
    (r) => ({ id: r.id, ...CrossExaminationSchema.parse(parseStored(r.body, 'cross_examinations', r.id)) }),
    'cross_examinations',
  );
}

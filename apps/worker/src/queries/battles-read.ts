import type { ListBattlesQuery } from '@ringside/shared';
import { and, asc, desc, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { battles, contestants, results } from '../db/schema.ts';
import { ms } from '../lib/cache.ts';
import { afterCursor, toPage } from '../lib/pagination.ts';
import { readableRows } from '../lib/stored-json.ts';
import { getBattle } from './battles.ts';
import { loadEvaluations } from './evaluations-read.ts';
import { listCrossExaminations, listWinnerOverrides } from './judgements.ts';
import { fromBattleRow, fromResultRow } from './rows.ts';

export function battleFilters(q: Omit<ListBattlesQuery, 'limit' | 'cursor'>): SQL[] {
  const where: (SQL | undefined)[] = [
    q.type ? eq(battles.type, q.type) : undefined,
    q.state ? eq(battles.state, q.state) : undefined,
    q.origin ? eq(battles.origin, q.origin) : undefined,
    q.suite ? eq(battles.suiteName, q.suite) : undefined,
    q.from ? gte(battles.createdAt, ms(q.from)!) : undefined,
    q.to ? lt(battles.createdAt, ms(q.to)!) : undefined,
    // LIKE with the user's text escaped, so % and _ match themselves.
    q.q
      ? sql`${battles.title} LIKE ${`%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`} ESCAPE '\\'`
      : undefined,
    q.model
      ? sql`EXISTS (SELECT 1 FROM ${contestants} WHERE ${contestants.battleId} = ${battles.id} AND ${contestants.model} = ${q.model})`
      : undefined,
  ];
  return where.filter((w): w is SQL => w !== undefined);
}

/** Battles, newest first, filtered, one cursor page at a time; each with its contestants. */
export async function listBattles(db: Db, q: ListBattlesQuery) {
  const rows = await db
    .select()
    .from(battles)
    .where(and(...battleFilters(q), afterCursor(battles.createdAt, battles.id, q.cursor)))
    .orderBy(desc(battles.createdAt), desc(battles.id))
    .limit(q.limit + 1);
  const ids = rows.map((r) => r.id);
  const cs = ids.length ? await db.select().from(contestants).where(inArray(contestants.battleId, ids)) : [];
  return toPage(rows, q.limit, (r) =>
    fromBattleRow(
      r,
      cs.filter((c) => c.battleId === r.id),
    ),
  );
}

/**
 * One battle with its contestants and every result (with evaluations), the owner's winner
 * overrides per task (beside, never instead of, the automatic winner) and its cross-examinations.
 */
export async function getBattleWithResults(db: Db, id: string) {
  const { identityHash: _, ...battle } = await getBattle(db, id);
  const rows = await db
    .select()
    .from(results)
    .where(eq(results.battleId, id))
    .orderBy(asc(results.taskId), asc(results.contestantId), asc(results.repeat));
  const evals = await loadEvaluations(
    db,
    rows.map((r) => r.id),
  );
  const [overrides, crossExaminations] = await Promise.all([
    listWinnerOverrides(db, id),
    listCrossExaminations(db, id),
  ]);
  return {
    ...battle,
    results: readableRows(rows, (r) => fromResultRow(r, evals.get(r.id) ?? [])),
    overrides,
    crossExaminations,
  };
}

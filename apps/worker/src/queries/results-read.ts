import type { ListResultsQuery } from '@ringside/shared';
import { and, desc, eq, getTableName, gte, lt, type SQL, sql } from 'drizzle-orm';
import { hiddenSql, type Viewer } from '../arena/seal.ts';
import type { Db } from '../db/client.ts';
import { battles, results } from '../db/schema.ts';
import { ms } from '../lib/cache.ts';
import { afterCursor, toPage } from '../lib/pagination.ts';
import { loadEvaluations } from './evaluations-read.ts';
import { fromResultRow } from './rows.ts';
import { viewResults } from './views.ts';

/** `results.battle_id` qualified, for the blind-battle rule's subquery. */
export const resultBattleColumn = `"${getTableName(results)}"."${results.battleId.name}"`;

/**
 * Filters of the result list, runs and export. A model or provider filter would name the model of
 * a blind battle's answer (arena/seal.ts): for `viewer` they never match one hidden from it.
 * Without a viewer (CI runs: CI batches are never blind) nothing is excluded.
 */
export function resultFilters(q: Omit<ListResultsQuery, 'limit' | 'cursor'>, viewer?: Viewer): SQL[] {
  const where: (SQL | undefined)[] = [
    q.battleId ? eq(results.battleId, q.battleId) : undefined,
    q.model ? eq(results.model, q.model) : undefined,
    q.provider ? eq(results.provider, q.provider) : undefined,
    (q.model || q.provider) && viewer ? sql.raw(`NOT ${hiddenSql(viewer, resultBattleColumn)}`) : undefined,
    q.status ? eq(results.status, q.status) : undefined,
    q.from ? gte(results.createdAt, ms(q.from)!) : undefined,
    q.to ? lt(results.createdAt, ms(q.to)!) : undefined,
  ];
  return where.filter((w): w is SQL => w !== undefined);
}

/** Results, newest first, filtered, cursor-paginated, with their evaluations, as `viewer` may see them. */
export async function listResults(db: Db, q: ListResultsQuery, viewer: Viewer) {
  // A correlated EXISTS lets SQLite walk the (created_at, id) index and stop at the limit.
  const originFilter = q.origin
    ? sql`EXISTS (SELECT 1 FROM ${battles} WHERE ${battles.id} = ${results.battleId} AND ${battles.origin} = ${q.origin})`
    : undefined;
  const rows = await db
    .select()
    .from(results)
    .where(
      and(
        ...resultFilters({ ...q, origin: undefined }, viewer),
        originFilter,
        afterCursor(results.createdAt, results.id, q.cursor),
      ),
    )
    .orderBy(desc(results.createdAt), desc(results.id))
    .limit(q.limit + 1);
  const evals = await loadEvaluations(
    db,
    rows.slice(0, q.limit).map((r) => r.id),
  );
  const page = toPage(rows, q.limit, (r) => fromResultRow(r, evals.get(r.id) ?? []));
  return { ...page, items: await viewResults(db, page.items, viewer) };
}

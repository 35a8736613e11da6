import type { ListResultsQuery } from '@ringside/shared';
import { and, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { battles, results } from '../db/schema.ts';
import { ms } from '../lib/cache.ts';
import { afterCursor, toPage } from '../lib/pagination.ts';
import { loadEvaluations } from './evaluations-read.ts';
import { fromResultRow } from './rows.ts';

export function resultFilters(q: Omit<ListResultsQuery, 'limit' | 'cursor'>): SQL[] {
  const where: (SQL | undefined)[] = [
    q.battleId ? eq(results.battleId, q.battleId) : undefined,
    q.model ? eq(results.model, q.model) : undefined,
    q.provider ? eq(results.provider, q.provider) : undefined,
    q.status ? eq(results.status, q.status) : undefined,
    q.from ? gte(results.createdAt, ms(q.from)!) : undefined,
    q.to ? lt(results.createdAt, ms(q.to)!) : undefined,
  ];
  return where.filter((w): w is SQL => w !== undefined);
}

/** Results, newest first, filtered, cursor-paginated, with their evaluations. */
export async function listResults(db: Db, q: ListResultsQuery) {
  // A correlated EXISTS lets SQLite walk the (created_at, id) index and stop at the limit.
  const originFilter = q.origin
    ? sql`EXISTS (SELECT 1 FROM ${battles} WHERE ${battles.id} = ${results.battleId} AND ${battles.origin} = ${q.origin})`
    : undefined;
  const rows = await db
    .select()
    .from(results)
    .where(
      and(
        ...resultFilters({ ...q, origin: undefined }),
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
  return toPage(rows, q.limit, (r) => fromResultRow(r, evals.get(r.id) ?? []));
}

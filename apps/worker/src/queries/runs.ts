import type { ListRunsQuery, ResultView } from '@ringside/shared';
import { and, desc, eq, exists, sql } from 'drizzle-orm';
import type { Viewer } from '../arena/seal.ts';
import type { Db } from '../db/client.ts';
import { battles, results } from '../db/schema.ts';
import { notFound } from '../lib/errors.ts';
import { decodeCursor, keysetAfter, toPage } from '../lib/pagination.ts';
import { loadEvaluations } from './evaluations-read.ts';
import { resultFilters } from './results-read.ts';
import { fromResultRow } from './rows.ts';
import { viewResults } from './views.ts';

/** CI runs (PRODUCT F22): the results of battles of origin `ci`. */

/**
 * The result belongs to a CI battle (of one suite when given). A correlated EXISTS rather than
 * `battle_id IN (…)`: with IN, SQLite gathers every CI result through the battle index and sorts
 * them all for each page; with EXISTS it walks the (created_at, id) index and stops at the limit.
 */
const ofCiBattle = (db: Db, suite?: string) =>
  exists(
    db
      .select({ one: sql`1` })
      .from(battles)
      .where(
        and(
          eq(battles.id, results.battleId),
          eq(battles.origin, 'ci'),
          suite ? eq(battles.suiteName, suite) : undefined,
        ),
      ),
  );

/** CI runs, newest first, filtered, cursor-paginated, with their evaluations, as `viewer` may see them. */
export async function listRuns(db: Db, q: ListRunsQuery, viewer: Viewer) {
  const rows = await db
    .select()
    .from(results)
    .where(
      and(
        ...resultFilters({ battleId: q.batch, model: q.model, status: q.status, from: q.from, to: q.to }),
        ofCiBattle(db, q.suite),
        keysetAfter(results.createdAt, results.id, decodeCursor(q.cursor)),
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

/** One CI run with its evaluations and telemetry; 404 when no result of a CI battle has this id. */
export async function getRun(db: Db, id: string, viewer: Viewer): Promise<ResultView> {
  const row = await db
    .select()
    .from(results)
    .where(and(eq(results.id, id), ofCiBattle(db)))
    .get();
  if (!row) throw notFound('run', id);
  const evals = await loadEvaluations(db, [id]);
  const [view] = await viewResults(db, [fromResultRow(row, evals.get(id) ?? [])], viewer);
  return view as ResultView;
}

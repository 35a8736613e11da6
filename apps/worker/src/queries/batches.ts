import type { Aggregate, BatchSummary, ListBatchesQuery } from '@ringside/shared';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { battles, results } from '../db/schema.ts';
import { iso } from '../lib/cache.ts';
import { chunk, D1_MAX_PARAMS } from '../lib/chunks.ts';
import { notFound } from '../lib/errors.ts';
import { decodeCursor, keysetAfter, toPage } from '../lib/pagination.ts';
import { aggregateColumns, emptyAggregate, toAggregate } from './aggregates.ts';
import { battleFilters } from './battles-read.ts';
import { ciFromRow } from './rows.ts';

/** CI batches (PRODUCT F22): battles of origin `ci`, each summarised with its results' aggregates. */

/** The battle columns a summary needs (not the tasks JSON). */
export const batchColumns = {
  id: battles.id,
  title: battles.title,
  state: battles.state,
  suiteName: battles.suiteName,
  suiteVersion: battles.suiteVersion,
  ciCommit: battles.ciCommit,
  ciBranch: battles.ciBranch,
  ciUrl: battles.ciUrl,
  ciJob: battles.ciJob,
  createdAt: battles.createdAt,
};
export type BatchRow = Pick<typeof battles.$inferSelect, keyof typeof batchColumns>;

export function toBatchSummary(r: BatchRow, totals: Aggregate): BatchSummary {
  return {
    id: r.id,
    title: r.title,
    // A CI battle always names its suite (BattleInputSchema); the fallbacks only keep the type honest.
    suite: { name: r.suiteName ?? '', version: r.suiteVersion ?? '1' },
    ci: ciFromRow(r),
    state: r.state,
    createdAt: iso(r.createdAt)!,
    totals,
  };
}

/** Aggregates of each battle's results, by battle id; battles without results get the empty aggregate. */
export async function batchTotals(db: Db, ids: readonly string[]): Promise<Map<string, Aggregate>> {
  const out = new Map<string, Aggregate>(ids.map((id) => [id, emptyAggregate()]));
  for (const part of chunk(ids, D1_MAX_PARAMS - 1)) {
    const rows = await db
      .select({ battleId: results.battleId, ...aggregateColumns })
      .from(results)
      .where(inArray(results.battleId, part))
      .groupBy(results.battleId);
    for (const { battleId, ...agg } of rows) out.set(battleId, toAggregate(agg));
  }
  return out;
}

/** CI batches, newest first, filtered by suite, branch and time, one cursor page at a time. */
export async function listBatches(db: Db, q: ListBatchesQuery) {
  const rows = await db
    .select(batchColumns)
    .from(battles)
    .where(
      and(
        ...battleFilters({ origin: 'ci', suite: q.suite, from: q.from, to: q.to }),
        q.branch ? eq(battles.ciBranch, q.branch) : undefined,
        keysetAfter(battles.createdAt, battles.id, decodeCursor(q.cursor)),
      ),
    )
    .orderBy(desc(battles.createdAt), desc(battles.id))
    .limit(q.limit + 1);
  const totals = await batchTotals(
    db,
    rows.slice(0, q.limit).map((r) => r.id),
  );
  return toPage(rows, q.limit, (r) => toBatchSummary(r, totals.get(r.id) ?? emptyAggregate()));
}

/** The battle row of a CI batch; 404 when there is no CI battle with this id. */
export async function getBatchRow(db: Db, id: string): Promise<BatchRow> {
  const row = await db
    .select(batchColumns)
    .from(battles)
    .where(and(eq(battles.id, id), eq(battles.origin, 'ci')))
    .get();
  if (!row) throw notFound('batch', id);
  return row;
}

export async function getBatch(db: Db, id: string): Promise<BatchSummary> {
  const row = await getBatchRow(db, id);
  const totals = await batchTotals(db, [id]);
  return toBatchSummary(row, totals.get(id) ?? emptyAggregate());
}

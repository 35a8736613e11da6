import type { Aggregate, BatchComparison, ComparisonRow } from '@ringside/shared';
import { delta, verdictOf } from '@ringside/shared';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { battles, evaluations, results } from '../db/schema.ts';
import { keysetAfter } from '../lib/pagination.ts';
import { aggregateColumns, emptyAggregate, toAggregate } from './aggregates.ts';
import { type BatchRow, batchColumns, batchTotals, getBatchRow, toBatchSummary } from './batches.ts';

/** A CI batch against the previous batch of the same suite, overall, per model and per task. */

/** One comparison row; `undefined` on a side means the key has no results in that batch. */
export function compareRow(key: string, current?: Aggregate, previous?: Aggregate): ComparisonRow {
  const score = delta(current?.meanScore ?? null, previous?.meanScore ?? null);
  const e2eMs = delta(current?.meanE2eMs ?? null, previous?.meanE2eMs ?? null);
  return {
    key,
    score,
    passRate: delta(current?.passRate ?? null, previous?.passRate ?? null),
    e2eMs,
    decodeTps: delta(current?.meanDecodeTps ?? null, previous?.meanDecodeTps ?? null),
    verdict: verdictOf(score, e2eMs, { current: current !== undefined, previous: previous !== undefined }),
  };
}

/** Rows for every key present in either batch, ordered by key. */
export function compareGroups(
  current: Map<string, Aggregate>,
  previous: Map<string, Aggregate> | null,
): ComparisonRow[] {
  const keys = [...new Set([...current.keys(), ...(previous?.keys() ?? [])])].sort();
  return keys.map((k) => compareRow(k, current.get(k), previous ? previous.get(k) : undefined));
}

/** The latest CI batch of the same suite created before this one (same ordering as the list). */
export async function previousBatch(db: Db, batch: BatchRow): Promise<BatchRow | null> {
  if (!batch.suiteName) return null;
  const row = await db
    .select(batchColumns)
    .from(battles)
    .where(
      and(
        eq(battles.origin, 'ci'),
        eq(battles.suiteName, batch.suiteName),
        keysetAfter(battles.createdAt, battles.id, batch),
      ),
    )
    .orderBy(desc(battles.createdAt), desc(battles.id))
    .limit(1)
    .get();
  return row ?? null;
}

type Grouped = Map<string, Map<string, Aggregate>>;

/** Aggregates of the given batches per model (`provider:model`) and per task, by batch id. */
async function groupedAggregates(db: Db, ids: string[]): Promise<{ byModel: Grouped; byTask: Grouped }> {
  const [models, tasks] = await db.batch([
    db
      .select({
        battleId: results.battleId,
        provider: results.provider,
        model: results.model,
        ...aggregateColumns,
      })
      .from(results)
      .where(inArray(results.battleId, ids))
      .groupBy(results.battleId, results.provider, results.model),
    db
      .select({ battleId: results.battleId, taskId: results.taskId, ...aggregateColumns })
      .from(results)
      .where(inArray(results.battleId, ids))
      .groupBy(results.battleId, results.taskId),
  ]);
  const byModel: Grouped = new Map(ids.map((id) => [id, new Map()]));
  const byTask: Grouped = new Map(ids.map((id) => [id, new Map()]));
  for (const { battleId, provider, model, ...agg } of models)
    byModel.get(battleId)?.set(`${provider}:${model}`, toAggregate(agg));
  for (const { battleId, taskId, ...agg } of tasks) byTask.get(battleId)?.set(taskId, toAggregate(agg));
  return { byModel, byTask };
}

/** Evaluations of the given batches per evaluator: mean score and pass rate, by batch id. */
export async function evaluatorAggregates(db: Db, ids: string[]): Promise<Grouped> {
  const rows = await db
    .select({
      battleId: results.battleId,
      evaluator: evaluations.evaluator,
      results: sql<number>`COUNT(*)`,
      passed: sql<number>`COALESCE(SUM(${evaluations.passed} = 1), 0)`,
      judged: sql<number>`COUNT(${evaluations.passed})`,
      scored: sql<number>`COUNT(${evaluations.score})`,
      meanScore: sql<number | null>`AVG(${evaluations.score})`,
    })
    .from(evaluations)
    .innerJoin(results, eq(results.id, evaluations.resultId))
    .where(inArray(results.battleId, ids))
    .groupBy(results.battleId, evaluations.evaluator);
  const out: Grouped = new Map(ids.map((id) => [id, new Map()]));
  for (const { battleId, evaluator, judged, ...r } of rows) {
    out.get(battleId)?.set(evaluator, {
      ...emptyAggregate(),
      ...r,
      passRate: judged > 0 ? r.passed / judged : null,
    });
  }
  return out;
}

export async function compareBatch(db: Db, id: string): Promise<BatchComparison> {
  const current = await getBatchRow(db, id);
  const previous = await previousBatch(db, current);
  const ids = previous ? [current.id, previous.id] : [current.id];
  const [totals, groups, byEvaluator] = await Promise.all([
    batchTotals(db, ids),
    groupedAggregates(db, ids),
    evaluatorAggregates(db, ids),
  ]);
  const totalsOf = (b: BatchRow) => totals.get(b.id) ?? emptyAggregate();
  const side = (g: Grouped, b: BatchRow | null) => (b ? (g.get(b.id) ?? new Map()) : null);
  return {
    batch: toBatchSummary(current, totalsOf(current)),
    previous: previous ? toBatchSummary(previous, totalsOf(previous)) : null,
    overall: compareRow('overall', totalsOf(current), previous ? totalsOf(previous) : undefined),
    byModel: compareGroups(side(groups.byModel, current)!, side(groups.byModel, previous)),
    byTask: compareGroups(side(groups.byTask, current)!, side(groups.byTask, previous)),
    byEvaluator: compareGroups(side(byEvaluator, current)!, side(byEvaluator, previous)),
  };
}

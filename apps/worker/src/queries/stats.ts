import type { ModelStats, Stats, StatsQuery } from '@ringside/shared';
import { and, asc, eq, getTableName, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { hiddenSql, type Viewer } from '../arena/seal.ts';
import type { Db } from '../db/client.ts';
import { battles, results } from '../db/schema.ts';
import { ms } from '../lib/cache.ts';
import { type Metric, modelKey, quantilesOf, rankRows } from './stats-percentiles.ts';

/**
 * The results the stats are about: of battles of an origin / suite, in a time range, of a model;
 * never those of battles hidden from `viewer` (blind, arena/seal.ts): per-model figures over a
 * narrow time range would name the model of one answer.
 */
export function statsSelection(db: Db, q: StatsQuery, viewer: Viewer): SQL | undefined {
  const battleWhere = and(
    q.origin ? eq(battles.origin, q.origin) : undefined,
    q.suite ? eq(battles.suiteName, q.suite) : undefined,
  );
  return and(
    battleWhere
      ? inArray(results.battleId, db.select({ id: battles.id }).from(battles).where(battleWhere))
      : undefined,
    q.model ? eq(results.model, q.model) : undefined,
    q.from ? gte(results.createdAt, ms(q.from)!) : undefined,
    q.to ? lt(results.createdAt, ms(q.to)!) : undefined,
    sql.raw(`NOT ${hiddenSql(viewer, `"${getTableName(results)}"."${results.battleId.name}"`)}`),
  );
}

/**
 * Wins per model: a result wins its battle × task × repeat group when at least two results of the
 * group are scored and its score is strictly the highest. Every result of a battle competes, but
 * only selected results count their wins, so a model filter does not remove the opponents.
 */
export async function winsByModel(db: Db, selection: SQL | undefined) {
  const rows = await db.all<{ provider: string; model: string; wins: number }>(sql`
    SELECT provider, model, COUNT(*) AS wins FROM (
      SELECT ${results.provider} AS provider, ${results.model} AS model, ${results.score} AS score,
        CASE WHEN ${selection ?? sql`1`} THEN 1 ELSE 0 END AS sel,
        COUNT(${results.score}) OVER grp AS scored,
        MAX(${results.score}) OVER grp AS top,
        COUNT(*) OVER (PARTITION BY ${results.battleId}, ${results.taskId}, ${results.repeat}, ${results.score}) AS same
      FROM ${results}
      ${selection ? sql`WHERE ${results.battleId} IN (SELECT ${results.battleId} FROM ${results} WHERE ${selection})` : sql``}
      WINDOW grp AS (PARTITION BY ${results.battleId}, ${results.taskId}, ${results.repeat})
    )
    WHERE sel = 1 AND scored >= 2 AND score = top AND same = 1
    GROUP BY provider, model`);
  return new Map(rows.map((r) => [modelKey(r.provider, r.model), r.wins]));
}

/** Totals and per-model counts, wins, means and percentiles of TTFT, E2E time and decode tok/s. */
export async function getStats(db: Db, q: StatsQuery, viewer: Viewer): Promise<Stats> {
  const where = statsSelection(db, q, viewer);
  const [perModel, battleCount, wins, ranks] = await Promise.all([
    db
      .select({
        provider: results.provider,
        model: results.model,
        results: sql<number>`COUNT(*)`,
        errors: sql<number>`COALESCE(SUM(${results.status} = 'error'), 0)`,
        ttftMs: sql<number | null>`AVG(${results.ttftMs})`,
        e2eMs: sql<number | null>`AVG(${results.e2eMs})`,
        decodeTps: sql<number | null>`AVG(${results.decodeTps})`,
      })
      .from(results)
      .where(where)
      .groupBy(results.provider, results.model)
      .orderBy(asc(results.provider), asc(results.model)),
    db
      .select({ n: sql<number>`COUNT(DISTINCT ${results.battleId})` })
      .from(results)
      .where(where)
      .get(),
    winsByModel(db, where),
    rankRows(db, where),
  ]);
  const models = perModel.map((m): ModelStats => {
    const key = modelKey(m.provider, m.model);
    const quantiles = (metric: Metric) => quantilesOf(ranks.get(metric)?.get(key), m[metric]);
    return {
      provider: m.provider,
      model: m.model,
      results: m.results,
      errors: m.errors,
      wins: wins.get(key) ?? 0,
      ttftMs: quantiles('ttftMs'),
      e2eMs: quantiles('e2eMs'),
      decodeTps: quantiles('decodeTps'),
    };
  });
  return {
    totals: {
      battles: battleCount?.n ?? 0,
      results: models.reduce((s, m) => s + m.results, 0),
      models: models.length,
      errors: models.reduce((s, m) => s + m.errors, 0),
    },
    models,
  };
}

import type { ModelSummary } from '@ringside/shared';
import { getTableName, sql } from 'drizzle-orm';
import { hiddenSql, type Viewer } from '../arena/seal.ts';
import type { Db } from '../db/client.ts';
import { contestants, results } from '../db/schema.ts';
import { iso } from '../lib/cache.ts';
import { modelKey } from './stats-percentiles.ts';

/**
 * Every provider + model that appears as a contestant, with the battles it was in, its results and
 * when its latest result arrived (null while it has none). Battles hidden from `viewer` (blind,
 * arena/seal.ts) do not count: a model's count or last-seen time would say it was in one.
 */
export async function listModels(db: Db, viewer: Viewer): Promise<ModelSummary[]> {
  const contestantBattle = `"${getTableName(contestants)}"."${contestants.battleId.name}"`;
  const resultBattle = `"${getTableName(results)}"."${results.battleId.name}"`;
  const [entered, produced] = await db.batch([
    db
      .select({
        provider: contestants.provider,
        model: contestants.model,
        battles: sql<number>`COUNT(DISTINCT ${contestants.battleId})`,
      })
      .from(contestants)
      .where(sql.raw(`NOT ${hiddenSql(viewer, contestantBattle)}`))
      .groupBy(contestants.provider, contestants.model),
    db
      .select({
        provider: results.provider,
        model: results.model,
        results: sql<number>`COUNT(*)`,
        lastSeenAt: sql<number>`MAX(${results.createdAt})`,
      })
      .from(results)
      .where(sql.raw(`NOT ${hiddenSql(viewer, resultBattle)}`))
      .groupBy(results.provider, results.model),
  ]);
  const byKey = new Map<string, ModelSummary>();
  for (const c of entered) {
    byKey.set(modelKey(c.provider, c.model), { ...c, results: 0, lastSeenAt: null });
  }
  for (const r of produced) {
    const key = modelKey(r.provider, r.model);
    // Results always name a contestant's provider and model; the fallback guards a hand-edited database.
    const m = byKey.get(key) ?? {
      provider: r.provider,
      model: r.model,
      battles: 0,
      results: 0,
      lastSeenAt: null,
    };
    byKey.set(key, { ...m, results: r.results, lastSeenAt: iso(r.lastSeenAt) });
  }
  // Code-unit order, the same as SQLite's default collation.
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, m]) => m);
}

import type { Quantiles } from '@ringside/shared';
import { percentileSorted } from '@ringside/shared';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { results } from '../db/schema.ts';

/**
 * Per-model percentiles without loading every value: for each model and metric, SQLite ranks the
 * values with window functions and returns only the two neighbouring ranks each percentile needs
 * (numpy's linear method: h = (n − 1)·p, x[⌊h⌋] and x[⌊h⌋ + 1]); the interpolation itself is the
 * shared `percentileSorted`, run over that sparse sorted sample.
 */

export const METRICS = { ttftMs: results.ttftMs, e2eMs: results.e2eMs, decodeTps: results.decodeTps };
export type Metric = keyof typeof METRICS;
export const PERCENTILES = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 } as const;

/** A sorted sample of length `length` of which only the ranks that percentiles read are present. */
export type SparseSorted = { length: number; [rank: number]: number };

/** `provider \0 model`, the key of a model in the maps below. */
export const modelKey = (provider: string, model: string) => `${provider}\u0000${model}`;

function metricRanks(metric: Metric, where: SQL | undefined) {
  const col = METRICS[metric];
  return sql`SELECT ${metric} AS metric, ${results.provider} AS provider, ${results.model} AS model, ${col} AS v,
      (ROW_NUMBER() OVER (PARTITION BY ${results.provider}, ${results.model} ORDER BY ${col})) - 1 AS rn,
      COUNT(*) OVER (PARTITION BY ${results.provider}, ${results.model}) AS n
    FROM ${results} WHERE ${col} IS NOT NULL${where ? sql` AND ${where}` : sql``}`;
}

/** The ranks each percentile reads, as SQL over the sample size `n` (CAST truncates: ⌊h⌋ for h ≥ 0). */
const neededRanks = sql.join(
  Object.values(PERCENTILES).flatMap((p) => {
    const lo = sql`CAST((n - 1) * ${sql.raw(String(p))} AS INTEGER)`;
    return [lo, sql`${lo} + 1`];
  }),
  sql`, `,
);

/** Sparse sorted samples by metric, then by model key. */
export async function rankRows(db: Db, where: SQL | undefined) {
  const rows = await db.all<{
    metric: Metric;
    provider: string;
    model: string;
    v: number;
    rn: number;
    n: number;
  }>(
    sql`SELECT metric, provider, model, v, rn, n FROM (${sql.join(
      (Object.keys(METRICS) as Metric[]).map((m) => metricRanks(m, where)),
      sql` UNION ALL `,
    )}) WHERE rn IN (${neededRanks})`,
  );
  const out = new Map<Metric, Map<string, SparseSorted>>();
  for (const r of rows) {
    const byModel = out.get(r.metric) ?? new Map<string, SparseSorted>();
    out.set(r.metric, byModel);
    const key = modelKey(r.provider, r.model);
    const sample = byModel.get(key) ?? { length: r.n };
    byModel.set(key, sample);
    sample[r.rn] = r.v;
  }
  return out;
}

/** Mean (computed by SQL) and the percentiles of one sparse sample; all null without values. */
export function quantilesOf(sample: SparseSorted | undefined, mean: number | null): Quantiles {
  const at = (p: number) => (sample && sample.length > 0 ? percentileSorted(sample, p) : null);
  return {
    mean,
    p50: at(PERCENTILES.p50),
    p90: at(PERCENTILES.p90),
    p95: at(PERCENTILES.p95),
    p99: at(PERCENTILES.p99),
  };
}

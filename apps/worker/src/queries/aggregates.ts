import type { Aggregate } from '@ringside/shared';
import { sql } from 'drizzle-orm';
import { results } from '../db/schema.ts';

/**
 * The SQL of an `Aggregate` over a group of result rows: counts, sums and means are computed by
 * D1; only the pass-rate division is left to `toAggregate`.
 */
export const aggregateColumns = {
  results: sql<number>`COUNT(*)`,
  errors: sql<number>`COALESCE(SUM(${results.status} = 'error'), 0)`,
  passed: sql<number>`COALESCE(SUM(${results.passed} = 1), 0)`,
  /** results whose `passed` is known: the pass rate's denominator */
  judged: sql<number>`COUNT(${results.passed})`,
  scored: sql<number>`COUNT(${results.score})`,
  meanScore: sql<number | null>`AVG(${results.score})`,
  meanE2eMs: sql<number | null>`AVG(${results.e2eMs})`,
  meanTtftMs: sql<number | null>`AVG(${results.ttftMs})`,
  meanDecodeTps: sql<number | null>`AVG(${results.decodeTps})`,
};

export type AggregateRow = {
  [K in keyof typeof aggregateColumns]: (typeof aggregateColumns)[K]['_']['type'];
};

export function toAggregate(row: AggregateRow): Aggregate {
  return {
    results: row.results,
    errors: row.errors,
    passed: row.passed,
    scored: row.scored,
    meanScore: row.meanScore,
    passRate: row.judged > 0 ? row.passed / row.judged : null,
    meanE2eMs: row.meanE2eMs,
    meanTtftMs: row.meanTtftMs,
    meanDecodeTps: row.meanDecodeTps,
  };
}

/** The aggregate of no results at all (a batch whose results have not arrived yet). */
export const emptyAggregate = (): Aggregate => ({
  results: 0,
  errors: 0,
  passed: 0,
  scored: 0,
  meanScore: null,
  passRate: null,
  meanE2eMs: null,
  meanTtftMs: null,
  meanDecodeTps: null,
});

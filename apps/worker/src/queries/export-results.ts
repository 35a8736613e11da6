import type { ExportResultsQuery } from '@ringside/shared';
import { and, desc, eq, exists, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { battles, results } from '../db/schema.ts';
import { iso } from '../lib/cache.ts';
import { D1_MAX_PARAMS } from '../lib/chunks.ts';
import { csvLine } from '../lib/csv.ts';
import type { PageFetcher } from '../lib/paged-stream.ts';
import { keysetAfter, nextAfter } from '../lib/pagination.ts';
import { logUnreadable, readableRows, sqlJson } from '../lib/stored-json.ts';
import { loadEvaluations } from './evaluations-read.ts';
import { resultFilters } from './results-read.ts';
import { fromResultRow } from './rows.ts';

/** Page fetchers of `GET /api/export/results.{csv,json}`, filtered like `GET /api/results`. */

/** CSV rows are flat columns only, so a page can be large. */
export const RESULTS_CSV_PAGE = 500;
/** JSON items carry output text and chunk timings; one evaluations query (≤ 99 ids) per page. */
export const RESULTS_JSON_PAGE = D1_MAX_PARAMS - 1;

export const RESULTS_CSV_HEADER = [
  'id',
  'battleId',
  'contestantId',
  'taskId',
  'repeat',
  'status',
  'provider',
  'model',
  'category',
  'ttftMs',
  'e2eMs',
  'decodeTpsClient',
  'decodeTpsServer',
  'outputTokens',
  'score',
  'passed',
  'createdAt',
  'errorKind',
] as const;

function selection(db: Db, q: ExportResultsQuery): SQL[] {
  const where = resultFilters({ ...q, origin: undefined });
  if (q.origin) {
    // EXISTS, not IN: SQLite then walks the (created_at, id) index in order instead of sorting.
    where.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(battles)
          .where(and(eq(battles.id, results.battleId), eq(battles.origin, q.origin))),
      ),
    );
  }
  return where;
}

/** Flat columns; the few that live in the JSON `data` are extracted by SQL, so output text is never read. */
const csvColumns = {
  id: results.id,
  battleId: results.battleId,
  contestantId: results.contestantId,
  taskId: results.taskId,
  repeat: results.repeat,
  status: results.status,
  provider: results.provider,
  model: results.model,
  category: results.category,
  ttftMs: results.ttftMs,
  e2eMs: results.e2eMs,
  decodeTpsClient: sql<number | null>`json_extract(${sqlJson(results.data)}, '$.metrics.decodeTpsClient')`,
  decodeTpsServer: sql<number | null>`json_extract(${sqlJson(results.data)}, '$.metrics.decodeTpsServer')`,
  outputTokens: sql<number | null>`json_extract(${sqlJson(results.data)}, '$.metrics.outputTokens')`,
  score: results.score,
  passed: results.passed,
  createdAt: results.createdAt,
  errorKind: sql<string | null>`json_extract(${sqlJson(results.data)}, '$.error.kind')`,
  /** 0 when SQLite cannot read `data`: the row is left out (and logged) */
  readable: sql<number>`json_valid(${results.data})`,
};

export function resultsCsvPages(db: Db, q: ExportResultsQuery): PageFetcher {
  const where = selection(db, q);
  return async (after) => {
    const rows = await db
      .select(csvColumns)
      .from(results)
      .where(and(...where, keysetAfter(results.createdAt, results.id, after)))
      .orderBy(desc(results.createdAt), desc(results.id))
      .limit(RESULTS_CSV_PAGE);
    const items: string[] = [];
    for (const r of rows) {
      if (r.readable)
        items.push(csvLine(RESULTS_CSV_HEADER.map((k) => (k === 'createdAt' ? iso(r.createdAt) : r[k]))));
      else logUnreadable('results', r.id, 'data is not JSON that SQLite reads');
    }
    return {
      items,
      next: nextAfter(rows, RESULTS_CSV_PAGE),
    };
  };
}

export function resultsJsonPages(db: Db, q: ExportResultsQuery): PageFetcher {
  const where = selection(db, q);
  return async (after) => {
    const rows = await db
      .select()
      .from(results)
      .where(and(...where, keysetAfter(results.createdAt, results.id, after)))
      .orderBy(desc(results.createdAt), desc(results.id))
      .limit(RESULTS_JSON_PAGE);
    const evals = await loadEvaluations(
      db,
      rows.map((r) => r.id),
    );
    return {
      items: readableRows(rows, (r) => JSON.stringify(fromResultRow(r, evals.get(r.id) ?? []))),
      next: nextAfter(rows, RESULTS_JSON_PAGE),
    };
  };
}

import type { ExportResultsQuery } from '@ringside/shared';
import { and, desc, eq, exists, getTableName, type SQL, sql } from 'drizzle-orm';
import { step125 } from '../arena/coarse.ts';
import { hiddenSql, type Viewer } from '../arena/seal.ts';
import { letterOf } from '../arena/seal-view.ts';
import type { Db } from '../db/client.ts';
import { battles, results } from '../db/schema.ts';
import { iso } from '../lib/cache.ts';
import { D1_MAX_PARAMS } from '../lib/chunks.ts';
import { type CsvValue, csvLine } from '../lib/csv.ts';
import type { PageFetcher } from '../lib/paged-stream.ts';
import { keysetAfter, nextAfter } from '../lib/pagination.ts';
import { logUnreadable, readableRows, sqlJson } from '../lib/stored-json.ts';
import { loadEvaluations } from './evaluations-read.ts';
import { resultBattleColumn, resultFilters } from './results-read.ts';
import { fromResultRow } from './rows.ts';
import { viewResults } from './views.ts';

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

function selection(db: Db, q: ExportResultsQuery, viewer: Viewer): SQL[] {
  const where = resultFilters({ ...q, origin: undefined }, viewer);
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
const csvColumns = (viewer: Viewer) => ({
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
  /** 1 when the result's battle is blind and hidden from this reader: the row is sealed before it is written */
  hidden: sql<number>`${sql.raw(hiddenSql(viewer, resultBattleColumn))}`,
  /** the contestant's position, for its letter in a sealed row */
  position: sql<
    number | null
  >`(SELECT c.position FROM contestants c WHERE c.battle_id = ${sql.raw(resultBattleColumn)} AND c.id = ${sql.raw(`"${getTableName(results)}"."${results.contestantId.name}"`)})`,
});

type CsvRow = ReturnType<typeof csvColumns> extends infer C ? { [K in keyof C]: CsvValue } : never;

/** A sealed row: the stand-in id and letter of arena/seal-view.ts, no model, speed rounded, no token count. */
function sealCsvRow(r: CsvRow): CsvRow {
  const letter = typeof r.position === 'number' ? letterOf(r.position) : '?';
  return {
    ...r,
    id: `${r.battleId}:${letter}:${r.taskId}:${r.repeat}`,
    contestantId: letter,
    provider: null,
    model: null,
    ttftMs: step125(r.ttftMs as number | null),
    e2eMs: step125(r.e2eMs as number | null),
    decodeTpsClient: step125(r.decodeTpsClient as number | null),
    decodeTpsServer: null,
    outputTokens: null,
  };
}

export function resultsCsvPages(db: Db, q: ExportResultsQuery, viewer: Viewer): PageFetcher {
  const where = selection(db, q, viewer);
  const columns = csvColumns(viewer);
  return async (after) => {
    const rows = await db
      .select(columns)
      .from(results)
      .where(and(...where, keysetAfter(results.createdAt, results.id, after)))
      .orderBy(desc(results.createdAt), desc(results.id))
      .limit(RESULTS_CSV_PAGE);
    const items: string[] = [];
    for (const row of rows) {
      if (!row.readable) {
        logUnreadable('results', row.id, 'data is not JSON that SQLite reads');
        continue;
      }
      const r = row.hidden ? sealCsvRow(row) : row;
      items.push(csvLine(RESULTS_CSV_HEADER.map((k) => (k === 'createdAt' ? iso(row.createdAt) : r[k]))));
    }
    return {
      items,
      next: nextAfter(rows, RESULTS_CSV_PAGE),
    };
  };
}

export function resultsJsonPages(db: Db, q: ExportResultsQuery, viewer: Viewer): PageFetcher {
  const where = selection(db, q, viewer);
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
    const views = await viewResults(
      db,
      readableRows(rows, (r) => fromResultRow(r, evals.get(r.id) ?? [])),
      viewer,
    );
    return {
      items: views.map((v) => JSON.stringify(v)),
      next: nextAfter(rows, RESULTS_JSON_PAGE),
    };
  };
}

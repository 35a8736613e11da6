import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AuthEnv } from '../auth/require-scope.ts';
import { getDb } from '../db/client.ts';
import { validate } from '../lib/validate.ts';
import {
  BATTLES_CSV_HEADER,
  battlesCsvPages,
  battlesJsonPages,
  ExportBattlesQuerySchema,
} from '../queries/export-battles.ts';
import { csvLine } from '../queries/export-csv.ts';
import {
  ExportResultsQuerySchema,
  RESULTS_CSV_HEADER,
  resultsCsvPages,
  resultsJsonPages,
} from '../queries/export-results.ts';
import { type PageFetcher, pagedTextStream } from '../queries/export-stream.ts';

/**
 * `GET /api/export/{battles,results}.{csv,json}` (PRODUCT F19): streamed downloads. Another format
 * matches no route and gets the API's 404.
 */

type Format = 'csv' | 'json';
const formatOf = (file: string): Format => (file.endsWith('.csv') ? 'csv' : 'json');

async function download(
  c: Context,
  what: 'battles' | 'results',
  format: Format,
  pages: PageFetcher,
  header: readonly string[],
) {
  const stream =
    format === 'csv'
      ? await pagedTextStream(pages, { head: csvLine(header) })
      : await pagedTextStream(pages, { head: '[\n', separator: ',\n', tail: '\n]\n' });
  const filename = `ringside-${what}-${new Date().toISOString().slice(0, 10)}.${format}`;
  return c.body(stream, 200, {
    'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
    // A full export is large and changes with every write: not worth a shared cache or an ETag.
    'Cache-Control': 'no-store',
  });
}

export const exportRoute = new Hono<AuthEnv>()
  .get('/:file{battles\\.(?:csv|json)}', validate('query', ExportBattlesQuerySchema), async (c) => {
    const format = formatOf(c.req.param('file'));
    const db = getDb(c.env);
    const q = c.req.valid('query');
    const viewer = c.get('viewer');
    const pages = format === 'csv' ? battlesCsvPages(db, q, viewer) : battlesJsonPages(db, q, viewer);
    return download(c, 'battles', format, pages, BATTLES_CSV_HEADER);
  })
  .get('/:file{results\\.(?:csv|json)}', validate('query', ExportResultsQuerySchema), async (c) => {
    const format = formatOf(c.req.param('file'));
    const db = getDb(c.env);
    const q = c.req.valid('query');
    const viewer = c.get('viewer');
    const pages = format === 'csv' ? resultsCsvPages(db, q, viewer) : resultsJsonPages(db, q, viewer);
    return download(c, 'results', format, pages, RESULTS_CSV_HEADER);
  });

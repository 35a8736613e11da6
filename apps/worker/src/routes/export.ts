import { endpoints } from '@ringside/shared';
import type { Context } from 'hono';
import { getDb } from '../db/client.ts';
import { csvLine } from '../lib/csv.ts';
import { type PageFetcher, pagedTextStream } from '../lib/paged-stream.ts';
import { resource, route } from '../lib/resource.ts';
import { BATTLES_CSV_HEADER, battlesCsvPages, battlesJsonPages } from '../queries/export-battles.ts';
import { RESULTS_CSV_HEADER, resultsCsvPages, resultsJsonPages } from '../queries/export-results.ts';

/**
 * `GET /api/export/{battles,results}.{csv,json}` (PRODUCT F19): streamed downloads. Another format
 * matches no route and gets the API's 404.
 */

type Format = 'csv' | 'json';

async function download(c: Context, what: 'battles' | 'results', format: Format, pages: PageFetcher) {
  const stream =
    format === 'csv'
      ? await pagedTextStream(pages, {
          head: csvLine(what === 'battles' ? BATTLES_CSV_HEADER : RESULTS_CSV_HEADER),
        })
      : await pagedTextStream(pages, { head: '[\n', separator: ',\n', tail: '\n]\n' });
  const filename = `ringside-${what}-${new Date().toISOString().slice(0, 10)}.${format}`;
  return c.body(stream, 200, {
    'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
    // A full export is large and changes with every write: not worth a shared cache or an ETag.
    'Cache-Control': 'no-store',
  });
}

export const exportRoute = resource('/api/export', [
  route(endpoints.exportBattlesCsv, (c, { query }) =>
    download(c, 'battles', 'csv', battlesCsvPages(getDb(c.env), query, c.get('viewer'))),
  ),
  route(endpoints.exportBattlesJson, (c, { query }) =>
    download(c, 'battles', 'json', battlesJsonPages(getDb(c.env), query, c.get('viewer'))),
  ),
  route(endpoints.exportResultsCsv, (c, { query }) =>
    download(c, 'results', 'csv', resultsCsvPages(getDb(c.env), query, c.get('viewer'))),
  ),
  route(endpoints.exportResultsJson, (c, { query }) =>
    download(c, 'results', 'json', resultsJsonPages(getDb(c.env), query, c.get('viewer'))),
  ),
]);

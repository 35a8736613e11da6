import { endpoints, ResultSchema } from '@ringside/shared';
import type { Context, Hono } from 'hono';
import { setMetric, timing } from 'hono/timing';
import type { AuthEnv } from '../auth/require-scope.ts';
import { getDb } from '../db/client.ts';
import { publicCache } from '../lib/cache.ts';
import { started } from '../lib/request-start.ts';
import { resource, route } from '../lib/resource.ts';
import { ingestResults } from '../queries/ingest.ts';
import { listResults } from '../queries/results-read.ts';

/** Server-Timing phases of a write, so a client (and the benchmark) can see where time goes. */
function phases(c: Context<AuthEnv>) {
  let last = c.get('requestStart');
  return (name: string) => {
    const now = performance.now();
    setMetric(c, name, now - last);
    last = now;
  };
}

/** Results (PRODUCT F3): list; post one, one battle's, or thousands at once (owner rule in the table). */
export const resultsRoute: Hono<AuthEnv> = resource('/api/results', [
  route(
    endpoints.listResults,
    async (c, { query }) => c.json(await listResults(getDb(c.env), query, c.get('viewer'))),
    publicCache(),
  ),
  route(
    endpoints.postResults,
    async (c, { body: raw }) => {
      const mark = phases(c);
      mark('auth-parse-validate');
      const body = 'results' in raw ? raw : { results: [ResultSchema.parse(raw)] };
      const out = await ingestResults(getDb(c.env), body, c.get('caller'), mark);
      return c.json(out, out.created > 0 || out.battleCreated ? 201 : 200);
    },
    started,
    timing(),
  ),
  route(
    endpoints.postResultsBatch,
    async (c, { body }) => {
      const mark = phases(c);
      mark('auth-parse-validate');
      const out = await ingestResults(getDb(c.env), body, c.get('caller'), mark);
      return c.json(out, out.created > 0 || out.battleCreated ? 201 : 200);
    },
    started,
    timing(),
  ),
]);

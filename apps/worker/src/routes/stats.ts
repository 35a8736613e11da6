import { endpoints } from '@ringside/shared';
import { getDb } from '../db/client.ts';
import { publicCache } from '../lib/cache.ts';
import { resource, route } from '../lib/resource.ts';
import { getStats } from '../queries/stats.ts';

/** `GET /api/stats`: totals and per-model results, errors, wins and latency / tok/s percentiles. */
export const statsRoute = resource('/api/stats', [
  route(
    endpoints.stats,
    async (c, { query }) => c.json(await getStats(getDb(c.env), query, c.get('viewer'))),
    publicCache(30, 120),
  ),
]);

import { Hono } from 'hono';
import type { AuthEnv } from '../auth/require-scope.ts';
import { getDb } from '../db/client.ts';
import { publicCache } from '../lib/cache.ts';
import { validate } from '../lib/validate.ts';
import { getStats, StatsQuerySchema } from '../queries/stats.ts';

/** `GET /api/stats`: totals and per-model results, errors, wins and latency / tok/s percentiles. */
export const statsRoute = new Hono<AuthEnv>().get(
  '/',
  publicCache(30, 120),
  validate('query', StatsQuerySchema),
  async (c) => {
    return c.json(await getStats(getDb(c.env), c.req.valid('query'), c.get('viewer')));
  },
);

import { Hono } from 'hono';
import type { AuthEnv } from '../auth/require-scope.ts';
import { getDb } from '../db/client.ts';
import { publicCache } from '../lib/cache.ts';
import { listModels } from '../queries/models.ts';

/** `GET /api/models`: every provider + model seen, with results, battles and when last seen. */
export const modelsRoute = new Hono<AuthEnv>().get('/', publicCache(30, 120), async (c) => {
  return c.json({ items: await listModels(getDb(c.env), c.get('viewer')) });
});

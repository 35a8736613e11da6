import { endpoints } from '@ringside/shared';
import { getDb } from '../db/client.ts';
import { publicCache } from '../lib/cache.ts';
import { resource, route } from '../lib/resource.ts';
import { listModels } from '../queries/models.ts';

/** `GET /api/models`: every provider + model seen, with results, battles and when last seen. */
export const modelsRoute = resource('/api/models', [
  route(
    endpoints.listModels,
    async (c) => c.json({ items: await listModels(getDb(c.env), c.get('viewer')) }),
    publicCache(30, 120),
  ),
]);

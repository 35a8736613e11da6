import { endpoints } from '@ringside/shared';
import { getDb } from '../db/client.ts';
import { publicCache } from '../lib/cache.ts';
import { resource, route } from '../lib/resource.ts';
import { compareBatch } from '../queries/batch-compare.ts';
import { getBatch, listBatches } from '../queries/batches.ts';

/** `GET /api/batches[/:id[/compare]]`: CI batches with their aggregates, and comparisons (PRODUCT F22). */
export const batchesRoute = resource('/api/batches', [
  route(
    endpoints.listBatches,
    async (c, { query }) => c.json(await listBatches(getDb(c.env), query)),
    publicCache(),
  ),
  route(
    endpoints.getBatch,
    async (c, { params }) => c.json(await getBatch(getDb(c.env), params.id)),
    publicCache(),
  ),
  route(
    endpoints.compareBatch,
    async (c, { params }) => c.json(await compareBatch(getDb(c.env), params.id)),
    publicCache(),
  ),
]);

import { endpoints } from '@ringside/shared';
import { getDb } from '../db/client.ts';
import { publicCache } from '../lib/cache.ts';
import { resource, route } from '../lib/resource.ts';
import { getRun, listRuns } from '../queries/runs.ts';

/** `GET /api/runs`, `GET /api/runs/:id`: CI runs, the results of CI batches (PRODUCT F22). */
export const runsRoute = resource('/api/runs', [
  route(
    endpoints.listRuns,
    async (c, { query }) => c.json(await listRuns(getDb(c.env), query, c.get('viewer'))),
    publicCache(),
  ),
  route(
    endpoints.getRun,
    async (c, { params }) => c.json(await getRun(getDb(c.env), params.id, c.get('viewer'))),
    publicCache(),
  ),
]);

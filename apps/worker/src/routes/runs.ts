import { IdSchema } from '@ringside/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthEnv } from '../auth/require-scope.ts';
import { getDb } from '../db/client.ts';
import { publicCache } from '../lib/cache.ts';
import { validate } from '../lib/validate.ts';
import { getRun, ListRunsQuerySchema, listRuns } from '../queries/runs.ts';

/** `GET /api/runs`, `GET /api/runs/:id`: CI runs, the results of CI batches (PRODUCT F22). */
export const runsRoute = new Hono<AuthEnv>()
  .get('/', publicCache(), validate('query', ListRunsQuerySchema), async (c) => {
    return c.json(await listRuns(getDb(c.env), c.req.valid('query'), c.get('viewer')));
  })
  .get('/:id', publicCache(), validate('param', z.object({ id: IdSchema })), async (c) => {
    return c.json(await getRun(getDb(c.env), c.req.valid('param').id, c.get('viewer')));
  });

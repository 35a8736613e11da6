import { IdSchema } from '@ringside/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AuthEnv } from '../auth/require-scope.ts';
import { getDb } from '../db/client.ts';
import { publicCache } from '../lib/cache.ts';
import { validate } from '../lib/validate.ts';
import { compareBatch } from '../queries/batch-compare.ts';
import { getBatch, ListBatchesQuerySchema, listBatches } from '../queries/batches.ts';

const IdParam = z.object({ id: IdSchema });

/** `GET /api/batches[/:id[/compare]]`: CI batches with their aggregates, and comparisons (PRODUCT F22). */
export const batchesRoute = new Hono<AuthEnv>()
  .get('/', publicCache(), validate('query', ListBatchesQuerySchema), async (c) => {
    return c.json(await listBatches(getDb(c.env), c.req.valid('query')));
  })
  .get('/:id', publicCache(), validate('param', IdParam), async (c) => {
    return c.json(await getBatch(getDb(c.env), c.req.valid('param').id));
  })
  .get('/:id/compare', publicCache(), validate('param', IdParam), async (c) => {
    return c.json(await compareBatch(getDb(c.env), c.req.valid('param').id));
  });

import { BattleInputSchema, BattlePatchSchema, IdSchema } from '@ringside/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import { assertOriginAllowed } from '../auth/origin.ts';
import { type AuthEnv, requireScope } from '../auth/require-scope.ts';
import { getDb } from '../db/client.ts';
import { publicCache } from '../lib/cache.ts';
import { ApiException } from '../lib/errors.ts';
import { validate } from '../lib/validate.ts';
import { getBattle, patchBattle, upsertBattle } from '../queries/battles.ts';
import { getBattleWithResults, ListBattlesQuerySchema, listBattles } from '../queries/battles-read.ts';

const IdParam = z.object({ id: IdSchema });

export const battlesRoute = new Hono<AuthEnv>()
  .get('/', publicCache(), validate('query', ListBattlesQuerySchema), async (c) => {
    return c.json(await listBattles(getDb(c.env), c.req.valid('query'), c.get('viewer')));
  })
  .get('/:id', publicCache(5, 30), validate('param', IdParam), async (c) => {
    return c.json(await getBattleWithResults(getDb(c.env), c.req.valid('param').id, c.get('viewer')));
  })
  .put(
    '/:id',
    requireScope('runner', 'ingest'),
    validate('param', IdParam),
    validate('json', BattleInputSchema),
    async (c) => {
      const input = c.req.valid('json');
      if (input.id !== c.req.valid('param').id) {
        throw new ApiException(400, 'invalid_body', 'the body id differs from the URL', [
          { path: 'id', message: `expected '${c.req.valid('param').id}'` },
        ]);
      }
      assertOriginAllowed(c.get('caller'), input.origin);
      const { battle, created } = await upsertBattle(getDb(c.env), input, c.get('caller').name);
      return c.json(battle, created ? 201 : 200);
    },
  )
  .patch(
    '/:id',
    requireScope('runner', 'ingest'),
    validate('param', IdParam),
    validate('json', BattlePatchSchema),
    async (c) => {
      const db = getDb(c.env);
      const { id } = c.req.valid('param');
      assertOriginAllowed(c.get('caller'), (await getBattle(db, id)).origin);
      return c.json(await patchBattle(db, id, c.req.valid('json')));
    },
  );

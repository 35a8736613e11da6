import { endpoints } from '@ringside/shared';
import { getDb } from '../db/client.ts';
import { publicCache } from '../lib/cache.ts';
import { ApiException } from '../lib/errors.ts';
import { resource, route } from '../lib/resource.ts';
import { patchBattle, upsertBattle } from '../queries/battles.ts';
import { getBattleWithResults, listBattles } from '../queries/battles-read.ts';

/** Battles (PRODUCT F2): list, read, create or replace, change state. */
export const battlesRoute = resource('/api/battles', [
  route(
    endpoints.listBattles,
    async (c, { query }) => c.json(await listBattles(getDb(c.env), query, c.get('viewer'))),
    publicCache(),
  ),
  route(
    endpoints.getBattle,
    async (c, { params }) => c.json(await getBattleWithResults(getDb(c.env), params.id, c.get('viewer'))),
    publicCache(5, 30),
  ),
  route(endpoints.putBattle, async (c, { params, body }) => {
    if (body.id !== params.id) {
      throw new ApiException(400, 'invalid_body', 'the body id differs from the URL', [
        { path: 'id', message: `expected '${params.id}'` },
      ]);
    }
    const { battle, created } = await upsertBattle(getDb(c.env), body, c.get('caller'));
    return c.json(battle, created ? 201 : 200);
  }),
  route(endpoints.patchBattle, async (c, { params, body }) =>
    c.json(await patchBattle(getDb(c.env), params.id, body)),
  ),
]);

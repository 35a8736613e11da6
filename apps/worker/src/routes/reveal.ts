import { endpoints, type RevealResponse } from '@ringside/shared';
import { getDb } from '../db/client.ts';
import { iso } from '../lib/cache.ts';
import { notFound } from '../lib/errors.ts';
import { resource, route } from '../lib/resource.ts';
import { revealNow } from '../queries/reveals.ts';
import { loadSeals } from '../queries/views.ts';

/**
 * `POST /api/battles/:id/reveal` (PRODUCT F13, README "Blind votes"): its owner or an admin (the
 * table's owner rule) makes a blind battle public now, without waiting for the window or the vote
 * count. Its pairs leave the voting pool at once, so no vote is cast on answers whose authors are known.
 */
export const revealRoute = resource('/api/battles', [
  route(endpoints.revealBattle, async (c, { params }) => {
    const db = getDb(c.env);
    if (!(await loadSeals(db, [params.id])).has(params.id)) throw notFound('battle', params.id);
    const at = await revealNow(db, params.id, Date.now());
    return c.json({ id: params.id, revealedAt: iso(at) } satisfies RevealResponse);
  }),
]);

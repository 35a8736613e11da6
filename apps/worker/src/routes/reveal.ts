import { IdSchema, type RevealResponse } from '@ringside/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import { type AuthEnv, requireScope } from '../auth/require-scope.ts';
import { getDb } from '../db/client.ts';
import { iso } from '../lib/cache.ts';
import { ApiException, notFound } from '../lib/errors.ts';
import { validate } from '../lib/validate.ts';
import { revealNow } from '../queries/reveals.ts';
import { loadSeals } from '../queries/views.ts';

const IdParam = z.object({ id: IdSchema });

/**
 * `POST /api/battles/:id/reveal` (PRODUCT F13, README "Blind votes"): its owner or an admin makes
 * a blind battle public now, without waiting for the window or the vote count. Its pairs leave the
 * voting pool at once, so no vote is cast on answers whose authors are known.
 */
export const revealRoute = new Hono<AuthEnv>().post(
  '/:id/reveal',
  requireScope('runner'),
  validate('param', IdParam),
  async (c) => {
    const { id } = c.req.valid('param');
    const db = getDb(c.env);
    const seal = (await loadSeals(db, [id])).get(id);
    if (!seal) throw notFound('battle', id);
    const caller = c.get('caller');
    if (caller.scope !== 'admin' && seal.ownerTokenId !== caller.tokenId) {
      throw new ApiException(403, 'forbidden', 'only the battle’s owner or an admin may reveal it', [
        { path: 'Authorization', message: 'this token did not create the battle' },
      ]);
    }
    const at = await revealNow(db, id, Date.now());
    return c.json({ id, revealedAt: iso(at) } satisfies RevealResponse);
  },
);

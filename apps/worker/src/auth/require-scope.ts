import type { TokenScope } from '@ringside/shared';
import { createMiddleware } from 'hono/factory';
import type { Viewer } from '../arena/seal.ts';
import { ApiException } from '../lib/errors.ts';
import { authenticate, type Caller, unauthorized } from './authenticate.ts';

export type { Caller } from './authenticate.ts';

export type AuthEnv = {
  Bindings: Env;
  Variables: { caller: Caller; viewer: Viewer; requestStart: number };
};

/** Requires `Authorization: Bearer <token>` with one of `scopes` (admin passes everywhere). */
export function requireScope(...scopes: TokenScope[]) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const caller = await authenticate(c);
    if (!caller) throw unauthorized('missing bearer token');
    if (caller.scope !== 'admin' && !scopes.includes(caller.scope)) {
      throw new ApiException(
        403,
        'forbidden',
        `this endpoint needs a token with scope ${scopes.join(' or ')}`,
        [{ path: 'Authorization', message: `token scope '${caller.scope}' is not allowed here` }],
      );
    }
    c.set('caller', caller);
    await next();
  });
}

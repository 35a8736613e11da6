import { createMiddleware } from 'hono/factory';
import { ANONYMOUS_VIEWER_FIELDS } from '../arena/seal.ts';
import { authenticate } from './authenticate.ts';
import type { AuthEnv } from './require-scope.ts';

/**
 * Public reads with an optional bearer token: sets `viewer` (who reads, and when) for the blind
 * battle rules (arena/seal.ts). Without a token the viewer is anonymous; a bad token is a 401. An
 * answer given to a token holder may show what the public must not see, so it is never stored by
 * a shared cache, and every answer varies by `Authorization`.
 */
export function optionalCaller() {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const caller = await authenticate(c);
    c.set(
      'viewer',
      caller
        ? { tokenId: caller.tokenId, admin: caller.scope === 'admin', now: Date.now() }
        : { ...ANONYMOUS_VIEWER_FIELDS, now: Date.now() },
    );
    await next();
    // A WebSocket upgrade (live view) must go out as it is: re-creating the response drops the socket.
    if (c.res.status === 101) return;
    c.header('Vary', 'Authorization', { append: true });
    if (caller) c.header('Cache-Control', 'private, no-store');
  });
}

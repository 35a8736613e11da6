import { createMiddleware } from 'hono/factory';
import type { AuthEnv } from '../auth/require-scope.ts';

/** Marks the start of a request, so Server-Timing phases can tell the token check from the work. */
export const started = createMiddleware<AuthEnv>(async (c, next) => {
  c.set('requestStart', performance.now());
  await next();
});

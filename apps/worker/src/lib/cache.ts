import type { MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';

/**
 * Public reads are cacheable: a short shared max-age with stale-while-revalidate, and an ETag so a
 * revalidation that finds nothing new costs a 304.
 */
export function publicCache(maxAgeS = 10, staleS = 60): MiddlewareHandler {
  const tag = etag({ weak: true });
  return async (c, next) => {
    await tag(c, async () => {
      await next();
      if (c.res.status === 200 && !c.res.headers.has('Cache-Control')) {
        c.header('Cache-Control', `public, max-age=${maxAgeS}, stale-while-revalidate=${staleS}`);
      }
    });
  };
}

export const ms = (iso: string | undefined | null) => (iso ? Date.parse(iso) : null);
export const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

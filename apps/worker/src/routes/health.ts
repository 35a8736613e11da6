import { endpoints, type Health } from '@ringside/shared';
import { resource, route } from '../lib/resource.ts';
import { VERSION } from '../version.ts';

/** `GET /api/health`: the version and whether D1 answers. Never cached. */
export const health = resource('/api/health', [
  route(endpoints.health, async (c) => {
    const started = Date.now();
    let d1: Health['d1'];
    try {
      await c.env.DB.prepare('SELECT 1').first();
      d1 = { reachable: true, latencyMs: Date.now() - started };
    } catch (err) {
      d1 = { reachable: false, latencyMs: null, error: String(err) };
    }
    const body: Health = { status: d1.reachable ? 'ok' : 'degraded', version: VERSION, d1 };
    c.header('Cache-Control', 'no-store');
    return c.json(body, d1.reachable ? 200 : 503);
  }),
]);

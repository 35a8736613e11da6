/**
 * Fixed-window rate limits kept in D1 (`arena_rate_limits`): one atomic upsert per window per
 * request, so concurrent isolates count together. Over the limit, the answer is 429 with
 * `Retry-After` (seconds until the window ends). Every attempt counts, refused ones included.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ApiException } from '../lib/errors.ts';

export type RateLimit = { name: string; limit: number; windowS: number };

export const PAIR_LIMITS: readonly RateLimit[] = [{ name: 'pair-min', limit: 60, windowS: 60 }];
export const VOTE_LIMITS: readonly RateLimit[] = [
  { name: 'vote-min', limit: 20, windowS: 60 },
  { name: 'vote-day', limit: 1_000, windowS: 86_400 },
];

const UPSERT = `INSERT INTO arena_rate_limits (bucket, window_start, count) VALUES (?1, ?2, 1)
  ON CONFLICT (bucket) DO UPDATE SET
    count = CASE WHEN window_start = excluded.window_start THEN count + 1 ELSE 1 END,
    window_start = excluded.window_start
  RETURNING count`;

export type Exceeded = { limit: RateLimit; retryAfterS: number };

/** Counts one request of `subject` against every limit; the first one exceeded, or null. */
export async function countRequest(
  d1: D1Database,
  subject: string,
  limits: readonly RateLimit[],
  now: number,
): Promise<Exceeded | null> {
  const windows = limits.map((l) => {
    const ms = l.windowS * 1000;
    return { limit: l, start: Math.floor(now / ms) * ms, ms };
  });
  const out = await d1.batch<{ count: number }>(
    windows.map((w) => d1.prepare(UPSERT).bind(`${w.limit.name}:${subject}`, w.start)),
  );
  for (const [i, w] of windows.entries()) {
    const count = out[i]?.results[0]?.count ?? 0;
    if (count > w.limit.limit) {
      return { limit: w.limit, retryAfterS: Math.max(1, Math.ceil((w.start + w.ms - now) / 1000)) };
    }
  }
  return null;
}

/** Middleware: `subject(c)` names who is counted (here: an IP hash). */
export function rateLimit(
  limits: readonly RateLimit[],
  subject: (c: Context<{ Bindings: Env }>) => Promise<string>,
): MiddlewareHandler<{ Bindings: Env }> {
  return async (c, next) => {
    const exceeded = await countRequest(c.env.DB, await subject(c), limits, Date.now());
    if (exceeded) {
      const { limit, retryAfterS } = exceeded;
      c.header('Retry-After', String(retryAfterS));
      throw new ApiException(
        429,
        'rate_limited',
        `too many requests: at most ${limit.limit} per ${limit.windowS} s from one address`,
        [{ path: 'Retry-After', message: `try again in ${retryAfterS} s`, limit: limit.name }],
      );
    }
    await next();
  };
}

/** Drops counters of windows that ended long ago (called by the scheduled job). */
export function pruneRateLimits(d1: D1Database, now: number, keepMs = 2 * 86_400_000) {
  return d1
    .prepare('DELETE FROM arena_rate_limits WHERE window_start < ?1')
    .bind(now - keepMs)
    .run();
}

import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { countRequest } from './rate-limit.ts';

const limit = { name: 'test-min', limit: 3, windowS: 60 };
const windowStart = Date.UTC(2026, 10, 22, 1, 0, 0);

describe('countRequest', () => {
  it('allows `limit` requests in a window, refuses the next with the seconds left, and resets in the next window', async () => {
    const subject = `ip-${crypto.randomUUID()}`;
    for (let i = 0; i < 3; i++)
      expect(await countRequest(env.DB, subject, [limit], windowStart + i * 1000)).toBeNull();
    expect(await countRequest(env.DB, subject, [limit], windowStart + 45_500)).toEqual({
      limit,
      retryAfterS: 15,
    });
    // Another subject has its own counter.
    expect(await countRequest(env.DB, `${subject}-other`, [limit], windowStart + 46_000)).toBeNull();
    expect(await countRequest(env.DB, subject, [limit], windowStart + 60_000)).toBeNull();
  });

  it('reports the first limit exceeded when several apply', async () => {
    const subject = `ip-${crypto.randomUUID()}`;
    const day = { name: 'test-day', limit: 1, windowS: 86_400 };
    expect(await countRequest(env.DB, subject, [limit, day], windowStart)).toBeNull();
    const second = await countRequest(env.DB, subject, [limit, day], windowStart + 1000);
    expect(second?.limit).toEqual(day);
    expect(second?.retryAfterS).toBeGreaterThan(60);
  });
});

import { describe, expect, it } from 'vitest';
import { fakeClock } from '../../test/fake-clock.ts';
import { fullJitterMs, type RetryPolicy } from './retry-policy.ts';
import { type Attempt, withRetry } from './with-retry.ts';

const fail = (retryAfterMs: number | null = null): Attempt<string> => ({
  retry: { message: 'HTTP 503', status: 503, retryAfterMs },
});

function policy(over: Partial<RetryPolicy> = {}): RetryPolicy {
  const clock = fakeClock();
  return {
    maxAttempts: 5,
    maxElapsedMs: 10_000,
    baseDelayMs: 100,
    maxDelayMs: 1_000,
    random: () => 0.999,
    ...clock,
    ...over,
  };
}

describe('fullJitterMs', () => {
  it('draws below a cap that doubles per failure and stops at maxDelayMs', () => {
    const p = { baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.999 };
    expect([1, 2, 3, 4, 5, 6].map((n) => fullJitterMs(n, p))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(fullJitterMs(3, { ...p, random: () => 0 })).toBe(0);
  });
});

describe('withRetry', () => {
  it('returns the first final answer with the number of attempts it took', async () => {
    const answers = [fail(), fail(), { done: 'ok' }];
    const out = await withRetry(policy(), async (n) => answers[n - 1]!);
    expect(out).toEqual({ done: 'ok', attempts: 3 });
  });

  it('stops after maxAttempts and hands back the last failure', async () => {
    const p = policy({ maxAttempts: 3 });
    let calls = 0;
    const out = await withRetry(p, async () => {
      calls += 1;
      return fail();
    });
    expect(out).toMatchObject({ attempts: 3, gaveUp: 'attempts', failed: { status: 503 } });
    expect(calls).toBe(3);
  });

  it('stops before a wait that would end past maxElapsedMs', async () => {
    const clock = fakeClock();
    const out = await withRetry(policy({ ...clock, maxElapsedMs: 1_000, maxAttempts: 100 }), async () =>
      fail(),
    );
    expect(out).toMatchObject({ gaveUp: 'time' });
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1_000);
    expect(clock.sleeps).toEqual([99, 199, 399]);
  });

  it('uses Retry-After in place of the backoff', async () => {
    const clock = fakeClock();
    const answers = [fail(1_500), fail(0), { done: 'ok' }];
    await withRetry(policy(clock), async (n) => answers[n - 1]!);
    expect(clock.sleeps).toEqual([1_500, 0]);
  });
});

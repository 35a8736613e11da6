import { describe, expect, it } from 'vitest';
import { configError, evaluate } from '../../../test/checks.ts';

describe('max-tokens', () => {
  it('passes at or under the limit and fails over it', async () => {
    expect(
      await evaluate({ type: 'max-tokens', value: 100 }, '', { metrics: { outputTokens: 100 } }),
    ).toMatchObject({
      pass: true,
    });
    expect(
      await evaluate({ type: 'max-tokens', value: 100 }, '', { metrics: { outputTokens: 101 } }),
    ).toMatchObject({
      pass: false,
      reason: '101 output tokens (limit 100)',
    });
  });

  it('fails when the token count is unknown, rather than guessing', async () => {
    expect(await evaluate({ type: 'max-tokens', value: 100 }, 'x')).toMatchObject({
      pass: false,
      reason: 'output tokens unknown',
    });
  });
});

describe('max-latency', () => {
  it('limits E2E time by default and TTFT when asked', async () => {
    const metrics = { e2eMs: 1500, ttftMs: 120 };
    expect(await evaluate({ type: 'max-latency', value: 2000 }, '', { metrics })).toMatchObject({
      pass: true,
    });
    expect(await evaluate({ type: 'max-latency', value: 1000 }, '', { metrics })).toMatchObject({
      pass: false,
    });
    expect(
      await evaluate({ type: 'max-latency', value: { metric: 'ttft', ms: 100 } }, '', { metrics }),
    ).toMatchObject({ pass: false, reason: 'TTFT 120 ms (limit 100 ms)' });
  });

  it('rejects a non-positive limit or an unknown metric at load', () => {
    expect(configError({ type: 'max-latency', value: 0 })).toMatch(/positive number/);
    expect(configError({ type: 'max-latency', value: { metric: 'itl', ms: 5 } })).toMatch(/'e2e' \| 'ttft'/);
    expect(configError({ type: 'max-tokens', value: 'ten' })).toMatch(/positive number/);
  });
});

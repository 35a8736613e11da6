import { StatsSchema } from '@ringside/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, ciBatch, createToken, ingest, uid } from '../test/helpers.ts';

const suite = uid('stats-route');
const batch = ciBatch(uid('stats-batch'), 20, { suite, e2e: (i) => 10 * (i + 1) });

beforeAll(async () => {
  await ingest((await createToken('ingest')).token, batch);
});

describe('GET /api/stats', () => {
  it('answers totals and per-model percentiles for a suite, cacheable', async () => {
    const res = await api(`/api/stats?suite=${suite}&origin=ci`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toMatch(/^public, max-age=\d+/);
    const stats = StatsSchema.parse(await res.json());
    expect(stats.totals).toEqual({ battles: 1, results: 20, models: 1, errors: 0 });
    // E2E times 10, 20, …, 200 ms: numpy's linear p90 is 181, p99 is 198.1.
    expect(stats.models[0]).toMatchObject({ provider: 'openai', model: 'gpt-test', results: 20, wins: 0 });
    expect(stats.models[0]?.e2eMs.mean).toBeCloseTo(105, 9);
    expect(stats.models[0]?.e2eMs.p50).toBeCloseTo(105, 9);
    expect(stats.models[0]?.e2eMs.p90).toBeCloseTo(181, 9);
    expect(stats.models[0]?.e2eMs.p99).toBeCloseTo(198.1, 9);
  });

  it('refuses an unknown origin and a malformed time with 400 naming the field', async () => {
    const res = await api('/api/stats?origin=lab&from=yesterday');
    expect(res.status).toBe(400);
    const body = await res.json<{ error: { code: string; details: { path: string }[] } }>();
    expect(body.error.code).toBe('invalid_query');
    expect(body.error.details.map((d) => d.path).sort()).toEqual(['from', 'origin']);
  });
});

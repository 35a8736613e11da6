import type { ResultInput } from '@ringside/shared';
import { Agent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleBattle, sampleResult, sampleResults } from '../../test/arena-fixtures.ts';
import { type FakeApi, startFakeApi } from '../../test/fake-api.ts';
import { type FakeClock, fakeClock } from '../../test/fake-clock.ts';
import { type ApiClientOptions, createApiClient } from './api-client.ts';

let api: FakeApi;
let agent: Agent;
let clock: FakeClock;

beforeEach(async () => {
  api = await startFakeApi();
  agent = new Agent();
  clock = fakeClock();
});
afterEach(async () => {
  await api.close();
  await agent.close();
});

function client(overrides: Partial<ApiClientOptions> = {}) {
  return createApiClient({
    baseUrl: api.baseUrl,
    token: api.token,
    dispatcher: agent,
    retry: {
      maxAttempts: 4,
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      maxElapsedMs: 60_000,
      random: () => 0.5,
      ...clock,
    },
    ...overrides,
  });
}

describe('createApiClient: battles', () => {
  it('PUTs a battle with the bearer token and says whether it was created', async () => {
    const first = await client().putBattle(sampleBattle());
    const again = await client().putBattle(sampleBattle());
    expect(first).toMatchObject({ ok: true, status: 201, value: { created: true }, attempts: 1 });
    expect(again).toMatchObject({ ok: true, status: 200, value: { created: false } });
    expect(api.requests[0]).toMatchObject({
      method: 'PUT',
      path: '/api/battles/b-haiku',
      authorization: `Bearer ${api.token}`,
    });
  });

  it('PATCHes the state and reports an impossible transition as a conflict on the battle', async () => {
    await client().putBattle(sampleBattle({ state: 'running' }));
    expect(await client().patchBattle('b-haiku', { state: 'done' })).toMatchObject({ ok: true, status: 200 });
    const back = await client().patchBattle('b-haiku', { state: 'running' });
    expect(back).toMatchObject({ ok: false, kind: 'conflict', code: 'invalid_transition', ids: ['b-haiku'] });
    expect(api.requests).toHaveLength(3);
  });
});

describe('createApiClient: retries', () => {
  it('retries a 503 after a full-jitter backoff and succeeds', async () => {
    api.fail([{ status: 503 }]);
    const out = await client().putBattle(sampleBattle());
    expect(out).toMatchObject({ ok: true, attempts: 2 });
    expect(clock.sleeps).toEqual([50]);
    expect(api.requests.map((r) => r.status)).toEqual([503, 201]);
  });

  it('waits what Retry-After says in seconds rather than its own backoff', async () => {
    api.fail([
      { status: 429, retryAfter: '2' },
      { status: 429, retryAfter: '0' },
    ]);
    const out = await client().putBattle(sampleBattle());
    expect(out).toMatchObject({ ok: true, attempts: 3 });
    expect(clock.sleeps).toEqual([2_000, 0]);
  });

  it('waits until the HTTP date of a Retry-After', async () => {
    api.fail([{ status: 503, retryAfter: new Date(clock.now() + 7_000).toUTCString() }]);
    await client().putBattle(sampleBattle());
    expect(clock.sleeps).toEqual([7_000]);
  });

  it('doubles the backoff cap per failure and stops after maxAttempts, reporting the API unavailable', async () => {
    api.fail(Array.from({ length: 10 }, () => ({ status: 503 })));
    const out = await client().putBattle(sampleBattle());
    expect(out).toMatchObject({ ok: false, kind: 'unavailable', retryable: true, status: 503, attempts: 4 });
    expect(clock.sleeps).toEqual([50, 100, 200]);
    expect(api.requests).toHaveLength(4);
    expect(api.battles.size).toBe(0);
  });

  it('gives up at once when Retry-After reaches past its time budget, passing the wait on', async () => {
    api.fail([{ status: 429, retryAfter: '3600' }]);
    const out = await client().putBattle(sampleBattle());
    expect(out).toMatchObject({
      ok: false,
      kind: 'unavailable',
      status: 429,
      retryAfterMs: 3_600_000,
      attempts: 1,
    });
    expect(clock.sleeps).toEqual([]);
  });

  it('retries while the connection is refused and gets through once the API is back', async () => {
    await api.down();
    clock = fakeClock(undefined, (n) => (n === 2 ? api.up() : undefined));
    const out = await client().putBattle(sampleBattle());
    expect(out).toMatchObject({ ok: true, attempts: 3 });
    expect(api.battles.has('b-haiku')).toBe(true);
  });

  it('says the connection was refused when the API stays down', async () => {
    await api.down();
    const out = await client().putBattle(sampleBattle());
    expect(out).toMatchObject({ ok: false, kind: 'unavailable', status: null, attempts: 4 });
    expect(out.ok || out.message).toMatch(/ECONNREFUSED/);
  });

  it('retries an attempt that got no answer in time', async () => {
    let calls = 0;
    const out = await client({
      timeoutMs: 20,
      fetch: (_url, init) => {
        calls += 1;
        if (calls === 2)
          return Promise.resolve({ status: 201, headers: new Headers(), text: async () => '{}' });
        return new Promise((_, reject) =>
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        );
      },
    }).putBattle(sampleBattle());
    expect(out).toMatchObject({ ok: true, attempts: 2 });
  });
});

describe('createApiClient: refusals are reported, not retried', () => {
  it('does not retry a 400 and passes on what the API said was wrong', async () => {
    const bad = { ...sampleBattle(), tasks: [] };
    const out = await client().putBattle(bad);
    expect(out).toMatchObject({
      ok: false,
      kind: 'refused',
      status: 400,
      code: 'invalid_body',
      retryable: false,
    });
    expect(out.ok || out.kind !== 'refused' || out.details.map((d) => d.path)).toContain('tasks');
    expect(api.requests).toHaveLength(1);
  });

  it('reports a 409 result conflict naming the conflicting ids, after one request', async () => {
    await client().putBattle(sampleBattle());
    api.seedResult(sampleResult({ id: 'r-1', output: { text: 'stored earlier' } }));
    const out = await client().postResultsBatch({ results: sampleResults(3) });
    expect(out).toMatchObject({
      ok: false,
      kind: 'conflict',
      status: 409,
      code: 'result_conflict',
      ids: ['r-1'],
    });
    expect(api.requests).toHaveLength(2);
  });

  it('names both ids of a request that holds one id twice with different bodies', async () => {
    await client().putBattle(sampleBattle());
    const twice: ResultInput[] = [sampleResult(), sampleResult({ output: { text: 'other' } })];
    const out = await client().postResultsBatch({ results: twice });
    expect(out).toMatchObject({ ok: false, kind: 'conflict', ids: ['b-haiku-c1-t1-0'] });
  });

  it('reports 401 and 403 as such without ever showing the token', async () => {
    const wrong = await client({ token: 'rs_wrong_token_abcdef' }).putBattle(sampleBattle());
    api.fail([{ status: 403, code: 'forbidden' }]);
    const forbidden = await client().putBattle(sampleBattle());
    expect(wrong).toMatchObject({ ok: false, kind: 'unauthorized', status: 401, attempts: 1 });
    expect(forbidden).toMatchObject({ ok: false, kind: 'forbidden', status: 403, attempts: 1 });
    expect(JSON.stringify(wrong)).not.toContain('rs_wrong_token_abcdef');
    expect(JSON.stringify(forbidden)).not.toContain(api.token);
  });

  it('keeps the token out of network failure messages too', async () => {
    await api.down();
    const out = await client({ baseUrl: `${api.baseUrl}/${api.token}` }).putBattle(sampleBattle());
    expect(out.ok).toBe(false);
    expect(JSON.stringify(out)).not.toContain(api.token);
  });
});

describe('createApiClient: results', () => {
  it('splits 2,500 results into requests of at most 1,000 via /api/results/batch, the battle with the first', async () => {
    const results = sampleResults(2_500);
    const out = await client().postResults(sampleBattle(), results);
    expect(out).toMatchObject({
      ok: true,
      status: 201,
      value: { created: 2_500, duplicates: 0, battleCreated: true, requests: 3 },
    });
    const posts = api.requests.map((r) => r.body as { battle?: unknown; results: unknown[] });
    expect(api.requests.every((r) => r.path === '/api/results/batch')).toBe(true);
    expect(posts.map((p) => p.results.length)).toEqual([1_000, 1_000, 500]);
    expect(posts.map((p) => p.battle !== undefined)).toEqual([true, false, false]);
    expect(api.results.size).toBe(2_500);
  });

  it('also splits by size so long outputs stay under the body limit', async () => {
    const out = await client({ limits: { maxBytes: 10_000 } }).postResults(
      sampleBattle(),
      sampleResults(6, 'b-haiku', 4_000),
    );
    expect(out).toMatchObject({ ok: true, value: { requests: 3 } });
  });

  it('stops at the first refused request and says which results were accepted before it', async () => {
    api.seedResult(sampleResult({ id: 'r-1500', output: { text: 'stored earlier' } }));
    const out = await client().postResults(sampleBattle(), sampleResults(2_500));
    expect(out).toMatchObject({ ok: false, kind: 'conflict', ids: ['r-1500'] });
    expect(!out.ok && 'acceptedIds' in out ? out.acceptedIds : []).toHaveLength(1_000);
    expect(api.requests).toHaveLength(2);
  });

  it('re-sends a request whose answer was lost, and the API stores each result once', async () => {
    await client().putBattle(sampleBattle());
    api.fail([{ drop: 'after' }], '/api/results/batch');
    const out = await client().postResultsBatch({ results: sampleResults(3) });
    expect(out).toMatchObject({ ok: true, status: 200, value: { created: 0, duplicates: 3 }, attempts: 2 });
    expect([...api.arrivals.values()]).toEqual([2, 2, 2]);
    expect(api.results.size).toBe(3);
  });
});

describe('createApiClient: judgements and the suites library', () => {
  it('posts evaluations to a stored result (a re-post is a duplicate) and refuses an unknown result without retrying', async () => {
    const r = sampleResult();
    await client().postResults(sampleBattle(), [r]);
    const evaluation = { id: 'judge-x', source: 'judge' as const, evaluator: 'judge:x', score: 0.5 };
    expect(await client().postEvaluations(r.id, [evaluation])).toMatchObject({
      ok: true,
      status: 201,
      value: { created: 1, duplicates: 0 },
    });
    expect(await client().postEvaluations(r.id, [evaluation])).toMatchObject({
      ok: true,
      value: { created: 0, duplicates: 1 },
    });
    const unknown = await client().postEvaluations('no-such-result', [evaluation]);
    expect(unknown).toMatchObject({ ok: false, status: 404, attempts: 1 });
  });

  it('saves a suite, then GETs it by name without a request body', async () => {
    const source = { name: 'lib-suite', version: '2', tasks: [{ id: 't', prompt: 'Say hi.' }] };
    expect(await client().putSuite(source)).toMatchObject({ ok: true, value: { created: true } });
    const got = await client().getSuite('lib-suite');
    expect(got).toMatchObject({ ok: true, value: { name: 'lib-suite', version: '2', source } });
    const get = api.requests.at(-1);
    expect(get).toMatchObject({ method: 'GET', path: '/api/suites/lib-suite', body: undefined });
    expect(await client().getSuite('lib-suite', '9')).toMatchObject({ ok: false, status: 404 });
  });
});

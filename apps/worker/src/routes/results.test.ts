import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, battle, ciBatch, count, createToken, result, reveal, uid } from '../test/helpers.ts';

let runner: string;
let ingest: string;
beforeAll(async () => {
  runner = (await createToken('runner')).token;
  ingest = (await createToken('ingest')).token;
});

const post = (body: unknown, token = runner, path = '/api/results') =>
  api(path, { method: 'POST', token, json: body });

describe('POST /api/results', () => {
  it('stores a battle and its results in one request and serves them back', async () => {
    const b = battle();
    const r1 = result(b.id);
    const r2 = result(b.id, { contestantId: 'c2', output: { text: 'Gulls over grey tide' } });
    const res = await post({ battle: b, results: [r1, r2] });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ created: 2, duplicates: 0, battleCreated: true });

    await reveal(b.id);
    const got = await api(`/api/battles/${b.id}`);
    expect(got.status).toBe(200);
    const body = await got.json<{
      contestants: unknown[];
      results: { id: string; model: string; output: { text: string }; chunks: unknown }[];
    }>();
    expect(body.contestants).toHaveLength(2);
    expect(body.results.map((r) => r.id).sort()).toEqual([r1.id, r2.id].sort());
    const stored = body.results.find((r) => r.id === r2.id);
    expect(stored?.model).toBe('llama3.2');
    expect(stored?.output.text).toBe('Gulls over grey tide');
    expect(body.results.find((r) => r.id === r1.id)?.chunks).toEqual(r1.chunks);
  });

  it('takes a single result for an existing battle', async () => {
    const b = battle();
    await post({ battle: b, results: [result(b.id)] });
    const res = await post(result(b.id, { contestantId: 'c2' }));
    expect(res.status).toBe(201);
    expect(await count('results', 'battle_id = ?', b.id)).toBe(2);
  });

  it('answers 200 and stores one row when the same result is posted twice', async () => {
    const b = battle();
    const r = result(b.id);
    expect((await post({ battle: b, results: [r] })).status).toBe(201);
    const again = await post({ battle: b, results: [r] });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ created: 0, duplicates: 1, battleCreated: false });
    expect(await count('results', 'id = ?', r.id)).toBe(1);
  });

  it('treats an omitted default and its explicit value as the same body', async () => {
    const b = battle();
    const r = result(b.id);
    await post({ battle: b, results: [r] });
    const res = await post({ ...r, repeat: 0, evaluations: [] });
    expect(res.status).toBe(200);
  });

  it('answers 409 for the same id with another body and changes nothing', async () => {
    const b = battle();
    const r = result(b.id);
    await post({ battle: b, results: [r] });
    const fresh = result(b.id, { contestantId: 'c2' });
    const res = await post({ results: [fresh, { ...r, output: { text: 'something else entirely' } }] });
    expect(res.status).toBe(409);
    const err = await res.json<{ error: { code: string; details: { message: string }[] } }>();
    expect(err.error.code).toBe('result_conflict');
    expect(err.error.details[0]?.message).toContain(r.id);
    expect(await count('results', 'id = ?', fresh.id)).toBe(0);
    const stored = await api(`/api/battles/${b.id}`).then((x) =>
      x.json<{ results: { output: { text: string } }[] }>(),
    );
    expect(stored.results[0]?.output.text).toBe('Waves fold into foam');
  });

  it('answers 409 when one request holds the same id twice with different bodies', async () => {
    const b = battle();
    const r = result(b.id);
    const res = await post({ battle: b, results: [r, { ...r, status: 'stopped' }] });
    expect(res.status).toBe(409);
    expect(await count('battles', 'id = ?', b.id)).toBe(0);
  });

  it('answers 409 when the posted battle differs from the stored one', async () => {
    const b = battle();
    await post({ battle: b, results: [result(b.id)] });
    const res = await post({ battle: { ...b, type: 'coding' }, results: [result(b.id)] });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'battle_conflict' } });
  });

  it('answers 404 naming the field for an unknown battle, contestant or task', async () => {
    const b = battle();
    await post({ battle: b, results: [result(b.id)] });
    const cases = [
      [result('no-such-battle'), 'results.0.battleId'],
      [result(b.id, { contestantId: 'c9' }), 'results.0.contestantId'],
      [result(b.id, { taskId: 't9' }), 'results.0.taskId'],
    ] as const;
    for (const [r, path] of cases) {
      const res = await post({ results: [r] });
      expect(res.status).toBe(404);
      const err = await res.json<{ error: { details: { path: string }[] } }>();
      expect(err.error.details[0]?.path).toBe(path);
    }
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await api('/api/results', {
      method: 'POST',
      token: runner,
      headers: { 'Content-Type': 'application/json' },
      body: '{"results": [',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: expect.any(String), message: expect.any(String) },
    });
  });

  it('answers 400 naming each bad field and its reason', async () => {
    const b = battle();
    const bad = result(b.id, { status: 'error' });
    const res = await post({ battle: b, results: [{ ...bad, metrics: { ttftMs: -1 } }] });
    expect(res.status).toBe(400);
    const err = await res.json<{ error: { code: string; details: { path: string; message: string }[] } }>();
    expect(err.error.code).toBe('invalid_body');
    const paths = err.error.details.map((d) => d.path);
    expect(paths).toContain('results.0.metrics.ttftMs');
    expect(paths).toContain('results.0.error');
    expect(await count('battles', 'id = ?', b.id)).toBe(0);
  });

  it('answers 400 for an unknown field rather than dropping it silently', async () => {
    const b = battle();
    const res = await post({ battle: b, results: [{ ...result(b.id), tokenz: 3 }] });
    expect(res.status).toBe(400);
  });

  it('answers 413 for a body over the limit', async () => {
    const b = battle();
    const huge = 'x'.repeat(9 * 1024 * 1024);
    const res = await post({ battle: b, results: [result(b.id, { output: { text: huge } })] });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('answers 400 for a body that is not JSON at all, never 500', async () => {
    for (const body of ['', 'null', '[]', '42', '"x"']) {
      const res = await api('/api/results', {
        method: 'POST',
        token: runner,
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      expect(res.status).toBe(400);
    }
  });
});

describe('POST /api/results/batch', () => {
  it('stores 2,000 results with their evaluations in one request', async () => {
    const { battle: b, results } = ciBatch(uid('ci'), 2000);
    const res = await post({ battle: b, results }, ingest, '/api/results/batch');
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ created: 2000, duplicates: 0 });
    expect(await count('results', 'battle_id = ?', b.id)).toBe(2000);
    expect(await count('evaluations', 'result_id LIKE ?', `${b.id}-%`)).toBe(2000);
  });

  it('stores nothing when one result of the batch is invalid', async () => {
    const { battle: b, results } = ciBatch(uid('ci'), 500);
    const broken = results.map((r, i) => (i === 377 ? { ...r, metrics: { e2eMs: 'fast' } } : r));
    const res = await post({ battle: b, results: broken }, ingest, '/api/results/batch');
    expect(res.status).toBe(400);
    const err = await res.json<{ error: { details: { path: string }[] } }>();
    expect(err.error.details[0]?.path).toBe('results.377.metrics.e2eMs');
    expect(await count('battles', 'id = ?', b.id)).toBe(0);
    expect(await count('results', 'battle_id = ?', b.id)).toBe(0);
  });

  it('stores nothing when one result of the batch refers to an unknown task', async () => {
    const { battle: b, results } = ciBatch(uid('ci'), 300);
    const broken = results.map((r, i) => (i === 299 ? { ...r, taskId: 'nope' } : r));
    const res = await post({ battle: b, results: broken }, ingest, '/api/results/batch');
    expect(res.status).toBe(404);
    expect(await count('results', 'battle_id = ?', b.id)).toBe(0);
  });

  it('is all-or-nothing when the database refuses a statement midway', async () => {
    // A trigger makes D1 abort on one result near the end of the batch: the battle, its
    // contestants and the results written by earlier statements must all be rolled back.
    const batch = ciBatch(uid('ci'), 1000);
    const poisoned = batch.results[900]!.id;
    await env.DB.prepare(
      `CREATE TRIGGER poison_${poisoned.replace(/\W/g, '_')} BEFORE INSERT ON results WHEN NEW.id = '${poisoned}' BEGIN SELECT RAISE(ABORT, 'poisoned'); END`,
    ).run();
    const res = await post(batch, ingest, '/api/results/batch');
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: { code: 'internal_error' } });
    expect(await count('battles', 'id = ?', batch.battle.id)).toBe(0);
    expect(await count('contestants', 'battle_id = ?', batch.battle.id)).toBe(0);
    expect(await count('results', 'battle_id = ?', batch.battle.id)).toBe(0);
    expect(await count('evaluations', 'result_id LIKE ?', `${batch.battle.id}-%`)).toBe(0);
  });

  it('refuses a batch holding a conflicting id and stores none of its new results', async () => {
    const first = ciBatch(uid('ci'), 10);
    await post(first, ingest, '/api/results/batch');
    const second = ciBatch(uid('ci'), 200);
    const mixed = [...second.results, { ...first.results[3]!, battleId: first.battle.id, score: 0.99 }];
    const res = await post({ battle: second.battle, results: mixed }, ingest, '/api/results/batch');
    expect(res.status).toBe(409);
    expect(await count('results', 'battle_id = ?', second.battle.id)).toBe(0);
    expect(await count('battles', 'id = ?', second.battle.id)).toBe(0);
  });

  it('takes the same batch twice without duplicates', async () => {
    const batch = ciBatch(uid('ci'), 1000);
    expect((await post(batch, ingest, '/api/results/batch')).status).toBe(201);
    const again = await post(batch, ingest, '/api/results/batch');
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ created: 0, duplicates: 1000 });
    expect(await count('results', 'battle_id = ?', batch.battle.id)).toBe(1000);
  });

  it('refuses more results than the limit with 400', async () => {
    const { battle: b, results } = ciBatch(uid('ci'), 1);
    const many = Array.from({ length: 10_001 }, (_, i) => ({ ...results[0]!, id: `x-${i}` }));
    const res = await post({ battle: b, results: many }, ingest, '/api/results/batch');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { details: [{ path: 'results' }] } });
  });
});

import { env } from 'cloudflare:test';
import { BatchSummarySchema, BattleSchema, MAX_JSON_DEPTH } from '@ringside/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, battle, count, createToken, ingest, result, uid } from '../test/helpers.ts';

/** Issue 9 (bounded input): free-form JSON fields are refused past 32 levels, with a 400 that names the field. */

let runner: string;
let ingestToken: string;
beforeAll(async () => {
  runner = (await createToken('runner')).token;
  ingestToken = (await createToken('ingest')).token;
});

/** Stands for `[[[…[1]…]]]`, `depth` arrays deep, in a body built by `post`. */
const nested = (depth: number) => `__deep${depth}__`;

/**
 * Posts `body` as JSON text, with every `nested(n)` placeholder written out as text: a body this
 * deep is built as a string, since JSON.stringify itself recurses and may overflow the test's stack.
 */
function post(path: string, body: unknown, method = 'POST') {
  const text = JSON.stringify(body).replace(
    /"__deep(\d+)__"/g,
    (_, n) => `${'['.repeat(+n)}1${']'.repeat(+n)}`,
  );
  return api(path, { method, token: runner, body: text, headers: { 'Content-Type': 'application/json' } });
}

type ErrorBody = { error: { code: string; details: { path: string; message: string }[] } };

async function expectRefused(res: Response, path: string) {
  expect(res.status).toBe(400);
  const body = await res.json<ErrorBody>();
  expect(body.error.code).toBe('invalid_body');
  const detail = body.error.details.find((d) => d.path === path);
  expect(detail?.message).toContain(`${MAX_JSON_DEPTH} levels`);
}

const deepTask = (depth: number) => ({
  id: 't1',
  category: 'creative' as const,
  prompt: 'Write a haiku.',
  assertions: [{ type: 'equals', value: nested(depth) }],
});

describe('free-form JSON nested too deep', () => {
  for (const depth of [1_001, 10_000]) {
    it(`refuses a task assertion value ${depth} deep with 400 and stores no battle`, async () => {
      const b = battle({ tasks: [deepTask(depth)] as never });
      const res = await post(`/api/battles/${b.id}`, b, 'PUT');
      await expectRefused(res, 'tasks.0.assertions.0.value');
      expect(await count('battles', 'id = ?', b.id)).toBe(0);
    });

    it(`refuses evaluation details ${depth} deep, in a result and posted later, with 400`, async () => {
      const b = battle();
      const r = result(b.id, {
        evaluations: [{ source: 'check', evaluator: 'x', details: { deep: nested(depth) } }],
      });
      const inResult = await post('/api/results', { battle: b, results: [r] });
      await expectRefused(inResult, 'results.0.evaluations.0.details');
      expect(await count('results', 'id = ?', r.id)).toBe(0);

      const ok = result(b.id);
      await ingest(runner, { battle: b, results: [ok] });
      const later = await post(`/api/results/${ok.id}/evaluations`, {
        evaluations: [{ id: 'deep', source: 'judge', evaluator: 'j', details: { deep: nested(depth) } }],
      });
      await expectRefused(later, 'evaluations.0.details');
      expect(await count('evaluations', 'result_id = ?', ok.id)).toBe(0);
    });

    it(`refuses a suite whose assertion value is ${depth} deep with 400`, async () => {
      const name = uid('suite');
      const res = await post(`/api/suites/${name}`, { name, tasks: [deepTask(depth)] }, 'PUT');
      await expectRefused(res, 'tasks.0.assertions.0.value');
      expect(await count('suites', 'name = ?', name)).toBe(0);
    });
  }

  it(`still takes a value ${MAX_JSON_DEPTH} levels deep`, async () => {
    const b = battle({ tasks: [deepTask(MAX_JSON_DEPTH)] as never });
    const res = await post(`/api/battles/${b.id}`, b, 'PUT');
    expect(res.status).toBe(201);
  });
});

describe('ci.url', () => {
  const ciBattle = (url: string) =>
    battle({ origin: 'ci', suite: { name: 'smoke', version: '1' }, ci: { commit: 'abc', url } } as never);

  it('refuses a javascript: link with 400 naming ci.url, and stores nothing', async () => {
    for (const url of ['javascript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>']) {
      const b = ciBattle(url);
      const res = await api(`/api/battles/${b.id}`, { method: 'PUT', token: ingestToken, json: b });
      expect(res.status).toBe(400);
      const body = await res.json<ErrorBody>();
      expect(body.error.details).toContainEqual({ path: 'ci.url', message: 'an http or https URL' });
      expect(await count('battles', 'id = ?', b.id)).toBe(0);
    }
  });

  it('takes an https link', async () => {
    const b = ciBattle('https://ci.example/builds/42');
    const res = await api(`/api/battles/${b.id}`, { method: 'PUT', token: ingestToken, json: b });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ ci: { url: 'https://ci.example/builds/42' } });
  });

  it('leaves out a javascript: link stored before the check, so reads keep the shared shape', async () => {
    const b = ciBattle('https://ci.example/builds/43');
    expect((await api(`/api/battles/${b.id}`, { method: 'PUT', token: ingestToken, json: b })).status).toBe(
      201,
    );
    await env.DB.prepare('UPDATE battles SET ci_url = ? WHERE id = ?')
      .bind('javascript:alert(1)', b.id)
      .run();

    const read = await (await api(`/api/battles/${b.id}`)).json();
    expect(BattleSchema.safeParse(read).success).toBe(true);
    expect(read).toMatchObject({ ci: { commit: 'abc' } });
    expect(JSON.stringify(read)).not.toContain('javascript:');
    const batch = await (await api(`/api/batches/${b.id}`)).json();
    expect(BatchSummarySchema.safeParse(batch).success).toBe(true);
    expect(JSON.stringify(batch)).not.toContain('javascript:');
  });
});

describe('an evaluation id posted again', () => {
  const verdict = (overrides: Record<string, unknown> = {}) => ({
    id: 'judge-t1',
    source: 'judge',
    evaluator: 'judge:embedded:tiny',
    score: 0.8,
    details: { winner: 'c1', order: [{ contestantId: 'c1' }, { contestantId: 'c2' }] },
    ...overrides,
  });
  const postEvaluations = (resultId: string, evaluations: unknown[]) =>
    api(`/api/results/${resultId}/evaluations`, { method: 'POST', token: runner, json: { evaluations } });

  async function stored() {
    const b = battle();
    const r = result(b.id);
    await ingest(runner, { battle: b, results: [r] });
    expect((await postEvaluations(r.id, [verdict()])).status).toBe(201);
    return r.id;
  }

  it('answers 409 with another body and keeps the first', async () => {
    const id = await stored();
    for (const changed of [
      verdict({ score: 0.1 }),
      verdict({ details: { winner: 'c2' } }),
      verdict({ source: 'check' }),
      verdict({ passed: true }),
    ]) {
      const res = await postEvaluations(id, [changed]);
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({
        error: { code: 'evaluation_conflict', details: [{ path: 'evaluations.0.id' }] },
      });
    }
    const row = await env.DB.prepare('SELECT score, details FROM evaluations WHERE id = ?')
      .bind(`${id}:judge-t1`)
      .first<{ score: number; details: string }>();
    expect(row?.score).toBe(0.8);
    expect(JSON.parse(row?.details ?? '{}')).toMatchObject({ winner: 'c1' });
  });

  it('stores nothing of a request that conflicts, even its new evaluations', async () => {
    const id = await stored();
    const res = await postEvaluations(id, [verdict({ id: 'fresh' }), verdict({ score: 0.2 })]);
    expect(res.status).toBe(409);
    expect(await count('evaluations', 'id = ?', `${id}:fresh`)).toBe(0);
  });

  it('answers 409 for one id twice in a request with different bodies', async () => {
    const b = battle();
    const r = result(b.id);
    await ingest(runner, { battle: b, results: [r] });
    const res = await postEvaluations(r.id, [verdict(), verdict({ score: 0.5 })]);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { details: [{ path: 'evaluations.1.id' }] } });
    expect(await count('evaluations', 'result_id = ?', r.id)).toBe(0);
  });

  it('stays 200 (a duplicate) for the same body, whatever its key order', async () => {
    const id = await stored();
    const same = verdict({
      details: { order: [{ contestantId: 'c1' }, { contestantId: 'c2' }], winner: 'c1' },
    });
    const res = await postEvaluations(id, [same]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ created: 0, duplicates: 1, ids: [`${id}:judge-t1`] });
  });

  it('stores the most evaluations one request may carry (256) in one go', async () => {
    const b = battle();
    const r = result(b.id);
    await ingest(runner, { battle: b, results: [r] });
    const many = Array.from({ length: 256 }, (_, i) => verdict({ id: `v${i}` }));
    const res = await postEvaluations(r.id, many);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ created: 256, duplicates: 0 });
    expect(await count('evaluations', 'result_id = ?', r.id)).toBe(256);
    expect((await postEvaluations(r.id, many)).status).toBe(200);
  });
});

describe('limits are named in the error', () => {
  const details = async (res: Response) => {
    expect(res.status).toBe(400);
    return (await res.json<ErrorBody>()).error.details;
  };

  it('a 1,001-result POST says at most 1000 results per request, at path results', async () => {
    const b = battle();
    const results = Array.from({ length: 1_001 }, (_, i) => result(b.id, { id: `${b.id}-r${i}` }));
    const res = await api('/api/results', { method: 'POST', token: runner, json: { battle: b, results } });
    expect(await details(res)).toEqual([
      {
        path: 'results',
        message: 'at most 1000 results per request; post larger sets to /api/results/batch',
      },
    ]);
    expect(await count('battles', 'id = ?', b.id)).toBe(0);
  });

  it('a single posted result names its bad field, not the union of body shapes', async () => {
    const b = battle();
    await ingest(runner, { battle: b, results: [result(b.id)] });
    const res = await api('/api/results', {
      method: 'POST',
      token: runner,
      json: result(b.id, { output: { text: 'x'.repeat(2_000_001) } }),
    });
    expect(await details(res)).toEqual([
      { path: 'output.text', message: 'Too big: expected string to have <=2000000 characters' },
    ]);
  });

  it('collection caps of a battle, a task and a request name their limit', async () => {
    const b = battle();
    const tooMany = battle({
      contestants: Array.from({ length: 9 }, (_, i) => ({ ...b.contestants[0], id: `c${i}` })) as never,
      tasks: [
        { ...b.tasks[0], assertions: Array.from({ length: 65 }, () => ({ type: 'contains', value: 'x' })) },
      ] as never,
    });
    const res = await api(`/api/battles/${tooMany.id}`, { method: 'PUT', token: runner, json: tooMany });
    expect(await details(res)).toEqual(
      expect.arrayContaining([
        { path: 'contestants', message: 'a battle has 1 to 8 contestants' },
        { path: 'tasks.0.assertions', message: 'at most 64 assertions per task' },
      ]),
    );
    const r = result(b.id);
    await ingest(runner, { battle: b, results: [r] });
    const evals = Array.from({ length: 257 }, (_, i) => ({ id: `e${i}`, source: 'check', evaluator: 'x' }));
    const posted = await api(`/api/results/${r.id}/evaluations`, {
      method: 'POST',
      token: runner,
      json: { evaluations: evals },
    });
    expect(await details(posted)).toEqual([
      { path: 'evaluations', message: 'at most 256 evaluations per request' },
    ]);
  });
});

describe('cross-examination prompt', () => {
  const exam = (battleId: string, prompt: unknown[]) => ({
    battleId,
    examiner: { provider: 'embedded', model: 'tiny' },
    question: 'Who won?',
    prompt,
    answer: 'c1',
    status: 'ok',
    error: null,
    e2eMs: 5,
    at: '2026-11-22T02:00:00.000Z',
  });
  const message = { role: 'user', content: 'Who won?' };
  const postExam = (battleId: string, body: unknown) =>
    api(`/api/battles/${battleId}/cross-examinations`, { method: 'POST', token: runner, json: body });

  it('refuses 100,000 prompt messages and a 200,001-character message with 400 naming the limit', async () => {
    const b = battle();
    await ingest(runner, { battle: b, results: [result(b.id)] });
    const many = await postExam(
      b.id,
      exam(
        b.id,
        Array.from({ length: 100_000 }, () => message),
      ),
    );
    expect(many.status).toBe(400);
    expect((await many.json<ErrorBody>()).error.details).toEqual([
      { path: 'prompt', message: 'at most 64 prompt messages' },
    ]);
    const long = await postExam(b.id, exam(b.id, [{ role: 'user', content: 'x'.repeat(200_001) }]));
    expect(long.status).toBe(400);
    expect((await long.json<ErrorBody>()).error.details).toEqual([
      { path: 'prompt.0.content', message: 'at most 200000 characters per message' },
    ]);
    expect(await count('cross_examinations', 'battle_id = ?', b.id)).toBe(0);
    expect((await postExam(b.id, exam(b.id, [message, message]))).status).toBe(201);
  });

  it('leaves a cross-examination stored before the bound out of the battle read', async () => {
    const b = battle();
    await ingest(runner, { battle: b, results: [result(b.id)] });
    const body = JSON.stringify(
      exam(
        b.id,
        Array.from({ length: 1_000 }, () => message),
      ),
    );
    await env.DB.prepare(
      'INSERT INTO cross_examinations (id, battle_id, body, created_at) VALUES (?, ?, ?, ?)',
    )
      .bind(`x-${b.id}`, b.id, body, Date.now())
      .run();
    const read = await api(`/api/battles/${b.id}`);
    expect(read.status).toBe(200);
    expect((await read.json<{ crossExaminations: unknown[] }>()).crossExaminations).toEqual([]);
  });
});

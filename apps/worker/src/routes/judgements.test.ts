import type { CrossExamination } from '@ringside/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, battle, count, createToken, ingest, result, reveal, uid } from '../test/helpers.ts';

let runner: string;
let ingestToken: string;
let admin: string;
beforeAll(async () => {
  runner = (await createToken('runner')).token;
  ingestToken = (await createToken('ingest')).token;
  admin = (await createToken('admin')).token;
});

/** A battle of two contestants on task t1 with one result each, past its blind window; returns the ids. */
async function seeded() {
  const b = battle();
  const r1 = result(b.id, { contestantId: 'c1' });
  const r2 = result(b.id, { contestantId: 'c2' });
  await ingest(runner, { battle: b, results: [r1, r2] });
  await reveal(b.id);
  return { battleId: b.id, r1: r1.id as string, r2: r2.id as string };
}

const verdict = (id = 'judge-t1') => ({
  id,
  source: 'judge',
  evaluator: 'judge:embedded:tiny',
  score: 0.8,
  raw: 80,
  maxScore: 100,
  details: { winner: 'c1' },
});

describe('POST /api/results/:id/evaluations', () => {
  it('answers 401 without a token, 403 for an ingest token, and accepts runner and admin tokens', async () => {
    const { r1 } = await seeded();
    const post = (token?: string, id = 'v') =>
      api(`/api/results/${r1}/evaluations`, { method: 'POST', token, json: { evaluations: [verdict(id)] } });
    expect((await post()).status).toBe(401);
    expect((await post(ingestToken)).status).toBe(403);
    expect((await post(runner, 'v-runner')).status).toBe(201);
    expect((await post(admin, 'v-admin')).status).toBe(201);
    expect(await count('evaluations', "result_id = ? AND source = 'judge'", r1)).toBe(2);
  });

  it('stores an evaluation posted twice once (idempotent by id) and serves it with the battle', async () => {
    const { battleId, r1 } = await seeded();
    const body = { evaluations: [verdict()] };
    const first = await api(`/api/results/${r1}/evaluations`, { method: 'POST', token: runner, json: body });
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ created: 1, duplicates: 0, ids: [`${r1}:judge-t1`] });
    const again = await api(`/api/results/${r1}/evaluations`, { method: 'POST', token: runner, json: body });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ created: 0, duplicates: 1 });
    expect(await count('evaluations', 'id = ?', `${r1}:judge-t1`)).toBe(1);

    const read = await (await api(`/api/battles/${battleId}`)).json<{
      results: { id: string; evaluations: { source: string; evaluator: string }[] }[];
    }>();
    const stored = read.results.find((r) => r.id === r1)?.evaluations ?? [];
    expect(stored).toContainEqual(
      expect.objectContaining({ source: 'judge', evaluator: 'judge:embedded:tiny' }),
    );
  });

  it('refuses a human evaluation, naming the source field', async () => {
    const { r1 } = await seeded();
    const res = await api(`/api/results/${r1}/evaluations`, {
      method: 'POST',
      token: runner,
      json: { evaluations: [{ ...verdict(), source: 'human' }] },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { details: [{ path: 'evaluations.0.source' }] } });
    expect(await count('evaluations', "result_id = ? AND source = 'human'", r1)).toBe(0);
  });

  it('refuses an evaluation without an id or with a score above 1, naming each field', async () => {
    const { r1 } = await seeded();
    const { id: _, ...noId } = verdict();
    const res = await api(`/api/results/${r1}/evaluations`, {
      method: 'POST',
      token: runner,
      json: { evaluations: [noId, { ...verdict(), score: 2 }] },
    });
    expect(res.status).toBe(400);
    const paths = (await res.json<{ error: { details: { path: string }[] } }>()).error.details.map(
      (d) => d.path,
    );
    expect(paths).toEqual(expect.arrayContaining(['evaluations.0.id', 'evaluations.1.score']));
  });

  it('answers 404 for an unknown result', async () => {
    const res = await api(`/api/results/${uid('nope')}/evaluations`, {
      method: 'POST',
      token: runner,
      json: { evaluations: [verdict()] },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found', details: [{ path: 'id' }] } });
  });
});

describe('PUT /api/results/:id/judgement', () => {
  it('stores one owner evaluation per result and replaces it on update', async () => {
    const { r1 } = await seeded();
    const put = (json: unknown, token = runner) =>
      api(`/api/results/${r1}/judgement`, { method: 'PUT', token, json });
    const first = await put({ thumbs: 'up', stars: 5, note: 'clean' });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      id: `${r1}:owner`,
      source: 'owner',
      score: 1,
      raw: 5,
      maxScore: 5,
      passed: true,
      details: { thumbs: 'up', stars: 5, note: 'clean' },
    });
    const second = await put({ thumbs: 'down', stars: 2 }, admin);
    expect(await second.json()).toMatchObject({ score: 0.25, passed: false, details: { note: null } });
    expect(await count('evaluations', "result_id = ? AND source = 'owner'", r1)).toBe(1);
  });

  it('answers 401/403 for missing and ingest tokens', async () => {
    const { r1 } = await seeded();
    const put = (token?: string) =>
      api(`/api/results/${r1}/judgement`, { method: 'PUT', token, json: { thumbs: 'up' } });
    expect((await put()).status).toBe(401);
    expect((await put(ingestToken)).status).toBe(403);
    expect(await count('evaluations', "result_id = ? AND source = 'owner'", r1)).toBe(0);
  });

  it('refuses 6 stars and an empty judgement, naming the field; 404 for an unknown result', async () => {
    const { r1 } = await seeded();
    const six = await api(`/api/results/${r1}/judgement`, {
      method: 'PUT',
      token: runner,
      json: { stars: 6 },
    });
    expect(six.status).toBe(400);
    expect(await six.json()).toMatchObject({ error: { details: [{ path: 'stars' }] } });
    const empty = await api(`/api/results/${r1}/judgement`, { method: 'PUT', token: runner, json: {} });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { details: [{ path: 'thumbs' }] } });
    const unknown = await api(`/api/results/${uid('nope')}/judgement`, {
      method: 'PUT',
      token: runner,
      json: { thumbs: 'up' },
    });
    expect(unknown.status).toBe(404);
  });
});

describe('PUT /api/battles/:id/tasks/:taskId/winner', () => {
  it('keeps the owner override beside the automatic (judge) winner in GET /api/battles/:id', async () => {
    const { battleId, r1 } = await seeded();
    await api(`/api/results/${r1}/evaluations`, {
      method: 'POST',
      token: runner,
      json: { evaluations: [verdict()] },
    });
    const res = await api(`/api/battles/${battleId}/tasks/t1/winner`, {
      method: 'PUT',
      token: runner,
      json: { winner: 'c2', note: 'c1 was wrong' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ taskId: 't1', winner: 'c2', tie: false, note: 'c1 was wrong' });

    const read = await (await api(`/api/battles/${battleId}`)).json<{
      overrides: unknown[];
      results: { id: string; evaluations: { source: string; details?: { winner?: string } }[] }[];
    }>();
    expect(read.overrides).toEqual([expect.objectContaining({ taskId: 't1', winner: 'c2' })]);
    const judge = read.results.find((r) => r.id === r1)?.evaluations.find((e) => e.source === 'judge');
    expect(judge?.details?.winner).toBe('c1');
  });

  it('replaces the override with a tie on a second PUT', async () => {
    const { battleId } = await seeded();
    const path = `/api/battles/${battleId}/tasks/t1/winner`;
    await api(path, { method: 'PUT', token: runner, json: { winner: 'c1' } });
    const tie = await api(path, { method: 'PUT', token: admin, json: { tie: true } });
    expect(await tie.json()).toMatchObject({ winner: null, tie: true });
    expect(await count('winner_overrides', 'battle_id = ?', battleId)).toBe(1);
  });

  it('refuses a winner who is not a contestant (400 winner), an unknown task or battle (404), an ingest token (403)', async () => {
    const { battleId } = await seeded();
    const put = (path: string, json: unknown, token = runner) => api(path, { method: 'PUT', token, json });
    const stranger = await put(`/api/battles/${battleId}/tasks/t1/winner`, { winner: 'c9' });
    expect(stranger.status).toBe(400);
    expect(await stranger.json()).toMatchObject({ error: { details: [{ path: 'winner' }] } });
    const both = await put(`/api/battles/${battleId}/tasks/t1/winner`, { winner: 'c1', tie: true });
    expect(both.status).toBe(400);
    expect((await put(`/api/battles/${battleId}/tasks/t9/winner`, { winner: 'c1' })).status).toBe(404);
    expect((await put(`/api/battles/${uid('nope')}/tasks/t1/winner`, { winner: 'c1' })).status).toBe(404);
    expect(
      (await put(`/api/battles/${battleId}/tasks/t1/winner`, { winner: 'c1' }, ingestToken)).status,
    ).toBe(403);
    expect(await count('winner_overrides', 'battle_id = ?', battleId)).toBe(0);
  });
});

describe('POST /api/battles/:id/cross-examinations', () => {
  const exchange = (battleId: string): CrossExamination => ({
    battleId,
    examiner: { provider: 'embedded', model: 'tiny' },
    question: 'Which answer is wrong?',
    prompt: [{ role: 'user', content: 'Which answer is wrong?' }],
    answer: 'The second.',
    status: 'ok',
    error: null,
    e2eMs: 12,
    at: '2026-11-22T02:00:00.000Z',
  });

  it('stores the exchange and GET /api/battles/:id serves it', async () => {
    const { battleId } = await seeded();
    const res = await api(`/api/battles/${battleId}/cross-examinations`, {
      method: 'POST',
      token: runner,
      json: exchange(battleId),
    });
    expect(res.status).toBe(201);
    const stored = await res.json<{ id: string }>();
    const read = await (await api(`/api/battles/${battleId}`)).json<{ crossExaminations: unknown[] }>();
    expect(read.crossExaminations).toEqual([{ ...exchange(battleId), id: stored.id }]);
  });

  it('refuses a body for another battle (400 battleId), an unknown battle (404), no token (401)', async () => {
    const { battleId } = await seeded();
    const post = (id: string, json: unknown, token?: string) =>
      api(`/api/battles/${id}/cross-examinations`, { method: 'POST', token, json });
    const other = await post(battleId, exchange('someone-else'), runner);
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ error: { details: [{ path: 'battleId' }] } });
    const missing = uid('nope');
    expect((await post(missing, exchange(missing), runner)).status).toBe(404);
    expect((await post(battleId, exchange(battleId))).status).toBe(401);
    const bad = await post(battleId, { ...exchange(battleId), question: '' }, runner);
    expect(await bad.json()).toMatchObject({ error: { details: [{ path: 'question' }] } });
    expect(await count('cross_examinations', 'battle_id = ?', battleId)).toBe(0);
  });
});

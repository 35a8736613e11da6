import { env } from 'cloudflare:test';
import type { ArenaPair } from '@ringside/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, battle, createToken, ingest, parseCsv, result, uid } from '../test/helpers.ts';

/**
 * Issue 9 (bounded input): rows that cannot be read back — JSON deeper than SQLite's 1,000
 * levels, stored before the schemas bounded it, or text that is not JSON at all — are written
 * here straight into D1, past validation. Every public read keeps answering 200 and leaves the
 * bad row out (logging it); only a read of that one row says it is unreadable.
 */

/** 2,000 levels: JavaScript reads it, SQLite's JSON functions refuse it. */
const TOO_DEEP = `${'['.repeat(2_000)}${']'.repeat(2_000)}`;
const NOT_JSON = '{"tasks": [';

let admin: string;
const good = battle({ id: uid('good'), state: 'done' });
const r1 = result(good.id, { id: uid('r1'), contestantId: 'c1' });
const r2 = result(good.id, {
  id: uid('r2'),
  contestantId: 'c2',
  output: { text: 'Salt wind combs the dunes' },
});
const r3 = result(good.id, { id: uid('r3'), contestantId: 'c1', repeat: 1 });
/** pooled for the arena while readable, broken afterwards */
const deepAfterPool = battle({ id: uid('deep'), state: 'done' });
const notJsonAfterPool = battle({ id: uid('notjson'), state: 'done' });
/** broken before the pool ever read it */
const deepBeforePool = battle({ id: uid('deeper'), state: 'done' });

async function ingestPair(b: ReturnType<typeof battle>, runner: string) {
  await ingest(runner, {
    battle: b,
    results: [
      result(b.id, { contestantId: 'c1', output: { text: `Gulls over ${b.id}` } }),
      result(b.id, { contestantId: 'c2', output: { text: `Tide under ${b.id}` } }),
    ],
  });
}

beforeAll(async () => {
  admin = (await createToken('admin')).token;
  const runner = (await createToken('runner')).token;
  await ingest(runner, { battle: good, results: [r1, r2, r3] });
  await ingestPair(deepAfterPool, runner);
  await ingestPair(notJsonAfterPool, runner);
  const judged = await api(`/api/results/${r1.id}/evaluations`, {
    method: 'POST',
    token: runner,
    json: { evaluations: [{ id: 'fine', source: 'judge', evaluator: 'j', details: { winner: 'c1' } }] },
  });
  expect(judged.status).toBe(201);
  const examined = await api(`/api/battles/${good.id}/cross-examinations`, {
    method: 'POST',
    token: runner,
    json: {
      battleId: good.id,
      examiner: { provider: 'embedded', model: 'tiny' },
      question: 'Who won?',
      prompt: [{ role: 'user', content: 'Who won?' }],
      answer: 'c1',
      status: 'ok',
      error: null,
      e2eMs: 5,
      at: '2026-11-22T02:00:00.000Z',
    },
  });
  expect(examined.status).toBe(201);
  expect((await api('/api/leaderboard/recompute', { method: 'POST', token: admin })).status).toBe(200);

  await ingestPair(deepBeforePool, runner);
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare('UPDATE battles SET tasks = ? WHERE id IN (?, ?)').bind(
      TOO_DEEP,
      deepAfterPool.id,
      deepBeforePool.id,
    ),
    env.DB.prepare('UPDATE battles SET tasks = ? WHERE id = ?').bind(NOT_JSON, notJsonAfterPool.id),
    env.DB.prepare('UPDATE results SET data = ? WHERE id = ?').bind(NOT_JSON, r3.id),
    env.DB.prepare(
      "INSERT INTO evaluations (id, result_id, source, evaluator, details, created_at) VALUES (?, ?, 'judge', 'j', ?, ?)",
    ).bind(`${r1.id}:broken`, r1.id, NOT_JSON, now),
    env.DB.prepare(
      'INSERT INTO cross_examinations (id, battle_id, body, created_at) VALUES (?, ?, ?, ?)',
    ).bind('x-broken', good.id, NOT_JSON, now),
  ]);
  expect((await api('/api/leaderboard/recompute', { method: 'POST', token: admin })).status).toBe(200);
});

const broken = [deepAfterPool.id, notJsonAfterPool.id, deepBeforePool.id];

describe('a stored row that cannot be read', () => {
  // The battles are blind (they feed the arena draw below): the reads go as an admin, who sees them
  // in full, so only their unreadable rows can keep them out.
  it('is left out of the battles CSV export, which answers 200 for every filter', async () => {
    for (const query of ['', '?state=done', '?type=qa', `?q=${encodeURIComponent('Haiku')}`]) {
      const res = await api(`/api/export/battles.csv${query}`, { token: admin });
      expect(res.status).toBe(200);
      const ids = parseCsv(await res.text()).map((row) => row[0]);
      expect(ids).toContain(good.id);
      for (const id of broken) expect(ids).not.toContain(id);
    }
  });

  it('is left out of the battles JSON export, the battle list and the results exports', async () => {
    const json = await api('/api/export/battles.json', { token: admin });
    expect(json.status).toBe(200);
    const exported = (await json.json<{ id: string }[]>()).map((b) => b.id);
    expect(exported).toContain(good.id);
    expect(exported).not.toContain(notJsonAfterPool.id);

    const list = await api('/api/battles?limit=500', { token: admin });
    expect(list.status).toBe(200);
    const listed = (await list.json<{ items: { id: string }[] }>()).items.map((b) => b.id);
    expect(listed).toContain(good.id);
    expect(listed).not.toContain(notJsonAfterPool.id);

    for (const file of ['results.csv', 'results.json']) {
      const res = await api(`/api/export/${file}?battleId=${good.id}`, { token: admin });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain(r1.id);
      expect(text).not.toContain(r3.id);
    }
    const results = await api(`/api/results?battleId=${good.id}`, { token: admin });
    expect(results.status).toBe(200);
    expect((await results.json<{ items: { id: string }[] }>()).items.map((r) => r.id).sort()).toEqual(
      [r1.id, r2.id].sort(),
    );
  });

  it('is left out of a battle read: unreadable results, evaluations and cross-examinations are skipped', async () => {
    const res = await api(`/api/battles/${good.id}`, { token: admin });
    expect(res.status).toBe(200);
    const body = await res.json<{
      results: { id: string; evaluations: { id: string }[] }[];
      crossExaminations: { id: string }[];
    }>();
    expect(body.results.map((r) => r.id).sort()).toEqual([r1.id, r2.id].sort());
    expect(body.results.find((r) => r.id === r1.id)?.evaluations.map((e) => e.id)).toEqual([`${r1.id}:fine`]);
    expect(body.crossExaminations).toHaveLength(1);
  });

  it('answers unreadable_row, not a bare internal error, when that one battle is read', async () => {
    const res = await api(`/api/battles/${notJsonAfterPool.id}`, { token: admin });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: { code: 'unreadable_row' } });
    // JSON too deep for SQLite is still valid JSON to JavaScript: that battle reads normally.
    expect((await api(`/api/battles/${deepAfterPool.id}`)).status).toBe(200);
  });

  it('never fails an arena draw: every pair shown comes from the readable battle', async () => {
    const headers = { 'CF-Connecting-IP': '10.9.0.1' };
    for (let i = 0; i < 12; i++) {
      const res = await api('/api/arena/pair', { headers });
      expect(res.status).toBe(200);
      const pair = await res.json<ArenaPair>();
      expect([pair.a.text, pair.b.text].sort()).toEqual([
        'Salt wind combs the dunes',
        'Waves fold into foam',
      ]);
    }
  });

  it('leaves the leaderboard, head-to-head and pair exports answering 200', async () => {
    for (const path of [
      '/api/leaderboard?source=auto',
      '/api/leaderboard?source=blend&scope=contestant',
      '/api/leaderboard/head-to-head?a=embedded:tiny&b=ollama:llama3.2&source=auto',
      '/api/arena/pairs.jsonl?source=auto',
      '/api/stats',
      '/api/models',
    ]) {
      expect((await api(path)).status, path).toBe(200);
    }
  });
});

import type { StoredResult } from '@ringside/shared';
import { StoredResultSchema } from '@ringside/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  backdate,
  battle,
  ciBatch,
  createToken,
  ingest,
  result,
  uid,
  walkPages,
} from '../test/helpers.ts';

type Page = { items: StoredResult[]; nextCursor: string | null };

const suite = uid('runs-suite');
const otherSuite = uid('runs-other');
const a = ciBatch(uid('batch-a'), 5, { suite });
const b = ciBatch(uid('batch-b'), 3, { suite: otherSuite });
// One failed run in batch b, from another model.
b.battle.contestants.push({ id: 'alt', provider: 'ollama', model: 'llama3.2', lane: 'local', sampling: {} });
b.results[2] = {
  ...b.results[2]!,
  contestantId: 'alt',
  status: 'error',
  score: null,
  passed: null,
  error: { kind: 'http-error', message: 'HTTP 500', status: 500 },
};
const runner = battle();
const runnerResult = result(runner.id);
const past = Date.parse('2026-01-01T00:00:00.000Z');

beforeAll(async () => {
  const ci = await createToken('ingest');
  const box = await createToken('runner');
  await ingest(ci.token, a);
  await ingest(ci.token, b);
  await ingest(box.token, { battle: runner, results: [runnerResult] });
  await backdate(b.battle.id, past);
});

describe('GET /api/runs', () => {
  it('lists the runs of a suite newest first, each with its evaluations', async () => {
    const res = await api(`/api/runs?suite=${suite}`);
    expect(res.status).toBe(200);
    const page = await res.json<Page>();
    expect(page.items.map((r) => r.id).sort()).toEqual(a.results.map((r) => r.id).sort());
    expect(page.nextCursor).toBeNull();
    for (const run of page.items) StoredResultSchema.parse(run);
    const keys = page.items.map((r) => [Date.parse(r.createdAt), r.id] as const);
    const sorted = [...keys].sort((x, y) => y[0] - x[0] || (y[1] < x[1] ? -1 : y[1] > x[1] ? 1 : 0));
    expect(keys).toEqual(sorted);
    expect(page.items[0]?.evaluations).toMatchObject([{ source: 'ci', evaluator: 'unit-tests' }]);
  });

  it('never lists results of runner battles', async () => {
    const page = await (await api(`/api/runs?batch=${runner.id}`)).json<Page>();
    expect(page).toEqual({ items: [], nextCursor: null });
    const all = await walkPages<StoredResult>('/api/runs?limit=500');
    expect(all.items.map((r) => r.id)).not.toContain(runnerResult.id);
  });

  it('filters by batch, model and status', async () => {
    const byBatch = await (await api(`/api/runs?batch=${b.battle.id}`)).json<Page>();
    expect(byBatch.items).toHaveLength(3);
    const byModel = await (await api(`/api/runs?batch=${b.battle.id}&model=llama3.2`)).json<Page>();
    expect(byModel.items.map((r) => r.id)).toEqual([b.results[2]!.id]);
    const errors = await (await api(`/api/runs?suite=${otherSuite}&status=error`)).json<Page>();
    expect(errors.items.map((r) => r.error?.kind)).toEqual(['http-error']);
  });

  it('filters by time: from is inclusive, to is exclusive', async () => {
    const at = new Date(past).toISOString();
    const after = new Date(past + 1).toISOString();
    const q = (s: string) => api(`/api/runs?suite=${otherSuite}&${s}`).then((r) => r.json<Page>());
    expect((await q(`from=${at}`)).items).toHaveLength(3);
    expect((await q(`from=${after}`)).items).toHaveLength(0);
    expect((await q(`to=${after}`)).items).toHaveLength(3);
    expect((await q(`to=${at}`)).items).toHaveLength(0);
  });

  it('walks every run with limit=1, without repeats or gaps', async () => {
    const { items, pages } = await walkPages<StoredResult>(`/api/runs?suite=${suite}&limit=1`);
    expect(pages).toBe(5);
    expect(items.map((r) => r.id).sort()).toEqual(a.results.map((r) => r.id).sort());
  });

  it('answers an empty page for a suite without runs', async () => {
    const res = await api(`/api/runs?suite=${uid('nothing')}`);
    expect(await res.json()).toEqual({ items: [], nextCursor: null });
  });

  it('refuses a malformed cursor and a limit over 500 with 400 naming the field', async () => {
    const bad = await api('/api/runs?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: 'invalid_query', details: [{ path: 'cursor' }] },
    });
    const big = await api('/api/runs?limit=501');
    expect(big.status).toBe(400);
    expect(await big.json()).toMatchObject({
      error: { code: 'invalid_query', details: [{ path: 'limit' }] },
    });
  });
});

describe('GET /api/runs/:id', () => {
  it('answers one run with its evaluations and telemetry', async () => {
    const res = await api(`/api/runs/${a.results[1]!.id}`);
    expect(res.status).toBe(200);
    const run = StoredResultSchema.parse(await res.json());
    expect(run).toMatchObject({
      id: a.results[1]!.id,
      battleId: a.battle.id,
      provider: 'openai',
      model: 'gpt-test',
      evaluations: [{ source: 'ci', evaluator: 'unit-tests', score: 0.5, passed: true }],
      telemetry: { source: 'ci', counters: { toolCalls: 3 } },
    });
  });

  it('answers 404 in the error shape for an unknown id and for a runner result', async () => {
    for (const id of [uid('missing'), runnerResult.id]) {
      const res = await api(`/api/runs/${id}`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'not_found', details: [{ path: 'id' }] } });
    }
  });
});

describe('the OpenAPI document', () => {
  it('lists the query parameters of the CI, stats and export reads', async () => {
    const doc = await (await api('/api/openapi.json')).json<{
      paths: Record<string, { get: { parameters?: { name: string; in: string }[] } }>;
    }>();
    const params = (path: string) => (doc.paths[path]?.get.parameters ?? []).map((p) => p.name);
    expect(params('/api/runs')).toEqual(
      expect.arrayContaining(['suite', 'model', 'batch', 'status', 'cursor', 'limit']),
    );
    expect(params('/api/batches')).toEqual(
      expect.arrayContaining(['suite', 'branch', 'from', 'to', 'cursor']),
    );
    expect(params('/api/stats')).toEqual(expect.arrayContaining(['origin', 'suite', 'model', 'from', 'to']));
    for (const format of ['csv', 'json']) {
      expect(params(`/api/export/results.${format}`)).toEqual(
        expect.arrayContaining(['battleId', 'model', 'provider', 'status', 'origin', 'from', 'to']),
      );
      expect(params(`/api/export/battles.${format}`)).toEqual(expect.arrayContaining(['suite', 'q']));
    }
  });
});

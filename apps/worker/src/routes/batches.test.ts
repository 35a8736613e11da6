import type { BatchComparison, BatchSummary, BattleInput, ResultInput } from '@ringside/shared';
import { BatchComparisonSchema, BatchSummarySchema } from '@ringside/shared';
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

type Page = { items: BatchSummary[]; nextCursor: string | null };

interface Entry {
  model: string;
  provider?: string;
  score: number;
  e2e?: number;
}

/** A CI batch of `suite` created at `at`: every entry (one contestant) answers every task once. */
function ciRun(suite: string, at: string, entries: Entry[], taskCount = 2) {
  const id = uid('batch');
  const contestants = entries.map((e, i) => ({
    id: `c${i}`,
    provider: e.provider ?? 'openai',
    model: e.model,
    lane: 'cloud' as const,
    sampling: {},
  }));
  const tasks = Array.from({ length: taskCount }, (_, i) => ({
    id: `task-${i}`,
    prompt: `Task ${i}`,
    category: 'problem-solving' as const,
    assertions: [],
  }));
  const b = {
    id,
    type: 'suite',
    origin: 'ci',
    title: `CI ${id}`,
    state: 'done',
    suite: { name: suite, version: '1' },
    ci: { commit: 'abc123', branch: 'main' },
    tasks,
    contestants,
    createdAt: at,
  } as BattleInput;
  const results: ResultInput[] = entries.flatMap((e, i) =>
    tasks.map((t) =>
      result(id, {
        id: `${id}-c${i}-${t.id}`,
        contestantId: `c${i}`,
        taskId: t.id,
        score: e.score,
        passed: e.score >= 0.5,
        metrics: { e2eMs: e.e2e ?? 100, ttftMs: 10, decodeTpsClient: 50 },
        chunks: null,
      }),
    ),
  );
  return { battle: b, results };
}

let ci: string;
let box: string;
beforeAll(async () => {
  ci = (await createToken('ingest')).token;
  box = (await createToken('runner')).token;
});

describe('GET /api/batches', () => {
  const suite = uid('suite');
  const t = (n: number) => new Date(Date.UTC(2026, 5, 1, 0, n)).toISOString();
  const first = ciBatch(uid('b1'), 4, { suite, score: (i) => [0.2, 0.6, 0.8, 0][i]! });
  first.battle.createdAt = t(0);
  // The fourth run failed: no score, no pass/fail, no timings.
  first.results[3] = {
    ...first.results[3]!,
    status: 'error',
    score: null,
    passed: null,
    metrics: { e2eMs: null, ttftMs: null, decodeTpsClient: null },
    error: { kind: 'total-timeout', message: 'took too long' },
  };
  const second = ciBatch(uid('b2'), 2, { suite });
  second.battle.createdAt = t(1);
  second.battle.ci = { branch: 'feature-x', commit: 'def456' };
  const empty = {
    ...ciBatch(uid('b3'), 1, { suite }).battle,
    state: 'running',
    createdAt: t(2),
  } as BattleInput;
  const runner = battle({ suite: { name: suite, version: '1' } });

  beforeAll(async () => {
    await ingest(ci, first);
    await ingest(ci, second);
    expect((await api(`/api/battles/${empty.id}`, { method: 'PUT', token: ci, json: empty })).status).toBe(
      201,
    );
    await ingest(box, { battle: runner, results: [result(runner.id)] });
  });

  it('lists the CI batches of a suite newest first with totals aggregated over their results', async () => {
    const res = await api(`/api/batches?suite=${suite}`);
    expect(res.status).toBe(200);
    const page = await res.json<Page>();
    expect(page.items.map((b) => b.id)).toEqual([empty.id, second.battle.id, first.battle.id]);
    expect(page.nextCursor).toBeNull();
    for (const b of page.items) BatchSummarySchema.parse(b);
    const summary = page.items[2]!;
    expect(summary).toMatchObject({
      title: first.battle.title,
      suite: { name: suite, version: '1' },
      ci: { commit: 'abc123', branch: 'main' },
      state: 'done',
      createdAt: t(0),
    });
    expect(summary.totals).toMatchObject({ results: 4, errors: 1, passed: 2, scored: 3 });
    expect(summary.totals.meanScore).toBeCloseTo((0.2 + 0.6 + 0.8) / 3, 12);
    // Pass rate counts only the results whose pass/fail is known.
    expect(summary.totals.passRate).toBeCloseTo(2 / 3, 12);
    expect(summary.totals.meanE2eMs).toBeCloseTo((100 + 101 + 102) / 3, 12);
    expect(summary.totals.meanTtftMs).toBe(10);
    expect(summary.totals.meanDecodeTps).toBe(50);
  });

  it('gives a batch without results zero counts and null means', async () => {
    const page = await (await api(`/api/batches?suite=${suite}&limit=1`)).json<Page>();
    expect(page.items[0]?.totals).toEqual({
      results: 0,
      errors: 0,
      passed: 0,
      scored: 0,
      meanScore: null,
      passRate: null,
      meanE2eMs: null,
      meanTtftMs: null,
      meanDecodeTps: null,
    });
  });

  it('filters by branch and by time (from inclusive, to exclusive)', async () => {
    const ids = async (q: string) =>
      (await (await api(`/api/batches?suite=${suite}&${q}`)).json<Page>()).items.map((b) => b.id);
    expect(await ids('branch=feature-x')).toEqual([second.battle.id]);
    expect(await ids(`from=${t(1)}`)).toEqual([empty.id, second.battle.id]);
    expect(await ids(`to=${t(1)}`)).toEqual([first.battle.id]);
  });

  it('walks every batch with limit=1, without repeats or gaps', async () => {
    const { items, pages } = await walkPages<BatchSummary>(`/api/batches?suite=${suite}&limit=1`);
    expect(pages).toBe(3);
    expect(items.map((b) => b.id)).toEqual([empty.id, second.battle.id, first.battle.id]);
  });

  it('answers an empty page for a suite without batches', async () => {
    expect(await (await api(`/api/batches?suite=${uid('none')}`)).json()).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it('refuses a malformed cursor and a limit over 500 with 400', async () => {
    const bad = await api('/api/batches?cursor=%%%');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: 'invalid_query', details: [{ path: 'cursor' }] },
    });
    const big = await api('/api/batches?limit=501');
    expect(big.status).toBe(400);
    expect(await big.json()).toMatchObject({ error: { details: [{ path: 'limit' }] } });
  });

  it('answers one batch by id, and 404 for an unknown id or a runner battle', async () => {
    const res = await api(`/api/batches/${first.battle.id}`);
    expect(res.status).toBe(200);
    const one = BatchSummarySchema.parse(await res.json());
    expect(one.totals.results).toBe(4);
    for (const id of [uid('missing'), runner.id]) {
      const miss = await api(`/api/batches/${id}`);
      expect(miss.status).toBe(404);
      expect(await miss.json()).toMatchObject({ error: { code: 'not_found', details: [{ path: 'id' }] } });
    }
  });
});

describe('GET /api/batches/:id/compare', () => {
  const compare = async (id: string) => {
    const res = await api(`/api/batches/${id}/compare`);
    expect(res.status).toBe(200);
    return BatchComparisonSchema.parse(await res.json()) as BatchComparison;
  };

  it('calls everything new when the suite has no earlier batch', async () => {
    const only = ciRun(uid('suite'), '2026-06-01T00:00:00.000Z', [{ model: 'gpt-test', score: 0.7 }]);
    await ingest(ci, only);
    const cmp = await compare(only.battle.id);
    expect(cmp.batch.id).toBe(only.battle.id);
    expect(cmp.previous).toBeNull();
    expect(cmp.overall).toMatchObject({
      key: 'overall',
      verdict: 'new',
      score: { current: 0.7, previous: null, delta: null },
    });
    expect(cmp.byModel.map((r) => [r.key, r.verdict])).toEqual([['openai:gpt-test', 'new']]);
    expect(cmp.byTask.map((r) => [r.key, r.verdict])).toEqual([
      ['task-0', 'new'],
      ['task-1', 'new'],
    ]);
  });

  it('compares with the latest earlier batch of the same suite, ignoring other suites', async () => {
    const suite = uid('suite');
    const older = ciRun(suite, '2026-06-01T00:00:00.000Z', [{ model: 'gpt-test', score: 0.1 }]);
    const previous = ciRun(suite, '2026-06-02T00:00:00.000Z', [
      { model: 'gpt-test', score: 0.5 },
      { model: 'retired', provider: 'ollama', score: 0.9 },
    ]);
    const otherSuite = ciRun(uid('suite'), '2026-06-02T12:00:00.000Z', [{ model: 'gpt-test', score: 0 }]);
    const current = ciRun(suite, '2026-06-03T00:00:00.000Z', [
      { model: 'gpt-test', score: 0.8 },
      { model: 'newcomer', provider: 'llama-swap', score: 0.6 },
    ]);
    const later = ciRun(suite, '2026-06-04T00:00:00.000Z', [{ model: 'gpt-test', score: 1 }]);
    for (const b of [older, previous, otherSuite, current, later]) await ingest(ci, b);

    const cmp = await compare(current.battle.id);
    expect(cmp.previous?.id).toBe(previous.battle.id);
    expect(cmp.previous?.totals.results).toBe(4);
    expect(cmp.overall.score.current).toBeCloseTo(0.7, 12);
    expect(cmp.overall.score.previous).toBeCloseTo(0.7, 12);
    const byModel = Object.fromEntries(cmp.byModel.map((r) => [r.key, r]));
    expect(Object.keys(byModel)).toEqual(['llama-swap:newcomer', 'ollama:retired', 'openai:gpt-test']);
    expect(byModel['openai:gpt-test']?.verdict).toBe('better');
    expect(byModel['openai:gpt-test']?.score.delta).toBeCloseTo(0.3, 12);
    expect(byModel['llama-swap:newcomer']?.verdict).toBe('new');
    expect(byModel['ollama:retired']).toMatchObject({
      verdict: 'gone',
      score: { current: null, previous: 0.9 },
    });
    expect(cmp.byTask.map((r) => r.key)).toEqual(['task-0', 'task-1']);
  });

  it("calls a batch whose score fell 'worse' with the deltas of every measure", async () => {
    const suite = uid('suite');
    const previous = ciRun(suite, '2026-06-01T00:00:00.000Z', [{ model: 'gpt-test', score: 0.9, e2e: 100 }]);
    const current = ciRun(suite, '2026-06-02T00:00:00.000Z', [{ model: 'gpt-test', score: 0.4, e2e: 150 }]);
    await ingest(ci, previous);
    await ingest(ci, current);
    const cmp = await compare(current.battle.id);
    expect(cmp.overall.verdict).toBe('worse');
    expect(cmp.overall.score.delta).toBeCloseTo(-0.5, 12);
    expect(cmp.overall.passRate).toEqual({ current: 0, previous: 1, delta: -1 });
    expect(cmp.overall.e2eMs).toEqual({ current: 150, previous: 100, delta: 50 });
    expect(cmp.overall.decodeTps).toEqual({ current: 50, previous: 50, delta: 0 });
    expect(cmp.byTask.every((r) => r.verdict === 'worse')).toBe(true);
  });

  it("calls an equal score with a much faster E2E time 'better'", async () => {
    const suite = uid('suite');
    const previous = ciRun(suite, '2026-06-01T00:00:00.000Z', [{ model: 'gpt-test', score: 0.5, e2e: 200 }]);
    const current = ciRun(suite, '2026-06-02T00:00:00.000Z', [{ model: 'gpt-test', score: 0.5, e2e: 100 }]);
    await ingest(ci, previous);
    await ingest(ci, current);
    expect((await compare(current.battle.id)).overall.verdict).toBe('better');
    expect((await compare(previous.battle.id)).overall.verdict).toBe('new');
  });

  it('gives each evaluator its mean score and pass rate, current against previous (byEvaluator)', async () => {
    const suite = uid('suite');
    const withEvals = (id: string, evals: (i: number) => ResultInput['evaluations']) => {
      const b = ciBatch(id, 4, { suite });
      return { ...b, results: b.results.map((r, i) => ({ ...r, evaluations: evals(i) })) };
    };
    const previous = withEvals(uid('batch'), (i) => [
      { source: 'ci', evaluator: 'unit-tests', score: 0.4, passed: i < 1 },
      { source: 'ci', evaluator: 'lint', score: 1, passed: true },
    ]);
    const current = withEvals(uid('batch'), (i) => [
      { source: 'ci', evaluator: 'unit-tests', score: i < 2 ? 1 : 0.8, passed: i < 3 },
      { source: 'judge', evaluator: 'judge:openai:gpt-judge', score: 0.5 },
    ]);
    await ingest(ci, previous);
    await ingest(ci, current);
    await backdate(previous.battle.id, Date.parse('2026-07-01T00:00:00.000Z'));
    await backdate(current.battle.id, Date.parse('2026-07-02T00:00:00.000Z'));

    const cmp = await compare(current.battle.id);
    const rows = Object.fromEntries(cmp.byEvaluator.map((r) => [r.key, r]));
    expect(Object.keys(rows)).toEqual(['judge:openai:gpt-judge', 'lint', 'unit-tests']);
    expect(rows['unit-tests']?.score.current).toBeCloseTo(0.9, 12);
    expect(rows['unit-tests']?.score.previous).toBeCloseTo(0.4, 12);
    expect(rows['unit-tests']?.passRate).toEqual({ current: 0.75, previous: 0.25, delta: 0.5 });
    expect(rows['unit-tests']?.verdict).toBe('better');
    expect(rows.lint).toMatchObject({ verdict: 'gone', score: { current: null, previous: 1 } });
    // a judge's evaluations carry no pass/fail: its pass rate is unknown, not 0
    expect(rows['judge:openai:gpt-judge']).toMatchObject({
      verdict: 'new',
      score: { current: 0.5 },
      passRate: { current: null },
      e2eMs: { current: null },
    });
  });

  it('answers 404 for an unknown batch', async () => {
    const res = await api(`/api/batches/${uid('missing')}/compare`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

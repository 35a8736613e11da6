import { env } from 'cloudflare:test';
import type { BattleInput, ResultInput } from '@ringside/shared';
import { summarize } from '@ringside/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminViewer } from '../arena/seal.ts';
import { getDb } from '../db/client.ts';
import { backdate, createToken, ingest, result, uid } from '../test/helpers.ts';
import { getStats, statsSelection } from './stats.ts';
import { rankRows } from './stats-percentiles.ts';

/** These tests are about the figures, not about blind battles: read as an admin, who sees every battle. */
const everyone = adminViewer(Date.now());

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so failures reproduce. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const suite = uid('stats-suite');
const rnd = random(42);
const contestants = [
  { id: 'a', provider: 'openai', model: uid('model-a'), lane: 'cloud' as const, sampling: {} },
  { id: 'b', provider: 'ollama', model: uid('model-b'), lane: 'local' as const, sampling: {} },
  // Never scored and never timed: no wins, null quantiles.
  { id: 'c', provider: 'llama-swap', model: uid('model-c'), lane: 'local' as const, sampling: {} },
];
const tasks = Array.from({ length: 5 }, (_, i) => ({
  id: `t${i}`,
  prompt: `Task ${i}`,
  category: 'problem-solving' as const,
  assertions: [],
}));
const ciBattle = {
  id: uid('stats-ci'),
  type: 'suite',
  origin: 'ci',
  title: 'stats',
  state: 'done',
  suite: { name: suite, version: '1' },
  tasks,
  contestants,
} as BattleInput;

const ciResults: ResultInput[] = [];
for (const t of tasks) {
  for (let repeat = 0; repeat < 9; repeat++) {
    for (const c of contestants) {
      const timed = c.id !== 'c';
      const failed = c.id === 'b' && repeat === 8;
      ciResults.push(
        result(ciBattle.id, {
          id: `${ciBattle.id}-${c.id}-${t.id}-${repeat}`,
          contestantId: c.id,
          taskId: t.id,
          repeat,
          status: failed ? 'error' : 'ok',
          error: failed ? { kind: 'rate-limited', message: '429' } : null,
          // Scores on a coarse grid so that ties for first place happen.
          score: timed && !failed ? Math.round(rnd() * 4) / 4 : null,
          metrics: {
            ttftMs: timed && rnd() > 0.15 ? Math.round(rnd() * 5000) / 10 : null,
            e2eMs: timed ? 100 + rnd() * 900 : null,
            decodeTpsClient: timed && !failed ? Math.round(rnd() * 100) : null,
          },
          chunks: null,
        }),
      );
    }
  }
}

const runnerBattle = {
  id: uid('stats-runner'),
  type: 'suite',
  origin: 'runner',
  title: 'stats on the box',
  state: 'done',
  suite: { name: suite, version: '1' },
  tasks: tasks.slice(0, 1),
  contestants: contestants.slice(0, 2),
} as BattleInput;
const runnerResults = contestants.slice(0, 2).map((c, i) =>
  result(runnerBattle.id, {
    id: `${runnerBattle.id}-${c.id}`,
    contestantId: c.id,
    taskId: 't0',
    score: i === 0 ? 1 : 0,
    metrics: { ttftMs: 1, e2eMs: 2, decodeTpsClient: 3 },
    chunks: null,
  }),
);
const past = Date.parse('2026-01-01T00:00:00.000Z');

/** The wins the rule defines, computed in JS from what was posted. */
function expectedWins(list: ResultInput[]) {
  const groups = new Map<string, ResultInput[]>();
  for (const r of list) {
    const key = `${r.battleId}/${r.taskId}/${r.repeat}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const wins = new Map<string, number>();
  for (const group of groups.values()) {
    const scored = group.filter((r) => r.score !== null && r.score !== undefined);
    if (scored.length < 2) continue;
    const top = Math.max(...scored.map((r) => r.score as number));
    const best = scored.filter((r) => r.score === top);
    if (best.length === 1) wins.set(best[0]!.contestantId, (wins.get(best[0]!.contestantId) ?? 0) + 1);
  }
  return wins;
}

const valuesOf = (list: ResultInput[], id: string, pick: (r: ResultInput) => number | null | undefined) =>
  list
    .filter((r) => r.contestantId === id)
    .map(pick)
    .filter((v): v is number => typeof v === 'number');

beforeAll(async () => {
  const ci = await createToken('ingest');
  const box = await createToken('runner');
  await ingest(ci.token, { battle: ciBattle, results: ciResults });
  await ingest(box.token, { battle: runnerBattle, results: runnerResults });
  await backdate(runnerBattle.id, past);
});

describe('getStats', () => {
  it('computes mean and numpy-linear p50/p90/p95/p99 per model exactly as summarize() does', async () => {
    const stats = await getStats(getDb(env), { suite, origin: 'ci' }, everyone);
    for (const id of ['a', 'b']) {
      const c = contestants.find((x) => x.id === id)!;
      const m = stats.models.find((x) => x.model === c.model)!;
      const metrics = [
        ['ttftMs', (r: ResultInput) => r.metrics?.ttftMs],
        ['e2eMs', (r: ResultInput) => r.metrics?.e2eMs],
        ['decodeTps', (r: ResultInput) => r.metrics?.decodeTpsClient],
      ] as const;
      for (const [name, pick] of metrics) {
        const want = summarize(valuesOf(ciResults, id, pick))!;
        const got = m[name];
        expect(got.mean).toBeCloseTo(want.mean, 9);
        expect([got.p50, got.p90, got.p95, got.p99]).toEqual([want.p50, want.p90, want.p95, want.p99]);
      }
    }
  });

  it('reads only the ranks the percentiles need, not every value', async () => {
    const db = getDb(env);
    const samples = await rankRows(db, statsSelection(db, { suite, origin: 'ci' }, everyone));
    const e2e = samples.get('e2eMs')?.get(`openai\u0000${contestants[0]!.model}`);
    expect(e2e?.length).toBe(45);
    // p50, p90, p95 and p99 each need two neighbouring ranks: at most 8 of the 45 values.
    const present = Object.keys(e2e ?? {}).filter((k) => k !== 'length');
    expect(present.length).toBeGreaterThan(0);
    expect(present.length).toBeLessThanOrEqual(8);
  });

  it('gives a model without values null quantiles', async () => {
    const stats = await getStats(getDb(env), { suite }, everyone);
    const c = stats.models.find((m) => m.model === contestants[2]!.model)!;
    const none = { mean: null, p50: null, p90: null, p95: null, p99: null };
    expect(c).toMatchObject({ results: 45, errors: 0, wins: 0, ttftMs: none, e2eMs: none, decodeTps: none });
  });

  it('counts a win only where one result scored strictly highest among at least two scored', async () => {
    const stats = await getStats(getDb(env), { suite, origin: 'ci' }, everyone);
    const want = expectedWins(ciResults);
    expect(want.get('a')! + want.get('b')!).toBeGreaterThan(0);
    // Ties exist in this data, so not every group has a winner.
    expect(want.get('a')! + want.get('b')!).toBeLessThan(45);
    for (const c of contestants) {
      expect(stats.models.find((m) => m.model === c.model)?.wins).toBe(want.get(c.id) ?? 0);
    }
  });

  it('keeps the opponents of a model filtered by name, so its wins do not change', async () => {
    const model = contestants[0]!.model;
    const stats = await getStats(getDb(env), { suite, origin: 'ci', model }, everyone);
    expect(stats.models.map((m) => m.model)).toEqual([model]);
    expect(stats.models[0]?.wins).toBe(expectedWins(ciResults).get('a'));
    expect(stats.totals).toEqual({ battles: 1, results: 45, models: 1, errors: 0 });
  });

  it('totals battles, results, models and errors of the selection', async () => {
    const stats = await getStats(getDb(env), { suite }, everyone);
    expect(stats.totals).toEqual({ battles: 2, results: ciResults.length + 2, models: 3, errors: 5 });
    expect(stats.models.map((m) => m.provider)).toEqual(['llama-swap', 'ollama', 'openai']);
  });

  it('filters by origin and by time (from inclusive, to exclusive)', async () => {
    const db = getDb(env);
    const runner = await getStats(db, { suite, origin: 'runner' }, everyone);
    expect(runner.totals).toEqual({ battles: 1, results: 2, models: 2, errors: 0 });
    expect(runner.models.find((m) => m.provider === 'openai')?.wins).toBe(1);
    expect(runner.models.find((m) => m.provider === 'openai')?.e2eMs).toEqual({
      mean: 2,
      p50: 2,
      p90: 2,
      p95: 2,
      p99: 2,
    });
    const at = new Date(past).toISOString();
    const after = new Date(past + 1).toISOString();
    expect((await getStats(db, { suite, to: after }, everyone)).totals.results).toBe(2);
    expect((await getStats(db, { suite, from: at, to: after }, everyone)).totals.battles).toBe(1);
    expect((await getStats(db, { suite, from: after }, everyone)).totals.results).toBe(ciResults.length);
  });

  it('answers zero totals and no models for an empty selection', async () => {
    expect(await getStats(getDb(env), { suite: uid('none') }, everyone)).toEqual({
      totals: { battles: 0, results: 0, models: 0, errors: 0 },
      models: [],
    });
  });
});

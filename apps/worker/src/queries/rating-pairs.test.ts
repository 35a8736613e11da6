import { env } from 'cloudflare:test';
import type { EvaluationInput } from '@ringside/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { scopePairs } from '../arena/outcomes.ts';
import { adminViewer } from '../arena/seal.ts';
import { getDb } from '../db/client.ts';
import { arenaVotes } from '../db/schema.ts';
import { battle, createToken, ingest, result, uid } from '../test/helpers.ts';
import { loadVotes, scanBattles, speedBucket } from './rating-pairs.ts';

const db = getDb(env);
const contestants = [1, 2, 3, 4].map((i) => ({
  id: `c${i}`,
  provider: 'ollama',
  model: `m${i}`,
  lane: 'local' as const,
  sampling: {},
}));
const tasks = [
  { id: 't1', category: 'creative' as const, prompt: 'A haiku', assertions: [] },
  { id: 't2', category: 'code-generation' as const, prompt: 'Add two numbers', assertions: [] },
];
const done = battle({ id: uid('done'), state: 'done', tasks, contestants });
const running = battle({ id: uid('running'), state: 'running', tasks, contestants });

const judged = (winner: string, at: string): EvaluationInput => ({
  source: 'judge',
  evaluator: 'judge:gpt',
  details: {
    winner,
    tie: false,
    order: [{ contestantId: 'c1' }, { contestantId: 'c2' }, { contestantId: 'c3' }],
  },
  createdAt: at,
});

beforeAll(async () => {
  const { token } = await createToken('runner');
  for (const b of [done, running]) {
    const results = tasks.flatMap((t) =>
      [0, 1].flatMap((repeat) =>
        contestants.map((c, i) => {
          const evaluations: EvaluationInput[] = [];
          if (b === done && t.id === 't1' && repeat === 0) {
            // The same judge ran twice on this task; its later verdict (c2) counts, once.
            if (c.id === 'c1') evaluations.push(judged('c1', '2026-11-22T01:00:00.000Z'));
            if (c.id === 'c2' || c.id === 'c3') evaluations.push(judged('c2', '2026-11-22T02:00:00.000Z'));
            if (c.id === 'c4')
              evaluations.push({ source: 'judge', evaluator: 'rubric', details: { correctness: 80 } });
          }
          return result(b.id, {
            id: `${b.id}-${t.id}-${repeat}-${c.id}`,
            taskId: t.id,
            contestantId: c.id,
            repeat,
            score: i / 4,
            metrics: { ttftMs: 10 * (i + 1) + repeat, decodeTpsClient: 100 * (i + 1) },
            chunks: null,
            evaluations,
          });
        }),
      ),
    );
    await ingest(token, { battle: b, results });
  }
});

/** Rating maths, not blind battles: read as an admin, who sees every battle (arena/seal.ts). */
const everyone = adminViewer(Date.now());

describe('scanBattles', () => {
  it('gives each task × repeat of a finished battle with k = 4 scored contestants 6 automatic pairs', async () => {
    const { auto } = await scanBattles(db, everyone);
    const mine = auto.items.filter((o) => o.contestant?.battleId === done.id);
    expect(mine).toHaveLength(2 * 2 * 6);
    expect(auto.items.some((o) => o.contestant?.battleId === running.id)).toBe(false);
    // c4 scored highest everywhere.
    const c4 = scopePairs(mine, 'model').filter((p) => p.modelA === 'ollama:m4' || p.modelB === 'ollama:m4');
    expect(c4.every((p) => (p.modelA === 'ollama:m4') === (p.winner === 'model_a'))).toBe(true);
  });

  it('takes one judge verdict per task and judge, the latest, and none from a rubric-only evaluation', async () => {
    const { judge } = await scanBattles(db, everyone);
    expect(scopePairs(judge.items, 'model')).toEqual([
      { battleId: done.id, modelA: 'ollama:m1', modelB: 'ollama:m2', winner: 'model_b' },
      { battleId: done.id, modelA: 'ollama:m2', modelB: 'ollama:m3', winner: 'model_a' },
    ]);
  });

  it('collects TTFT and decode tok/s of ok results per scope, slice and key', async () => {
    const { speed } = await scanBattles(db, everyone);
    const m1 = speed.get(speedBucket('model', 'category:creative'))?.get('ollama:m1');
    expect(m1?.n).toBe(2);
    expect(m1?.ttft.sort()).toEqual([10, 11]);
    expect(speed.get(speedBucket('contestant', 'all'))?.get('ollama:m4')?.tps).toEqual([400, 400, 400, 400]);
  });
});

describe('loadVotes', () => {
  it('reads live votes in the order they were cast and leaves discarded ones out', async () => {
    const row = (i: number, winner: 'a' | 'b' | 'tie', discardedAt: number | null = null) => ({
      id: `v${i}`,
      pairKey: `p${i}`,
      battleId: done.id,
      taskId: 't1',
      repeat: 0,
      battleType: 'qa',
      category: 'creative',
      resultA: 'ra',
      resultB: 'rb',
      contestantA: 'c2',
      contestantB: 'c1',
      keyA: 'ollama:m2',
      keyB: 'ollama:m1',
      modelA: 'ollama:m2',
      modelB: 'ollama:m1',
      winner,
      dimensions: '{}',
      voterId: `voter${i}`,
      ipHash: `ip${i}`,
      createdAt: i,
      discardedAt,
    });
    await db.insert(arenaVotes).values([row(1, 'a'), row(2, 'tie', 5), row(3, 'b')]);
    const { items } = await loadVotes(db, everyone);
    expect(scopePairs(items, 'contestant').map((p) => [p.modelA, p.modelB, p.winner])).toEqual([
      ['ollama:m1', 'ollama:m2', 'model_b'],
      ['ollama:m1', 'ollama:m2', 'model_a'],
    ]);
  });
});

import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from 'cloudflare:test';
import {
  type BattleInput,
  type HeadToHead,
  type Leaderboard,
  LeaderboardRecomputeSchema,
  LeaderboardSchema,
  type ResultInput,
} from '@ringside/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../index.ts';
import { api, count, createToken, ingest, result, uid } from '../test/helpers.ts';

/**
 * Three models over six battles; scores make strong > middle > weak with some upsets, so every
 * MLE is finite. `middle` plays under two personas. Even battles are qa, odd ones coding; task
 * t1 is creative, t2 code generation.
 */
const SCORES: Record<string, number[]> = {
  strong: [0.9, 0.8, 0.7, 0.9, 0.3, 0.8],
  middle: [0.6, 0.9, 0.5, 0.5, 0.6, 0.4],
  weak: [0.2, 0.4, 0.6, 0.1, 0.2, 0.4],
};
const KEYS = { strong: 'ollama:strong', middle: 'ollama:middle', weak: 'ollama:weak' };

function arenaBattle(i: number): { battle: BattleInput; results: ResultInput[] } {
  const id = uid(`lb${i}`);
  const battle = {
    id,
    type: i % 2 === 0 ? 'qa' : 'coding',
    origin: 'runner',
    title: `Battle ${i}`,
    state: 'done',
    tasks: [
      { id: 't1', category: 'creative', prompt: 'A poem', assertions: [] },
      { id: 't2', category: 'code-generation', prompt: 'A function', assertions: [] },
    ],
    contestants: Object.keys(SCORES).map((name) => ({
      id: name,
      provider: 'ollama',
      model: name,
      lane: 'local',
      sampling: {},
      ...(name === 'middle' ? { persona: { name: i < 3 ? 'terse' : 'chatty' } } : {}),
    })),
  } as BattleInput;
  const results = ['t1', 't2'].flatMap((taskId, t) =>
    Object.entries(SCORES).map(([name, scores]) =>
      result(id, {
        id: `${id}-${taskId}-${name}`,
        taskId,
        contestantId: name,
        // t2 reverses strong and weak half the time, so each category has its own order.
        score:
          t === 1 && i % 2 === 1 && name !== 'middle' ? 1 - (scores[i] as number) : (scores[i] as number),
        metrics: { ttftMs: name === 'strong' ? 100 + i : 50, decodeTpsClient: 20 },
        chunks: null,
      }),
    ),
  );
  return { battle, results };
}

let runner = '';
let admin = '';
const leaderboard = async (query: string) => {
  const res = await api(`/api/leaderboard?${query}`);
  expect(res.status).toBe(200);
  return LeaderboardSchema.parse(await res.json()) as Leaderboard;
};
async function runCron() {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: '*/5 * * * *' }), env, ctx);
  await waitOnExecutionContext(ctx);
}

beforeAll(async () => {
  runner = (await createToken('runner')).token;
  admin = (await createToken('admin')).token;
  for (let i = 0; i < 6; i++) await ingest(runner, arenaBattle(i));
});

describe('GET /api/leaderboard before the first recompute', () => {
  it('serves an empty board whose computedAt is null', async () => {
    const board = await leaderboard('source=auto');
    expect(board).toMatchObject({ computedAt: null, rows: [], outcomes: 0 });
  });
});

describe('the scheduled handler', () => {
  it('computes every snapshot, which the read serves with computedAt', async () => {
    const before = Date.now();
    await runCron();
    // 5 kinds (auto, judge, human, blend, speed) × 2 scopes × 10 slices, and the head-to-head
    // cells of each rating source's `all` slice.
    expect(await count('leaderboard_snapshots', "slice <> 'all:h2h'")).toBe(100);
    expect(await count('leaderboard_snapshots', "slice = 'all:h2h'")).toBe(8);
    const board = await leaderboard('source=auto&scope=model');
    expect(Date.parse(board.computedAt as string)).toBeGreaterThanOrEqual(before);
    expect(board).toMatchObject({
      source: 'auto',
      scope: 'model',
      rounds: 500,
      resample: 'battle',
      battles: 6,
    });
    // 6 battles × 2 tasks × 3 pairs.
    expect(board.outcomes).toBe(36);
    expect(board.rows.map((r) => r.key)).toEqual([KEYS.strong, KEYS.middle, KEYS.weak]);
    for (const row of board.rows) {
      expect(row.q025).toBeLessThanOrEqual(row.median);
      expect(row.median).toBeLessThanOrEqual(row.q975);
      expect(row.rank).toBe(1 + board.rows.filter((o) => o.q025 > row.q975).length);
      expect(row.outcomes).toBe(24);
      expect(row.battles).toBe(6);
      expect(row.winRate).toBeCloseTo((row.wins + row.ties / 2) / row.outcomes);
    }
    const strong = board.rows[0];
    // TTFT 100…105 on 12 results: median 102.5.
    expect(strong).toMatchObject({ ttftMsP50: 102.5, decodeTpsP50: 20, speedResults: 12 });
  });

  it('recomputes nothing when nothing changed, and only what new results make stale', async () => {
    const idle = await api('/api/leaderboard/recompute', { method: 'POST', token: admin });
    expect(LeaderboardRecomputeSchema.parse(await idle.json())).toMatchObject({ computed: [], remaining: 0 });
    const before = (await leaderboard('source=auto')).computedAt as string;

    await ingest(runner, arenaBattle(6 % 6));
    const res = await api('/api/leaderboard/recompute', { method: 'POST', token: admin });
    const report = LeaderboardRecomputeSchema.parse(await res.json());
    const kinds = new Set(report.computed.map((u) => u.kind));
    expect(kinds).toEqual(new Set(['speed', 'auto', 'judge', 'blend']));
    expect(report.remaining).toBe(0);
    const after = await leaderboard('source=auto');
    expect(Date.parse(after.computedAt as string)).toBeGreaterThan(Date.parse(before));
    expect(after.outcomes).toBe(42);
  });

  it('lets only an admin run a recompute', async () => {
    expect((await api('/api/leaderboard/recompute', { method: 'POST' })).status).toBe(401);
    expect((await api('/api/leaderboard/recompute', { method: 'POST', token: runner })).status).toBe(403);
  });
});

describe('GET /api/leaderboard', () => {
  it('is cacheable: Cache-Control and an ETag that answers If-None-Match with 304', async () => {
    const res = await api('/api/leaderboard?source=auto');
    expect(res.headers.get('Cache-Control')).toMatch(/public, max-age=30/);
    const etag = res.headers.get('ETag') as string;
    expect(etag).toBeTruthy();
    const again = await api('/api/leaderboard?source=auto', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it('slices by category and by battle type, not both at once', async () => {
    const creative = await leaderboard('source=auto&category=creative');
    const qa = await leaderboard('source=auto&type=qa');
    expect(creative.category).toBe('creative');
    expect(creative.outcomes).toBe(21);
    expect(qa.outcomes).toBe(24);
    expect((await api('/api/leaderboard?source=auto&category=creative&type=qa')).status).toBe(400);
    expect((await api('/api/leaderboard?source=votes')).status).toBe(400);
  });

  it('keeps personas apart at contestant scope and pools them at model scope', async () => {
    const contestants = await leaderboard('source=auto&scope=contestant');
    expect(contestants.rows.map((r) => r.key).sort()).toEqual(
      ['ollama:middle#chatty', 'ollama:middle#terse', KEYS.strong, KEYS.weak].sort(),
    );
    const terse = contestants.rows.find((r) => r.persona === 'terse');
    expect(terse).toMatchObject({ provider: 'ollama', model: 'middle' });
    const models = await leaderboard('source=auto&scope=model');
    expect(models.rows.find((r) => r.key === KEYS.middle)?.persona).toBeNull();
  });

  it('says what the blend blends and how many outcomes it took from each source', async () => {
    const blend = await leaderboard('source=blend');
    expect(blend.blend).toMatchObject({
      sources: ['human', 'judge', 'auto'],
      outcomes: { human: 0, judge: 0, auto: 42 },
    });
    expect(blend.blend?.rule).toMatch(/human votes where any exist/);
    expect((await leaderboard('source=auto')).blend).toBeNull();
  });
});

describe('GET /api/leaderboard/head-to-head', () => {
  it('gives the win matrix of two models and the battles they shared', async () => {
    const res = await api(`/api/leaderboard/head-to-head?a=${KEYS.strong}&b=${KEYS.weak}&source=auto`);
    expect(res.status).toBe(200);
    const h2h = (await res.json()) as HeadToHead;
    const board = await leaderboard('source=auto');
    const strong = board.rows.find((r) => r.key === KEYS.strong);
    expect(h2h.outcomes).toBe(14);
    expect(h2h.aWins + h2h.bWins + h2h.ties).toBe(14);
    expect(h2h.aWins).toBeGreaterThan(h2h.bWins);
    expect(h2h.matrix.wins[0][1] + h2h.matrix.wins[1][0]).toBe(14);
    expect(h2h.expectedAWinRate).toBeGreaterThan(0.5);
    expect(h2h.ratings.a?.rating).toBe(strong?.rating);
    expect(h2h.sharedBattles).toHaveLength(7);
  });

  it('refuses a comparison of a key with itself', async () => {
    expect((await api(`/api/leaderboard/head-to-head?a=${KEYS.strong}&b=${KEYS.strong}`)).status).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('documents the leaderboard and arena routes with their zod schemas', async () => {
    const doc = await (await api('/api/openapi.json')).json<{
      paths: Record<
        string,
        Record<string, { requestBody?: unknown; security?: unknown; responses: unknown }>
      >;
    }>();
    for (const path of [
      '/api/leaderboard',
      '/api/leaderboard/head-to-head',
      '/api/arena/pair',
      '/api/arena/pairs.jsonl',
      '/api/arena/voters',
    ]) {
      expect(doc.paths[path]?.get).toBeDefined();
    }
    expect(JSON.stringify(doc.paths['/api/arena/votes']?.post?.requestBody)).toContain('"bothbad"');
    expect(JSON.stringify(doc.paths['/api/leaderboard']?.get?.responses)).toContain('"computedAt"');
    expect(doc.paths['/api/arena/votes/discard']?.post?.security).toEqual([{ bearer: ['admin'] }]);
    expect(doc.paths['/api/leaderboard/recompute']?.post?.security).toEqual([{ bearer: ['admin'] }]);
  });
});

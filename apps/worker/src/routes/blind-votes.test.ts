import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import type { ArenaPair, BattleInput, ResultInput } from '@ringside/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { app } from '../app.ts';
import { step125 } from '../arena/coarse.ts';
import { runArenaJobs } from '../arena/jobs.ts';
import { createToken, ingest, parseCsv, result, uid } from '../test/helpers.ts';
import { liveEvents, TestViewer } from '../test/live-helpers.ts';

/**
 * Blind votes that stay blind (PRODUCT F13, issue 9 part 4): the join a script made — fetch a blind
 * pair, then find each answer's model through the public reads — must fail until the battle's
 * reveal, and work after it, and for the battle's owner and admins at any time.
 */

/** The worker with the operator's reveal count set to 2 votes (wrangler.toml [vars]). */
const testEnv = { ...env, ARENA_REVEAL_AFTER_VOTES: '2' };

async function call(
  path: string,
  init: { token?: string; ip?: string; cookie?: string; json?: unknown } = {},
) {
  const headers = new Headers({ 'CF-Connecting-IP': init.ip ?? '10.9.0.1' });
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  if (init.cookie) headers.set('Cookie', init.cookie);
  if (init.json !== undefined) headers.set('Content-Type', 'application/json');
  const ctx = createExecutionContext();
  const res = await app.request(
    path,
    {
      method: init.json === undefined ? 'GET' : 'POST',
      headers,
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
    },
    testEnv,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

let ips = 0;
/** A voter: its own address and cookie. */
class Voter {
  readonly ip = `10.9.1.${++ips}`;
  cookie = '';
  async pair(): Promise<ArenaPair> {
    const res = await call('/api/arena/pair', { ip: this.ip, cookie: this.cookie });
    expect(res.status, await res.clone().text()).toBe(200);
    this.cookie = (res.headers.get('Set-Cookie') ?? '').split(';')[0] as string;
    return res.json<ArenaPair>();
  }
  async vote(token: string) {
    const res = await call('/api/arena/votes', {
      ip: this.ip,
      cookie: this.cookie,
      json: { token, winner: 'a' },
    });
    expect(res.status, await res.clone().text()).toBe(201);
  }
}

// Model names that no answer, title or id contains, so the pool keeps every answer.
const SLOW = { provider: 'ollama', model: `slowpoke-${uid('m')}` };
const FAST = { provider: 'openrouter', model: `zippy-${uid('m')}` };
const key = (m: { provider: string; model: string }) => `${m.provider}:${m.model}`;

const TEXTS = {
  t1: { c1: 'Waves fold into foam', c2: 'Salt wind combs the dunes' },
  t2: { c1: 'Moon pulls the tide home', c2: 'Night tide hums low' },
} as const;
const SPEED = {
  c1: { ttftMs: 12.5, e2eMs: 153.4019360000002, outputTokens: 18 },
  c2: { ttftMs: 480.25, e2eMs: 2345.678, outputTokens: 211 },
} as const;
const SCORES = { t1: { c1: 0.9, c2: 0.4 }, t2: { c1: 0.3, c2: 0.8 } } as const;

function blindBattle(id: string, slow = SLOW, fast = FAST): { battle: BattleInput; results: ResultInput[] } {
  const battle = {
    id,
    type: 'qa',
    origin: 'runner',
    title: 'Sea haiku',
    state: 'done',
    tasks: [
      { id: 't1', category: 'creative', prompt: 'Write a haiku about the sea.', assertions: [] },
      { id: 't2', category: 'creative', prompt: 'Write a haiku about the tide.', assertions: [] },
    ],
    contestants: [
      { id: 'c1', ...slow, label: 'Old faithful', lane: 'local', sampling: { temperature: 0.2 } },
      { id: 'c2', ...fast, lane: 'cloud', sampling: {}, persona: { name: 'sailor', systemPrompt: 'Arr.' } },
    ],
  } as BattleInput;
  const results = (['t1', 't2'] as const).flatMap((taskId) =>
    (['c1', 'c2'] as const).map((contestantId) =>
      result(id, {
        id: `${id}.${contestantId}.${taskId}.0`,
        taskId,
        contestantId,
        output: { text: TEXTS[taskId][contestantId] },
        metrics: { ...SPEED[contestantId], decodeTpsClient: contestantId === 'c1' ? 40.3 : 310.7 },
        chunks: null,
        score: SCORES[taskId][contestantId],
        passed: true,
        fingerprint: {
          model: { file: `${contestantId}.gguf`, quantization: 'Q4_K_M' },
          sampling: {},
          engine: { name: 'llama.cpp', version: 'b1' },
          gpus: [],
        },
      } as Partial<ResultInput>),
    ),
  );
  return { battle, results };
}

type Leaks = {
  /** models any public read ties to the battle */
  battle: Set<string>;
  /** per answer text: the models a read ties to that answer */
  answers: Map<string, Set<string>>;
  /** which reads leaked, to say what failed */
  via: Set<string>;
};

type Row = Record<string, unknown>;

/**
 * Everything a script can try with a token (or none) to name the models of `answers`, shown
 * blind in battle `battleId`: every read the public has, with the true model names as guesses.
 */
async function join(battleId: string, answers: ArenaPair['a'][], token?: string): Promise<Leaks> {
  const leaks: Leaks = {
    battle: new Set(),
    answers: new Map(answers.map((a) => [a.text, new Set()])),
    via: new Set(),
  };
  const guesses = [SLOW, FAST];
  const json = async <T = Row>(path: string): Promise<T> => {
    const res = await call(path, { token });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
    return res.json<T>();
  };
  const named = (r: Row) =>
    typeof r.provider === 'string' && typeof r.model === 'string' && r.model !== ''
      ? `${r.provider}:${r.model}`
      : null;
  const onBattle = (via: string, model: string) => {
    leaks.battle.add(model);
    leaks.via.add(via);
  };
  const onAnswer = (via: string, text: string, model: string) => {
    leaks.answers.get(text)?.add(model);
    leaks.battle.add(model);
    leaks.via.add(via);
  };
  const isShown = (text: unknown) => typeof text === 'string' && leaks.answers.has(text);
  const sameSpeed = (a: ArenaPair['a'], ttft: unknown, e2e: unknown) =>
    a.e2eMs !== null &&
    step125(Number(e2e)) === step125(a.e2eMs) &&
    step125(Number(ttft)) === step125(a.ttftMs);

  // Results list: by text, then with every model and provider filter.
  const times = new Set<string>();
  const resultRows = async (via: string, path: string, guess?: string) => {
    const body = await json<{ items: Row[] } | Row[]>(path);
    for (const r of Array.isArray(body) ? body : body.items) {
      if (r.battleId !== battleId) continue;
      if (typeof r.createdAt === 'string') times.add(r.createdAt);
      const text = (r.output as { text?: string } | undefined)?.text;
      if (!isShown(text)) continue;
      const model = guess ?? named(r);
      if (model) onAnswer(via, text as string, model);
    }
  };
  await resultRows('results', '/api/results?limit=500');
  await resultRows('results?battleId', `/api/results?battleId=${battleId}`);
  for (const g of guesses) {
    await resultRows('results?model', `/api/results?model=${encodeURIComponent(g.model)}`, key(g));
    await resultRows('results?provider', `/api/results?provider=${g.provider}&battleId=${battleId}`, key(g));
    await resultRows(
      'export/results.json?model',
      `/api/export/results.json?model=${encodeURIComponent(g.model)}`,
      key(g),
    );
  }

  // The battle page: contestants by id, results by contestant id.
  const page = await json<{ contestants: Row[]; results: Row[]; overrides: Row[] }>(
    `/api/battles/${battleId}`,
  );
  const byId = new Map(page.contestants.map((c) => [c.id, named(c)]));
  for (const m of byId.values()) if (m) onBattle('battle page', m);
  for (const r of page.results) {
    const text = (r.output as { text?: string }).text;
    const m = byId.get(r.contestantId) ?? named(r);
    if (isShown(text) && m) onAnswer('battle page', text as string, m);
  }

  // The battle list and export, as a list and filtered by model.
  const listed = await json<{ items: Row[] }>('/api/battles?limit=500');
  for (const b of listed.items.filter((x) => x.id === battleId))
    for (const c of b.contestants as Row[]) if (named(c)) onBattle('battles', named(c) as string);
  for (const g of guesses) {
    const hits = await json<{ items: Row[] }>(`/api/battles?model=${encodeURIComponent(g.model)}`);
    if (hits.items.some((x) => x.id === battleId)) onBattle('battles?model', key(g));
    const exported = await json<Row[]>(`/api/export/battles.json?model=${encodeURIComponent(g.model)}`);
    if (exported.some((x) => x.id === battleId)) onBattle('export/battles.json?model', key(g));
  }
  const battlesJson = await json<Row[]>('/api/export/battles.json');
  for (const b of battlesJson.filter((x) => x.id === battleId))
    for (const c of b.contestants as Row[]) if (named(c)) onBattle('export/battles.json', named(c) as string);
  const battlesCsv = parseCsv(await (await call('/api/export/battles.csv', { token })).text());
  const bHead = battlesCsv[0] as string[];
  for (const row of battlesCsv.slice(1)) {
    if (row[bHead.indexOf('id')] !== battleId) continue;
    for (const k of (row[bHead.indexOf('contestants')] ?? '').split('; '))
      if (k.includes(':')) onBattle('export/battles.csv', k.split('#')[0] as string);
  }

  // Results exports: JSON by text; CSV (no text) by speed, row by row and under model filters.
  const resultsJson = await json<Row[]>(`/api/export/results.json?battleId=${battleId}`);
  for (const r of resultsJson) {
    const text = (r.output as { text?: string }).text;
    if (isShown(text) && named(r)) onAnswer('export/results.json', text as string, named(r) as string);
  }
  const csvRows = async (path: string) => {
    const rows = parseCsv(await (await call(path, { token })).text());
    const head = rows[0] as string[];
    return rows.slice(1).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
  };
  for (const r of await csvRows(`/api/export/results.csv?battleId=${battleId}`)) {
    for (const a of answers)
      if (r.model && sameSpeed(a, r.ttftMs, r.e2eMs))
        onAnswer('export/results.csv', a.text, `${r.provider}:${r.model}`);
  }
  for (const g of guesses) {
    for (const r of await csvRows(`/api/export/results.csv?model=${encodeURIComponent(g.model)}`)) {
      if (r.battleId !== battleId) continue;
      for (const a of answers)
        if (sameSpeed(a, r.ttftMs, r.e2eMs)) onAnswer('export/results.csv?model', a.text, key(g));
    }
  }

  // Pairwise exports: every line names a battle and two models.
  for (const source of ['human', 'auto', 'blend']) {
    const text = await (await call(`/api/arena/pairs.jsonl?source=${source}&scope=model`, { token })).text();
    for (const line of text.split('\n').filter(Boolean)) {
      const l = JSON.parse(line) as { battle_id: string; model_a: string; model_b: string };
      if (l.battle_id !== battleId) continue;
      onBattle(`pairs.jsonl ${source}`, l.model_a);
      onBattle(`pairs.jsonl ${source}`, l.model_b);
    }
  }

  // Models, stats and the leaderboard: by time and by speed.
  const models = await json<{ items: Row[] }>('/api/models');
  for (const m of models.items)
    if (times.has(m.lastSeenAt as string)) onBattle('models lastSeenAt', named(m) as string);
  for (const t of times) {
    const to = new Date(Date.parse(t) + 1).toISOString();
    const stats = await json<{ models: Row[] }>(`/api/stats?from=${t}&to=${to}`);
    for (const m of stats.models) {
      onBattle('stats from/to', named(m) as string);
      const e2e = (m.e2eMs as { mean: number | null }).mean;
      const ttft = (m.ttftMs as { mean: number | null }).mean;
      for (const a of answers)
        if (sameSpeed(a, ttft, e2e)) onAnswer('stats from/to', a.text, named(m) as string);
    }
  }
  const board = await json<{ rows: Row[] }>('/api/leaderboard?source=auto&scope=model');
  for (const r of board.rows) {
    if (!guesses.some((g) => key(g) === r.key)) continue;
    onBattle('leaderboard', r.key as string);
    for (const a of answers)
      if (a.ttftMs !== null && step125(r.ttftMsP50 as number) === step125(a.ttftMs))
        onAnswer('leaderboard', a.text, r.key as string);
  }
  const h2h = await json<{ sharedBattles: Row[] }>(
    `/api/leaderboard/head-to-head?a=${encodeURIComponent(key(SLOW))}&b=${encodeURIComponent(key(FAST))}&source=auto`,
  );
  if (h2h.sharedBattles.some((b) => b.id === battleId)) {
    onBattle('head-to-head', key(SLOW));
    onBattle('head-to-head', key(FAST));
  }

  // The live room's snapshot (the battle is over: it is the final state).
  const viewer = await TestViewer.connect(battleId, '', token);
  const snap = await viewer.frame();
  viewer.close();
  if (snap.type === 'battle-snapshot' && snap.start) {
    const live = new Map(
      snap.start.contestants.map((c) => [c.id, 'model' in c ? `${c.provider}:${c.model}` : null]),
    );
    for (const m of live.values()) if (m) onBattle('live', m);
    for (const s of snap.slots) {
      const m = live.get(s.contestantId);
      if (isShown(s.text) && m) onAnswer('live', s.text, m);
    }
  }
  return leaks;
}

/** Each answer's model is named, and only that model. */
function expectIdentified(leaks: Leaks, answers: ArenaPair['a'][], truth: Map<string, string>) {
  for (const a of answers)
    expect([...(leaks.answers.get(a.text) ?? [])], a.text).toEqual([truth.get(a.text)]);
  expect(leaks.battle).toEqual(new Set([key(SLOW), key(FAST)]));
}

function expectBlind(leaks: Leaks) {
  expect([...leaks.via], 'reads that named a model').toEqual([]);
  expect(leaks.battle).toEqual(new Set());
}

const battleId = uid('blind');
const truth = new Map<string, string>([
  [TEXTS.t1.c1, key(SLOW)],
  [TEXTS.t2.c1, key(SLOW)],
  [TEXTS.t1.c2, key(FAST)],
  [TEXTS.t2.c2, key(FAST)],
]);
let owner: { token: string; id: string; name: string };
let stranger: string;
let admin: string;
const voters = [new Voter(), new Voter()];
/** Fetches a pair while the battle is blind and votes only after its reveal. */
const late = new Voter();
const shown: ArenaPair[] = [];
let latePair: ArenaPair;

beforeAll(async () => {
  owner = await createToken('runner');
  stranger = (await createToken('runner')).token;
  admin = (await createToken('admin')).token;
  const seeded = blindBattle(battleId);
  await ingest(owner.token, seeded);
  // The owner is wired on create by another change; here it is set directly.
  await env.DB.prepare('UPDATE battles SET owner_token_id = ? WHERE id = ?').bind(owner.id, battleId).run();
  // A judge verdict and the owner's winner: their details and notes name contestants by id.
  await call(`/api/results/${battleId}.c1.t1.0/evaluations`, {
    token: owner.token,
    json: {
      evaluations: [
        {
          id: 'judge',
          source: 'judge',
          evaluator: 'judge:x',
          score: 1,
          details: { winner: 'c1', reasons: `${SLOW.model} rambles less` },
        },
      ],
    },
  });
  // The live room saw it all: battle-start with the contestants, every token.
  const e = liveEvents(battleId);
  const start = {
    ...e.start(),
    contestants: seeded.battle.contestants,
    tasks: seeded.battle.tasks.map((t) => ({ id: t.id, prompt: t.prompt })),
  };
  const published = await call(`/api/battles/${battleId}/events`, {
    token: owner.token,
    json: [
      start,
      e.slotStart('c1'),
      e.delta('c1', 0, TEXTS.t1.c1),
      e.resultEnd('c1'),
      e.slotStart('c2', 2),
      e.delta('c2', 0, TEXTS.t1.c2),
      e.resultEnd('c2', 901),
      e.end(),
    ],
  });
  expect(published.status, await published.clone().text()).toBe(200);
  // The scheduled job pools its pairs (and schedules the reveal) and computes the leaderboard.
  const report = await runArenaJobs(testEnv);
  expect(report.pool).toMatchObject({ pairsAdded: 2, answersExcluded: 0 });
  shown.push(await voters[0]!.pair());
  latePair = await late.pair();
});

describe('a blind pair', () => {
  it('shows speed rounded to 1-2-5 steps and no token count', () => {
    const pair = shown[0] as ArenaPair;
    for (const side of [pair.a, pair.b]) {
      const c = truth.get(side.text) === key(SLOW) ? SPEED.c1 : SPEED.c2;
      expect(side.e2eMs).toBe(step125(c.e2eMs));
      expect(side.e2eMs).not.toBe(c.e2eMs);
      expect(side.ttftMs).toBe(step125(c.ttftMs));
      expect(side.outputTokens).toBeNull();
    }
  });
});

describe('the join before the reveal', () => {
  it('names no model through any public read', async () => {
    const pair = shown[0] as ArenaPair;
    expectBlind(await join(battleId, [pair.a, pair.b]));
  });

  it('names none for another runner token either', async () => {
    const pair = shown[0] as ArenaPair;
    expectBlind(await join(battleId, [pair.a, pair.b], stranger));
  });

  it("names each answer's model for the battle's owner and for an admin", async () => {
    const pair = shown[0] as ArenaPair;
    for (const token of [owner.token, admin]) {
      const leaks = await join(battleId, [pair.a, pair.b], token);
      for (const a of [pair.a, pair.b]) expect(leaks.answers.get(a.text)).toContain(truth.get(a.text));
      expect(leaks.via).toContain('battle page');
      expect(leaks.via).toContain('live');
    }
  });

  it('shows the public the battle, its tasks and answers with contestants as letters, and when it is revealed', async () => {
    const res = await call(`/api/battles/${battleId}`);
    expect(res.headers.get('Cache-Control')).toMatch(/^public/);
    const body = await res.json<
      Row & { contestants: Row[]; results: Row[]; overrides: Row[]; crossExaminations: Row[] }
    >();
    expect(body.contestants).toEqual([
      { id: 'A', label: 'A', sealed: true },
      { id: 'B', label: 'B', sealed: true },
    ]);
    expect(body.sealed).toEqual({ revealAt: expect.any(String) });
    expect(Date.parse((body.sealed as { revealAt: string }).revealAt)).toBeGreaterThan(
      Date.now() + 71 * 3_600_000,
    );
    expect(body.results.map((r) => (r.output as { text: string }).text).sort()).toEqual(
      [...truth.keys()].sort(),
    );
    const visible = JSON.stringify(body);
    for (const secret of [
      SLOW.model,
      FAST.model,
      'ollama',
      'openrouter',
      'Old faithful',
      'sailor',
      'Q4_K_M',
      '"c1"',
      '.c2.',
      'rambles',
    ])
      expect(visible, secret).not.toContain(secret);
    // An owner's view is private: no shared cache may hand it to the public.
    const mine = await call(`/api/battles/${battleId}`, { token: owner.token });
    expect(mine.headers.get('Cache-Control')).toBe('private, no-store');
    expect(mine.headers.get('Vary')).toMatch(/Authorization/);
  });

  it('keeps the live text from the public: letters, progress and rounded speed only', async () => {
    const viewer = await TestViewer.connect(battleId);
    const snap = await viewer.frame();
    viewer.close();
    expect(snap).toMatchObject({ type: 'battle-snapshot', sealed: true });
    const visible = JSON.stringify(snap);
    for (const secret of [SLOW.model, FAST.model, TEXTS.t1.c1, TEXTS.t1.c2, 'c1', 'c2'])
      expect(visible).not.toContain(secret);
  });

  it('refuses a token that is not valid with 401 rather than showing the public view', async () => {
    expect((await call(`/api/battles/${battleId}`, { token: 'rsk_not_a_token' })).status).toBe(401);
  });
});

describe('the reveal', () => {
  it('comes with the vote that reaches ARENA_REVEAL_AFTER_VOTES: then the public join works', async () => {
    const pair = shown[0] as ArenaPair;
    await voters[0]!.vote(pair.token);
    // One vote of two: still blind, its vote not exported.
    expectBlind(await join(battleId, [pair.a, pair.b]));
    const second = await voters[1]!.pair();
    await voters[1]!.vote(second.token);
    // The job recomputes the leaderboard, whose data changed with the reveal.
    await runArenaJobs(testEnv);
    const leaks = await join(battleId, [pair.a, pair.b]);
    expectIdentified(leaks, [pair.a, pair.b], truth);
    for (const via of [
      'results',
      'battle page',
      'battles?model',
      'pairs.jsonl human',
      'leaderboard',
      'head-to-head',
      'live',
    ])
      expect(leaks.via).toContain(via);
  });

  it('takes a revealed battle out of the pool and refuses a vote on a pair shown before', async () => {
    const res = await call('/api/arena/pair', { ip: '10.9.2.1' });
    expect(res.status).toBe(404);
    const vote = await call('/api/arena/votes', {
      ip: late.ip,
      cookie: late.cookie,
      json: { token: latePair.token, winner: 'a' },
    });
    expect(vote.status).toBe(410);
    expect(await vote.json()).toMatchObject({ error: { code: 'pair_revealed' } });
  });

  it('comes after ARENA_REVEAL_AFTER_HOURS from entering the pool', async () => {
    const id = uid('window');
    const slow = { provider: 'ollama', model: `plodder-${uid('m')}` };
    const fast = { provider: 'openrouter', model: `dasher-${uid('m')}` };
    await ingest(owner.token, blindBattle(id, slow, fast));
    const modelsOf = async () =>
      (await (await call(`/api/battles/${id}`)).json<{ contestants: Row[] }>()).contestants.map(
        (c) => c.model ?? null,
      );
    expect(await modelsOf()).toEqual([null, null]);
    // Pooled two hours ago with a one-hour window: revealed an hour ago.
    await runArenaJobs(
      { ...testEnv, ARENA_REVEAL_AFTER_HOURS: '1' },
      { now: () => Date.now() - 2 * 3_600_000 },
    );
    expect(await modelsOf()).toEqual([slow.model, fast.model]);
  });

  it('comes when its owner or an admin asks: POST /api/battles/:id/reveal', async () => {
    const id = uid('asked');
    const slow = { provider: 'ollama', model: `ambler-${uid('m')}` };
    const fast = { provider: 'openrouter', model: `sprinter-${uid('m')}` };
    await ingest(owner.token, blindBattle(id, slow, fast));
    await env.DB.prepare('UPDATE battles SET owner_token_id = ? WHERE id = ?').bind(owner.id, id).run();
    const ask = (token?: string) => call(`/api/battles/${id}/reveal`, { token, json: {} });
    expect((await ask()).status).toBe(401);
    expect((await ask(stranger)).status).toBe(403);
    const models = async () =>
      (await (await call(`/api/battles/${id}`)).json<{ contestants: Row[] }>()).contestants.map(
        (c) => c.model ?? null,
      );
    expect(await models()).toEqual([null, null]);
    const res = await ask(owner.token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id, revealedAt: expect.any(String) });
    expect(await models()).toEqual([slow.model, fast.model]);
    expect((await call(`/api/battles/${uid('none')}/reveal`, { token: admin, json: {} })).status).toBe(404);
  });
});

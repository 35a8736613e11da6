import { env } from 'cloudflare:test';
import { type ArenaPair, type ArenaVoteResponse, PairOutcomeLineSchema } from '@ringside/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { runArenaJobs } from '../arena/jobs.ts';
import { api, battle, count, createToken, ingest, result, uid } from '../test/helpers.ts';

let visitors = 0;

/** A browser: its own address and cookie jar. */
class Visitor {
  cookie = '';
  readonly ip = `10.1.0.${++visitors}`;

  async fetch(path: string, init: { method?: string; json?: unknown; token?: string } = {}) {
    const headers = new Headers({ 'CF-Connecting-IP': this.ip });
    if (this.cookie) headers.set('Cookie', this.cookie);
    const res = await api(path, { ...init, headers });
    const set = res.headers.get('Set-Cookie');
    if (set) this.cookie = set.split(';')[0] as string;
    return res;
  }

  pair() {
    return this.fetch('/api/arena/pair');
  }

  vote(token: string, winner: string, dimensions?: Record<string, string>) {
    return this.fetch('/api/arena/votes', { method: 'POST', json: { token, winner, dimensions } });
  }

  /** The id inside the signed cookie (`rs_voter=<id>.<signature>`). */
  get voterId() {
    return decodeURIComponent(this.cookie.split('=')[1] ?? '').split('.')[0] as string;
  }
}

const LEAK = 'As an AI model trained by OpenAI, I can only offer: gulls circle the pier.';
const texts: Record<string, Record<string, string>> = {
  t1: { c1: 'Waves fold into foam', c2: 'Salt wind combs the dunes', c3: LEAK },
  t2: { c1: 'Moon pulls the tide home', c2: 'Night tide hums low', c3: "Shells keep the sea's old songs" },
};
const arena = battle({
  id: uid('arena'),
  state: 'done',
  tasks: [
    { id: 't1', category: 'creative', prompt: 'Write a haiku about the sea.', assertions: [] },
    { id: 't2', category: 'creative', prompt: 'Write a haiku about the tide.', assertions: [] },
  ],
  contestants: [
    { id: 'c1', provider: 'embedded', model: 'tiny', lane: 'local', sampling: {} },
    {
      id: 'c2',
      provider: 'ollama',
      model: 'llama3.2',
      label: 'Llama the Poet',
      lane: 'local',
      sampling: {},
      persona: { name: 'poet', systemPrompt: 'Be a poet.' },
    },
    { id: 'c3', provider: 'openrouter', model: 'mystery-model', lane: 'cloud', sampling: {} },
  ],
});
const resultIds: string[] = [];

beforeAll(async () => {
  const { token } = await createToken('runner');
  const results = Object.entries(texts).flatMap(([taskId, byContestant]) =>
    Object.entries(byContestant).map(([contestantId, text]) => {
      const id = `${arena.id}-${taskId}-${contestantId}`;
      resultIds.push(id);
      return result(arena.id, { id, taskId, contestantId, output: { text }, chunks: null });
    }),
  );
  await ingest(token, { battle: arena, results });
  const report = await runArenaJobs(env);
  expect(report.pool).toMatchObject({ battlesScanned: 1, pairsAdded: 4, answersExcluded: 1 });
});

describe('GET /api/arena/pair', () => {
  it('shows two answers as A and B with nothing that names their models, battle or results', async () => {
    const res = await new Visitor().pair();
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Set-Cookie')).toMatch(/^rs_voter=.+HttpOnly/);
    const pair = await res.json<ArenaPair>();
    expect(Object.keys(pair).sort()).toEqual(['a', 'b', 'battleType', 'expiresAt', 'task', 'token']);
    expect(Object.keys(pair.a).sort()).toEqual(['e2eMs', 'outputTokens', 'text', 'ttftMs']);
    const visible = JSON.stringify({ ...pair, token: undefined });
    for (const secret of [
      arena.id,
      'embedded',
      'ollama',
      'openrouter',
      'llama3.2',
      'mystery-model',
      'Poet',
      'poet',
      ...resultIds,
    ]) {
      expect(visible).not.toContain(secret);
    }
    expect(pair.token).not.toContain(arena.id);
  });
});

describe('POST /api/arena/votes', () => {
  it('reveals who A and B were only after the vote, matching the answers shown', async () => {
    const v = new Visitor();
    const pair = await (await v.pair()).json<ArenaPair>();
    const res = await v.vote(pair.token, 'a', { correctness: 'a', speed: 'tie' });
    expect(res.status).toBe(201);
    const body = await res.json<ArenaVoteResponse>();
    expect(body.duplicate).toBe(false);
    expect(body.vote).toMatchObject({ winner: 'a', dimensions: { correctness: 'a', speed: 'tie' } });
    expect(body.reveal.battleId).toBe(arena.id);
    expect(texts[body.reveal.taskId]?.[body.reveal.a.contestantId]).toBe(pair.a.text);
    expect(texts[body.reveal.taskId]?.[body.reveal.b.contestantId]).toBe(pair.b.text);
    const c2 = [body.reveal.a, body.reveal.b].find((s) => s.contestantId === 'c2');
    if (c2)
      expect(c2).toMatchObject({
        provider: 'ollama',
        model: 'llama3.2',
        persona: 'poet',
        label: 'Llama the Poet',
      });
  });

  it('answers a retried identical vote with 200 and the stored vote, and refuses a changed vote with 409', async () => {
    const v = new Visitor();
    const pair = await (await v.pair()).json<ArenaPair>();
    const first = await (await v.vote(pair.token, 'tie')).json<ArenaVoteResponse>();
    const retry = await v.vote(pair.token, 'tie');
    expect(retry.status).toBe(200);
    const again = await retry.json<ArenaVoteResponse>();
    expect(again).toMatchObject({ duplicate: true, vote: { id: first.vote.id, winner: 'tie' } });
    const changed = await v.vote(pair.token, 'b');
    expect(changed.status).toBe(409);
    expect((await changed.json<{ error: { code: string } }>()).error.code).toBe('already_voted');
    expect(await count('arena_votes', 'voter_id = ?', v.voterId)).toBe(1);
  });

  it("refuses another voter's token with 403, a vote without the cookie with 403, a forged token with 400", async () => {
    const owner = new Visitor();
    const other = new Visitor();
    const pair = await (await owner.pair()).json<ArenaPair>();
    await other.pair();
    const mismatch = await other.vote(pair.token, 'a');
    expect(mismatch.status).toBe(403);
    expect((await mismatch.json<{ error: { code: string } }>()).error.code).toBe('voter_mismatch');
    expect((await new Visitor().vote(pair.token, 'a')).status).toBe(403);
    const forged = await owner.vote(`${pair.token.slice(0, -4)}AAAA`, 'a');
    expect(forged.status).toBe(400);
    expect((await forged.json<{ error: { code: string } }>()).error.code).toBe('invalid_token');
  });

  it('never offers an answer that names its model, and offers every other pair once per voter', async () => {
    const v = new Visitor();
    const seen = new Set<string>();
    let offered = 0;
    for (;;) {
      const res = await v.pair();
      if (res.status === 404) {
        expect((await res.json<{ error: { code: string } }>()).error.code).toBe('no_pairs');
        break;
      }
      const pair = await res.json<ArenaPair>();
      offered++;
      seen.add(pair.a.text).add(pair.b.text);
      expect((await v.vote(pair.token, 'bothbad')).status).toBe(201);
      if (offered > 10) throw new Error('the pool should hold 4 pairs');
    }
    expect(offered).toBe(4);
    expect(seen.has(LEAK)).toBe(false);
    expect(seen.size).toBe(5);
  });

  it('limits votes per address: the 21st request in a minute is 429 with Retry-After', async () => {
    const v = new Visitor();
    for (let i = 0; i < 20; i++) {
      expect((await v.fetch('/api/arena/votes', { method: 'POST', json: {} })).status).toBe(400);
    }
    const limited = await v.fetch('/api/arena/votes', { method: 'POST', json: {} });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await limited.json<{ error: { code: string } }>()).error.code).toBe('rate_limited');
    // Another address is not affected.
    expect((await new Visitor().fetch('/api/arena/votes', { method: 'POST', json: {} })).status).toBe(400);
  });
});

describe('moderation', () => {
  it("lets an admin discard a voter's votes, which leave ratings and exports; a non-admin cannot", async () => {
    const v = new Visitor();
    for (let i = 0; i < 2; i++) {
      const pair = await (await v.pair()).json<ArenaPair>();
      expect((await v.vote(pair.token, 'b')).status).toBe(201);
    }
    const body = { voterId: v.voterId };
    const { token: runner } = await createToken('runner');
    expect((await api('/api/arena/votes/discard', { method: 'POST', json: body })).status).toBe(401);
    expect(
      (await api('/api/arena/votes/discard', { method: 'POST', json: body, token: runner })).status,
    ).toBe(403);
    expect(await count('arena_votes', 'voter_id = ? AND discarded_at IS NULL', v.voterId)).toBe(2);

    const { token: admin } = await createToken('admin');
    const voters = await (await api('/api/arena/voters', { token: admin })).json<{
      items: { voterId: string; votes: number }[];
    }>();
    expect(voters.items.find((x) => x.voterId === v.voterId)?.votes).toBe(2);
    const res = await api('/api/arena/votes/discard', { method: 'POST', json: body, token: admin });
    expect(await res.json()).toEqual({ discarded: 2 });
    expect(await count('arena_votes', 'voter_id = ? AND discarded_at IS NULL', v.voterId)).toBe(0);
    const again = await api('/api/arena/votes/discard', { method: 'POST', json: body, token: admin });
    expect(await again.json()).toEqual({ discarded: 0 });

    // Pool counts and the export see only live votes (the battle is still blind: an admin's export).
    const live = await count('arena_votes', 'discarded_at IS NULL');
    const pooled = await env.DB.prepare('SELECT SUM(votes) AS n FROM arena_pairs').first<{ n: number }>();
    expect(pooled?.n).toBe(live);
    const exported = await api('/api/arena/pairs.jsonl?source=human&scope=contestant', { token: admin });
    const lines = (await exported.text()).trim().split('\n');
    expect(lines).toHaveLength(live);
  });
});

describe('GET /api/arena/pairs.jsonl', () => {
  it("exports votes in the rating fixture's JSON Lines format", async () => {
    // The battle is still blind, so only an admin (or its owner) gets its votes yet.
    const { token: admin } = await createToken('admin');
    const res = await api('/api/arena/pairs.jsonl?source=human&scope=model', { token: admin });
    expect(res.headers.get('Content-Type')).toMatch(/ndjson/);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => PairOutcomeLineSchema.parse(JSON.parse(l)));
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines.map((l) => l.battle_id))).toEqual(new Set([arena.id]));
    expect(new Set(lines.flatMap((l) => [l.model_a, l.model_b]))).toEqual(
      new Set(['embedded:tiny', 'ollama:llama3.2', 'openrouter:mystery-model']),
    );
  });
});

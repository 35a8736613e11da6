import { env } from 'cloudflare:test';
import { type BattleInput, type TokenScope, tokenId } from '@ringside/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, battle, ciBatch, createToken, ingest, result, uid } from '../test/helpers.ts';
import { liveEvents } from '../test/live-helpers.ts';

/**
 * The ownership matrix: every write route of a stored battle × no token, a forged token, a token
 * of the wrong scope, another owner's token of the right scope, the owner's token and an admin's.
 * Only the last two may write, and a refused write changes no row.
 */

type Who = 'none' | 'forged' | 'wrong-scope' | 'other-owner' | 'owner' | 'admin';
const CALLERS: Who[] = ['none', 'forged', 'wrong-scope', 'other-owner', 'owner', 'admin'];
const EXPECTED: Record<Who, number[]> = {
  none: [401],
  forged: [401],
  'wrong-scope': [403],
  'other-owner': [403],
  owner: [200, 201],
  admin: [200, 201],
};

interface Seeded {
  battle: BattleInput;
  resultId: string;
}

interface WriteRoute {
  name: string;
  request: (s: Seeded) => { method: string; path: string; json: unknown };
}

const WRITES: WriteRoute[] = [
  {
    name: 'PUT /api/battles/:id',
    request: (s) => ({
      method: 'PUT',
      path: `/api/battles/${s.battle.id}`,
      json: { ...s.battle, title: 'Taken' },
    }),
  },
  {
    name: 'PATCH /api/battles/:id',
    request: (s) => ({ method: 'PATCH', path: `/api/battles/${s.battle.id}`, json: { title: 'Taken' } }),
  },
  {
    name: 'POST /api/battles/:id/events',
    request: (s) => ({
      method: 'POST',
      path: `/api/battles/${s.battle.id}/events`,
      json: [liveEvents(s.battle.id).start()],
    }),
  },
  {
    name: 'POST /api/results',
    request: (s) => ({
      method: 'POST',
      path: '/api/results',
      json: result(s.battle.id, { contestantId: s.battle.contestants[0]!.id, taskId: s.battle.tasks[0]!.id }),
    }),
  },
  {
    name: 'POST /api/results/batch',
    request: (s) => ({
      method: 'POST',
      path: '/api/results/batch',
      json: {
        battle: s.battle,
        results: [
          result(s.battle.id, { contestantId: s.battle.contestants[0]!.id, taskId: s.battle.tasks[0]!.id }),
        ],
      },
    }),
  },
  {
    name: 'POST /api/results/:id/evaluations',
    request: (s) => ({
      method: 'POST',
      path: `/api/results/${s.resultId}/evaluations`,
      json: { evaluations: [{ id: uid('e'), source: 'judge', evaluator: 'judge:x', score: 1, details: {} }] },
    }),
  },
  {
    name: 'PUT /api/results/:id/judgement',
    request: (s) => ({
      method: 'PUT',
      path: `/api/results/${s.resultId}/judgement`,
      json: { thumbs: 'down' },
    }),
  },
  {
    name: 'PUT /api/battles/:id/tasks/:taskId/winner',
    request: (s) => ({
      method: 'PUT',
      path: `/api/battles/${s.battle.id}/tasks/${s.battle.tasks[0]!.id}/winner`,
      json: { winner: s.battle.contestants[0]!.id },
    }),
  },
  {
    name: 'POST /api/battles/:id/cross-examinations',
    request: (s) => ({
      method: 'POST',
      path: `/api/battles/${s.battle.id}/cross-examinations`,
      json: {
        battleId: s.battle.id,
        examiner: { provider: 'embedded', model: 'tiny' },
        question: 'Which answer is wrong?',
        prompt: [{ role: 'user', content: 'Which answer is wrong?' }],
        answer: 'The second.',
        status: 'ok',
        error: null,
        e2eMs: 12,
        at: '2026-11-22T02:00:00.000Z',
      },
    }),
  },
];

const tokens: Record<string, string> = {};
beforeAll(async () => {
  for (const scope of ['runner', 'ingest', 'admin'] as TokenScope[]) {
    tokens[scope] = (await createToken(scope)).token;
    tokens[`other-${scope}`] = (await createToken(scope)).token;
  }
});

/** Every row that belongs to the battle, in a stable order: what a refused write must leave alone. */
async function rowsOf(battleId: string): Promise<string> {
  const q = (sql: string) => env.DB.prepare(sql).bind(battleId).all();
  const parts = await Promise.all([
    q('SELECT * FROM battles WHERE id = ?'),
    q('SELECT * FROM contestants WHERE battle_id = ? ORDER BY id'),
    q('SELECT * FROM results WHERE battle_id = ? ORDER BY id'),
    q(
      'SELECT e.* FROM evaluations e JOIN results r ON r.id = e.result_id WHERE r.battle_id = ? ORDER BY e.id',
    ),
    q('SELECT * FROM winner_overrides WHERE battle_id = ? ORDER BY task_id'),
    q('SELECT * FROM cross_examinations WHERE battle_id = ? ORDER BY id'),
  ]);
  return JSON.stringify(parts.map((p) => p.results));
}

function tokenFor(who: Who, ownerScope: 'runner' | 'ingest'): string | undefined {
  const other = ownerScope === 'runner' ? 'ingest' : 'runner';
  switch (who) {
    case 'none':
      return undefined;
    case 'forged':
      return `${tokens[ownerScope]!.slice(0, -4)}AAAA`;
    case 'wrong-scope':
      return tokens[other];
    case 'other-owner':
      return tokens[`other-${ownerScope}`];
    case 'owner':
      return tokens[ownerScope];
    case 'admin':
      return tokens.admin;
  }
}

async function seed(origin: 'runner' | 'ingest'): Promise<Seeded> {
  if (origin === 'runner') {
    const b = { ...battle(), state: 'running' as const };
    const r = result(b.id, { contestantId: 'c1' });
    await ingest(tokens.runner!, { battle: b, results: [r] });
    return { battle: b, resultId: r.id as string };
  }
  const { battle: b, results } = ciBatch(uid('ci'), 1);
  const running = { ...b, state: 'running' as const };
  await ingest(tokens.ingest!, { battle: running, results });
  return { battle: running, resultId: results[0]!.id as string };
}

describe.each(['runner', 'ingest'] as const)('a battle created by a %s token', (ownerScope) => {
  describe.each(WRITES)('$name', (write) => {
    it.each(CALLERS)('%s', async (who) => {
      const seeded = await seed(ownerScope);
      const before = await rowsOf(seeded.battle.id);
      const { method, path, json } = write.request(seeded);
      const token = tokenFor(who, ownerScope);
      const res = await api(path, { method, json, ...(token ? { token } : {}) });
      const body = await res.text();
      expect(EXPECTED[who], `${res.status} ${body.slice(0, 300)}`).toContain(res.status);
      if (res.status >= 400) {
        expect(JSON.parse(body).error.code).toMatch(/^(unauthorized|forbidden|not_owner)$/);
        expect(await rowsOf(seeded.battle.id)).toBe(before);
      }
    });
  });
});

describe('a new battle', () => {
  it('belongs to the token that created it: another token of the same scope cannot replace it', async () => {
    const b = battle();
    expect(
      (await api(`/api/battles/${b.id}`, { method: 'PUT', token: tokens.runner!, json: b })).status,
    ).toBe(201);
    const owner = await env.DB.prepare('SELECT owner_token_id FROM battles WHERE id = ?').bind(b.id).first();
    expect(owner?.owner_token_id).toBe(tokenId(tokens.runner!));
    const res = await api(`/api/battles/${b.id}`, {
      method: 'PUT',
      token: tokens['other-runner']!,
      json: { ...b, title: 'Mine now' },
    });
    expect(res.status).toBe(403);
  });

  it('of origin ci cannot be created with a runner token, nor a runner battle with an ingest token', async () => {
    const ci = ciBatch(uid('ci'), 1).battle;
    expect(
      (await api(`/api/battles/${ci.id}`, { method: 'PUT', token: tokens.runner!, json: ci })).status,
    ).toBe(403);
    const b = battle();
    expect(
      (await api(`/api/battles/${b.id}`, { method: 'PUT', token: tokens.ingest!, json: b })).status,
    ).toBe(403);
  });
});

import { env } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import type { BattleInput, ResultInput, TokenScope } from '@ringside/shared';
import { generateToken, hashToken } from '@ringside/shared';

/** Test helpers: real requests through the worker's fetch handler, real tokens in local D1. */

export async function createToken(
  scope: TokenScope,
  name = `test-${scope}-${crypto.randomUUID().slice(0, 8)}`,
) {
  const { id, token } = generateToken();
  await env.DB.prepare('INSERT INTO tokens (id, name, scope, hash, created_at) VALUES (?, ?, ?, ?, ?)')
    .bind(id, name, scope, await hashToken(token), Date.now())
    .run();
  return { id, token, name };
}

export function api(path: string, init: RequestInit & { token?: string; json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(init.json);
  }
  return exports.default.fetch(new Request(`http://localhost${path}`, { ...init, headers, body }));
}

export async function count(table: string, where = '1=1', ...binds: unknown[]): Promise<number> {
  const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`)
    .bind(...binds)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

let seq = 0;
export const uid = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(seq++).toString(36)}`;

export function battle(overrides: Partial<BattleInput> & { id?: string } = {}): BattleInput {
  return {
    id: overrides.id ?? uid('b'),
    type: 'qa',
    origin: 'runner',
    title: 'Haiku about the sea',
    state: 'running',
    tasks: [{ id: 't1', category: 'creative', prompt: 'Write a haiku about the sea.', assertions: [] }],
    contestants: [
      { id: 'c1', provider: 'embedded', model: 'tiny', lane: 'local', sampling: { temperature: 0.2 } },
      {
        id: 'c2',
        provider: 'ollama',
        model: 'llama3.2',
        lane: 'local',
        sampling: {},
        persona: { name: 'poet', systemPrompt: 'Be a poet.' },
      },
    ],
    ...overrides,
  } as BattleInput;
}

export function result(battleId: string, overrides: Partial<ResultInput> = {}): ResultInput {
  return {
    id: overrides.id ?? uid('r'),
    battleId,
    contestantId: 'c1',
    taskId: 't1',
    status: 'ok',
    output: { text: 'Waves fold into foam' },
    metrics: { ttftMs: 12.5, e2eMs: 80, decodeTpsClient: 250, outputTokens: 18, outputTokensSource: 'usage' },
    chunks: { dtUs: [12500, 4000, 4000], chars: [5, 6, 8] },
    startedAt: '2026-11-22T01:00:00.000Z',
    endedAt: '2026-11-22T01:00:00.080Z',
    ...overrides,
  };
}

/** A CI batch of `n` results for one model on suite `suite`. */
export function ciBatch(
  id: string,
  n: number,
  opts: { suite?: string; score?: (i: number) => number; e2e?: (i: number) => number } = {},
) {
  const tasks = Array.from({ length: Math.min(n, 10) }, (_, i) => ({
    id: `task-${i}`,
    prompt: `Task ${i}`,
    category: 'problem-solving' as const,
    assertions: [],
  }));
  const b: BattleInput = {
    id,
    type: 'suite',
    origin: 'ci',
    title: `CI ${id}`,
    state: 'done',
    suite: { name: opts.suite ?? 'smoke', version: '1' },
    ci: { commit: 'abc123', branch: 'main' },
    tasks,
    contestants: [{ id: 'agent', provider: 'openai', model: 'gpt-test', lane: 'cloud', sampling: {} }],
  } as BattleInput;
  const results = Array.from({ length: n }, (_, i) =>
    result(id, {
      id: `${id}-r${i}`,
      contestantId: 'agent',
      taskId: `task-${i % tasks.length}`,
      repeat: Math.floor(i / tasks.length),
      score: opts.score ? opts.score(i) : 0.5,
      passed: (opts.score ? opts.score(i) : 0.5) >= 0.5,
      metrics: { e2eMs: opts.e2e ? opts.e2e(i) : 100 + i, ttftMs: 10, decodeTpsClient: 50 },
      chunks: null,
      evaluations: [{ source: 'ci', evaluator: 'unit-tests', score: 0.5, passed: true }],
      telemetry: { source: 'ci', samples: [], counters: { toolCalls: 3 } },
    }),
  );
  return { battle: b, results };
}

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

/** Posts results (and their battle) with `POST /api/results/batch`; throws unless they were accepted. */
export async function ingest(token: string, body: { battle?: BattleInput; results: ResultInput[] }) {
  const res = await api('/api/results/batch', { method: 'POST', token, json: body });
  if (res.status !== 200 && res.status !== 201) throw new Error(`ingest: ${res.status} ${await res.text()}`);
  return res.json<{ created: number; duplicates: number; battleCreated: boolean; ids: string[] }>();
}

/** Moves a battle and its results to another creation time (epoch ms), for time filters and ordering. */
export async function backdate(battleId: string, at: number) {
  await env.DB.batch([
    env.DB.prepare('UPDATE battles SET created_at = ? WHERE id = ?').bind(at, battleId),
    env.DB.prepare('UPDATE results SET created_at = ? WHERE battle_id = ?').bind(at, battleId),
  ]);
}

/** Follows `nextCursor` from `path` (which has a query string) until it is null; every page's items. */
export async function walkPages<T>(path: string): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let cursor: string | null = null;
  do {
    const res = await api(cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path);
    if (res.status !== 200) throw new Error(`walkPages: ${res.status} ${await res.text()}`);
    const page = await res.json<{ items: T[]; nextCursor: string | null }>();
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
    if (pages > 100_000) throw new Error('walkPages: the cursor never ends');
  } while (cursor);
  return { items, pages };
}

/** A strict RFC 4180 reader for checking exports: quoted fields, doubled quotes, CRLF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"' && field === '') {
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new Error(`parseCsv: unterminated quote at ${i}`);
        if (text[j] === '"') {
          if (text[j + 1] !== '"') break;
          field += '"';
          j += 2;
        } else field += text[j++];
      }
      i = j + 1;
      if (i < text.length && text[i] !== ',' && text[i] !== '\r')
        throw new Error(`parseCsv: junk after quote at ${i}`);
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      if (ch === '"' || ch === '\n' || ch === '\r')
        throw new Error(`parseCsv: bare ${JSON.stringify(ch)} at ${i}`);
      field += ch;
      i++;
    }
  }
  if (field !== '' || row.length > 0) throw new Error('parseCsv: the last line does not end with CRLF');
  return rows;
}

/**
 * Makes battles public, as if their blind-voting window had passed (apps/worker/src/arena/seal.ts):
 * for tests about something else that read them without a token.
 */
export async function reveal(...battleIds: string[]) {
  for (const id of battleIds) {
    await env.DB.prepare('UPDATE battles SET revealed_at = 0 WHERE id = ?').bind(id).run();
  }
}

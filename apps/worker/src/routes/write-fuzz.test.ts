import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, battle, createToken, ingest, result, uid } from '../test/helpers.ts';

/**
 * Issue 9 (bounded input): a seeded fuzz of every write route with malformed, huge and deeply
 * nested bodies and with valid bodies mutated at random places. Every answer must be below 500,
 * and a refused write must leave the stored data as it was. `PER_ROUTE` bodies per route; the
 * same seed gives the same bodies, so a failure can be replayed.
 */
const PER_ROUTE = 30;
const SEED = 9_003;

/** mulberry32: small, fast, seedable. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = rng(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

/** Stands for `depth` nested arrays; written out as text by `encode`, since JSON.stringify recurses. */
const deep = (depth: number) => `__deep${depth}__`;
const encode = (body: unknown) =>
  JSON.stringify(body).replace(/"__deep(\d+)__"/g, (_, n) => `${'['.repeat(+n)}0${']'.repeat(+n)}`);

/** A value that is wrong somewhere: the wrong type, too big, too deep, hostile keys. */
function junk(): unknown {
  switch (int(0, 17)) {
    case 0:
      return null;
    case 1:
      return pick([true, false, 0, -1, -0, 1e308, -1e308, 0.5, 2 ** 53 + 1]);
    case 2:
      return '';
    case 3:
      return 'x'.repeat(pick([129, 257, 4_001, 20_001, 200_001, 2_000_001]));
    case 4:
      return pick(['\u0000', '\ud800', '\udfff\ud800', '../../etc/passwd', '<script>alert(1)</script>']);
    case 5:
      return pick(['javascript:alert(1)', 'data:text/html,x', 'http://', 'not a url']);
    case 6:
      return [];
    case 7:
      return {};
    case 8:
      return deep(pick([33, 1_001, 5_000, 20_000]));
    case 9:
      return { nested: deep(pick([40, 2_000, 12_000])) };
    case 10:
      return Array.from({ length: pick([1_001, 10_001, 100_000]) }, () => 0);
    case 11:
      return Object.fromEntries(Array.from({ length: pick([257, 5_000, 30_000]) }, (_, i) => [`k${i}`, i]));
    case 12:
      return JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}');
    case 13:
      return pick([
        '2026-13-45T99:99:99Z',
        'yesterday',
        '1970-01-01T00:00:00.000Z',
        '9999-12-31T23:59:59.999Z',
      ]);
    case 14:
      return 'a'.repeat(int(1, 64)).replace(/a/g, () => pick(['a', '-', '.', ':', '/', ' ', 'é', '_']));
    case 15:
      return Array.from({ length: int(2, 300) }, () => ({ id: `x${int(0, 9)}`, type: 'equals', value: 1 }));
    case 16:
      return { id: 'dup', role: 'user', content: 'x', source: 'judge', evaluator: 'e', winner: 'a' };
    default:
      return pick(['ok', 'error', 'done', 'running', 'human', 'owner', 'c1', 't1', 'a', 'tie']);
  }
}

/** Every path to a value inside `v` (objects and arrays), found without recursion. */
function paths(v: unknown): (string | number)[][] {
  const out: (string | number)[][] = [];
  const stack: [unknown, (string | number)[]][] = [[v, []]];
  while (stack.length > 0) {
    const [x, path] = stack.pop() as [unknown, (string | number)[]];
    if (x === null || typeof x !== 'object') continue;
    for (const [k, child] of Object.entries(x)) {
      const p = [...path, Array.isArray(x) ? Number(k) : k];
      out.push(p);
      stack.push([child, p]);
    }
  }
  return out;
}

/** Fields that take any JSON: where nesting and size bounds matter most. */
const FREE_FORM = new Set(['details', 'value', 'counters', 'vars']);

/** An array's first item repeated: many valid items (ids made unique), past or at a cap. */
function grown(list: unknown[]): unknown[] {
  const n = pick([9, 10, 65, 256, 257, 1_001]);
  return Array.from({ length: n }, (_, i) => {
    const item = structuredClone(list[0]);
    if (item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string') {
      (item as { id: string }).id = `${(item as { id: string }).id}-${i}`;
    }
    return item;
  });
}

/**
 * A copy of `template` with 1–3 changes: a value replaced by junk (often a free-form field made
 * deep or large), a key deleted or added, or an array grown to many valid items.
 */
function mutate(template: unknown): unknown {
  const body = structuredClone(template) as Record<string, unknown>;
  for (let n = int(1, 3); n > 0; n--) {
    const all = paths(body);
    if (all.length === 0) return junk();
    const free = all.filter((p) => FREE_FORM.has(String(p.at(-1))));
    const path = free.length > 0 && random() < 0.5 ? pick(free) : pick(all);
    let parent = body as Record<string | number, unknown>;
    for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
    const last = path.at(-1) as string | number;
    const value = parent[last];
    const action = int(0, 9);
    if (action === 0 && !Array.isArray(parent)) delete parent[last];
    else if (action === 1 && !Array.isArray(parent)) parent[`unknown${int(0, 9)}`] = junk();
    else if (action <= 4 && Array.isArray(value) && value.length > 0) parent[last] = grown(value);
    else if (action <= 5 && FREE_FORM.has(String(last)))
      parent[last] = { d: deep(pick([33, 1_001, 9_000, 12_000])) };
    else parent[last] = junk();
  }
  return body;
}

/** Bodies that are not JSON, or JSON no route expects. */
const RAW = [
  '',
  'null',
  '[]',
  '"text"',
  '42',
  '{',
  '{"a":',
  '\uFEFF{}',
  'NaN',
  '{"id": 1e999}',
  '{"a":1,"a":2}',
  '['.repeat(100_000),
  `${'['.repeat(200_000)}${']'.repeat(200_000)}`,
  `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`,
  'x'.repeat(5_000_000),
  `{"title":"${'y'.repeat(9_000_000)}"}`,
];

type Route = { method: string; path: () => string; template: () => unknown };

let admin: string;
let seeded: {
  battleId: string;
  resultId: string;
  battle: ReturnType<typeof battle>;
  result: ReturnType<typeof result>;
};

const TABLES = `SELECT
  (SELECT COUNT(*) || ':' || TOTAL(LENGTH(tasks) + LENGTH(title) + LENGTH(state)) || ':' || COALESCE(MAX(updated_at), 0) FROM battles) AS battles,
  (SELECT COUNT(*) || ':' || TOTAL(LENGTH(sampling) + COALESCE(LENGTH(persona), 0)) FROM contestants) AS contestants,
  (SELECT COUNT(*) || ':' || TOTAL(LENGTH(data)) || ':' || TOTAL(score) FROM results) AS results,
  (SELECT COUNT(*) || ':' || TOTAL(COALESCE(LENGTH(details), 0)) || ':' || TOTAL(score) || ':' || COALESCE(MAX(created_at), 0) FROM evaluations) AS evaluations,
  (SELECT COUNT(*) || ':' || TOTAL(LENGTH(body)) FROM cross_examinations) AS cross_examinations,
  (SELECT COUNT(*) || ':' || COALESCE(MAX(updated_at), 0) || ':' || TOTAL(COALESCE(LENGTH(note), 0)) FROM winner_overrides) AS winner_overrides,
  (SELECT COUNT(*) || ':' || TOTAL(LENGTH(body)) FROM suites) AS suites,
  (SELECT COUNT(*) || ':' || COUNT(discarded_at) FROM arena_votes) AS arena_votes`;
/** What the stored data looks like (token use times and rate-limit counters change by design). */
const snapshot = async () => JSON.stringify(await env.DB.prepare(TABLES).first());

const exam = (battleId: string) => ({
  battleId,
  examiner: { provider: 'embedded', model: 'tiny' },
  question: 'Who won?',
  prompt: [{ role: 'user', content: 'Who won?' }],
  answer: 'c1',
  status: 'ok',
  error: null,
  e2eMs: 5,
  at: '2026-11-22T02:00:00.000Z',
});

const routes: Route[] = [
  { method: 'PUT', path: () => `/api/battles/${seeded.battleId}`, template: () => seeded.battle },
  {
    method: 'PATCH',
    path: () => `/api/battles/${seeded.battleId}`,
    template: () => ({ state: 'running', title: 'T' }),
  },
  {
    method: 'POST',
    path: () => `/api/battles/${seeded.battleId}/events`,
    template: () => [
      {
        type: 'token-delta',
        battleId: seeded.battleId,
        at: '2026-11-22T01:00:00.000Z',
        contestantId: 'c1',
        taskId: 't1',
        seq: 0,
        text: 'Waves',
        offsetsMs: [1],
        chars: [5],
        tokens: 1,
      },
    ],
  },
  {
    method: 'PUT',
    path: () => `/api/battles/${seeded.battleId}/tasks/t1/winner`,
    template: () => ({ winner: 'c1' }),
  },
  {
    method: 'POST',
    path: () => `/api/battles/${seeded.battleId}/cross-examinations`,
    template: () => exam(seeded.battleId),
  },
  {
    method: 'POST',
    path: () => '/api/results',
    template: () => ({ battle: seeded.battle, results: [seeded.result] }),
  },
  {
    method: 'POST',
    path: () => '/api/results/batch',
    template: () => ({ battle: seeded.battle, results: [seeded.result] }),
  },
  {
    method: 'POST',
    path: () => `/api/results/${seeded.resultId}/evaluations`,
    template: () => ({
      evaluations: [{ id: 'fuzz', source: 'judge', evaluator: 'j', score: 0.5, details: { winner: 'c1' } }],
    }),
  },
  {
    method: 'PUT',
    path: () => `/api/results/${seeded.resultId}/judgement`,
    template: () => ({ thumbs: 'up', stars: 4, note: 'n' }),
  },
  {
    method: 'PUT',
    path: () => '/api/suites/fuzz-suite',
    template: () => ({
      name: 'fuzz-suite',
      vars: { b: 2 },
      tasks: [
        { id: 't', prompt: 'Add {{a}}', assertions: [{ type: 'equals', value: '3' }], vars: [{ a: 1 }] },
      ],
    }),
  },
  {
    method: 'POST',
    path: () => '/api/arena/votes',
    template: () => ({ token: 'x'.repeat(40), winner: 'a' }),
  },
  { method: 'POST', path: () => '/api/arena/votes/discard', template: () => ({ voterId: 'nobody' }) },
];

beforeAll(async () => {
  admin = (await createToken('admin')).token;
  const b = battle({
    id: uid('fuzz'),
    tasks: [
      {
        id: 't1',
        category: 'creative',
        prompt: 'Write a haiku about the sea.',
        assertions: [{ type: 'contains', value: 'sea', weight: 1 }],
      },
    ],
  });
  const r = result(b.id, {
    evaluations: [{ source: 'check', evaluator: 'contains', score: 1, details: { reason: 'found' } }],
    telemetry: { source: 'ci', samples: [], counters: { toolCalls: 1 } },
  });
  await ingest(admin, { battle: b, results: [r] });
  seeded = { battleId: b.id, resultId: r.id as string, battle: b, result: r };
});

describe('write routes under fuzz', () => {
  it(`answer below 500 and change nothing when they refuse (${PER_ROUTE} bodies per route)`, async () => {
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let requests = 0;
    let before = await snapshot();
    for (const route of routes) {
      for (let i = 0; i < PER_ROUTE; i++) {
        const kind = random();
        const text = kind < 0.25 ? pick(RAW) : encode(kind < 0.9 ? mutate(route.template()) : junk());
        const headers = new Headers({ 'CF-Connecting-IP': `10.77.${int(0, 255)}.${int(0, 255)}` });
        headers.set(
          'Content-Type',
          random() < 0.9 ? 'application/json' : pick(['text/plain', 'application/x-www-form-urlencoded']),
        );
        const token = random() < 0.95 ? admin : undefined;
        const res = await api(route.path(), {
          method: route.method,
          body: text,
          headers,
          ...(token ? { token } : {}),
        });
        await res.arrayBuffer();
        requests++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const after = await snapshot();
        const what = `${route.method} ${route.path()} ${res.status} body ${text.length} chars: ${text.slice(0, 120)}`;
        if (res.status >= 500) failures.push(`5xx: ${what}`);
        if (res.status >= 400 && after !== before) failures.push(`refused but changed rows: ${what}`);
        before = after;
      }
    }
    const histogram = Object.fromEntries([...statuses].sort(([a], [b]) => a - b));
    console.log(
      JSON.stringify({ fuzz: { seed: SEED, requests, statuses: histogram, failures: failures.length } }),
    );
    expect(failures).toEqual([]);
    expect(requests).toBe(routes.length * PER_ROUTE);
  }, 60_000);
});

import type { BattleInput, Result } from '@ringside/shared';
import { ResultSchema, ResultsBatchSchema, ResultsPostSchema } from '@ringside/shared';
import { type Context, Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { setMetric, timing } from 'hono/timing';
import { assertOriginAllowed } from '../auth/origin.ts';
import type { Caller } from '../auth/require-scope.ts';
import { type AuthEnv, requireScope } from '../auth/require-scope.ts';
import type { Db } from '../db/client.ts';
import { getDb } from '../db/client.ts';
import { limitBody, MB } from '../lib/body-limit.ts';
import { publicCache } from '../lib/cache.ts';
import { validate } from '../lib/validate.ts';
import { loadBattles } from '../queries/battles.ts';
import { ingestResults } from '../queries/ingest.ts';
import { ListResultsQuerySchema, listResults } from '../queries/results-read.ts';

/** Server-Timing phases of a write, so a client (and the benchmark) can see where time goes. */
function phases(c: Context<AuthEnv>) {
  let last = c.get('requestStart');
  return (name: string) => {
    const now = performance.now();
    setMetric(c, name, now - last);
    last = now;
  };
}

async function store(
  db: Db,
  caller: Caller,
  body: { battle?: BattleInput | undefined; results: Result[] },
  mark: (phase: string) => void,
) {
  mark('auth-parse-validate');
  if (body.battle) assertOriginAllowed(caller, body.battle.origin);
  // Results added to an existing battle obey the same origin rule as the battle itself.
  const others = [...new Set(body.results.map((r) => r.battleId))].filter((id) => id !== body.battle?.id);
  for (const b of (await loadBattles(db, others)).values()) assertOriginAllowed(caller, b.origin);
  const out = await ingestResults(db, body, caller.name, mark);
  return out;
}

const started = createMiddleware<AuthEnv>(async (c, next) => {
  c.set('requestStart', performance.now());
  await next();
});

export const resultsRoute = new Hono<AuthEnv>()
  .get('/', publicCache(), validate('query', ListResultsQuerySchema), async (c) => {
    return c.json(await listResults(getDb(c.env), c.req.valid('query'), c.get('viewer')));
  })
  .post(
    '/',
    started,
    timing(),
    requireScope('ingest', 'runner'),
    limitBody(8 * MB),
    validate('json', ResultsPostSchema),
    async (c) => {
      const raw = c.req.valid('json');
      const body = 'results' in raw ? raw : { results: [ResultSchema.parse(raw)] };
      const out = await store(getDb(c.env), c.get('caller'), body, phases(c));
      return c.json(out, out.created > 0 || out.battleCreated ? 201 : 200);
    },
  )
  .post(
    '/batch',
    started,
    timing(),
    requireScope('ingest', 'runner'),
    limitBody(64 * MB),
    validate('json', ResultsBatchSchema),
    async (c) => {
      const out = await store(getDb(c.env), c.get('caller'), c.req.valid('json'), phases(c));
      return c.json(out, out.created > 0 || out.battleCreated ? 201 : 200);
    },
  );

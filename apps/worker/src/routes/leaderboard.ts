import {
  HeadToHeadQuerySchema,
  LeaderboardQuerySchema,
  LeaderboardRecomputeQuerySchema,
} from '@ringside/shared';
import { Hono } from 'hono';
import { runArenaJobs } from '../arena/jobs.ts';
import { type AuthEnv, requireScope } from '../auth/require-scope.ts';
import { getDb } from '../db/client.ts';
import { publicCache } from '../lib/cache.ts';
import { validate } from '../lib/validate.ts';
import { readHeadToHead, readLeaderboard } from '../queries/leaderboard-read.ts';

/**
 * `GET /api/leaderboard` (PRODUCT F14, F15): the latest snapshot the scheduled job computed, with
 * `computedAt`; reads never compute. `POST /recompute` (admin) runs the scheduled job now.
 */

export const leaderboardRoute = new Hono<AuthEnv>()
  .get('/', publicCache(30, 300), validate('query', LeaderboardQuerySchema), async (c) => {
    const { json, etag } = await readLeaderboard(getDb(c.env), c.req.valid('query'));
    return c.body(json, 200, { 'Content-Type': 'application/json; charset=utf-8', ETag: etag });
  })
  .get('/head-to-head', publicCache(30, 300), validate('query', HeadToHeadQuerySchema), async (c) => {
    return c.json(await readHeadToHead(getDb(c.env), c.req.valid('query'), c.get('viewer')));
  })
  .post(
    '/recompute',
    requireScope('admin'),
    validate('query', LeaderboardRecomputeQuerySchema),
    async (c) => {
      return c.json(await runArenaJobs(c.env, { budgetMs: c.req.valid('query').budgetMs }));
    },
  );

import { endpoints } from '@ringside/shared';
import { runArenaJobs } from '../arena/jobs.ts';
import { getDb } from '../db/client.ts';
import { publicCache } from '../lib/cache.ts';
import { resource, route } from '../lib/resource.ts';
import { readHeadToHead, readLeaderboard } from '../queries/leaderboard-read.ts';

/**
 * `GET /api/leaderboard` (PRODUCT F14, F15): the latest snapshot the scheduled job computed, with
 * `computedAt`; reads never compute. `POST /recompute` (admin) runs the scheduled job now.
 */
export const leaderboardRoute = resource('/api/leaderboard', [
  route(
    endpoints.leaderboard,
    async (c, { query }) => {
      const { json, etag } = await readLeaderboard(getDb(c.env), query);
      return c.body(json, 200, { 'Content-Type': 'application/json; charset=utf-8', ETag: etag });
    },
    publicCache(30, 300),
  ),
  route(
    endpoints.headToHead,
    async (c, { query }) => c.json(await readHeadToHead(getDb(c.env), query, c.get('viewer'))),
    publicCache(30, 300),
  ),
  route(endpoints.recompute, async (c, { query }) =>
    c.json(await runArenaJobs(c.env, { budgetMs: query.budgetMs })),
  ),
]);

import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { optionalCaller } from './auth/optional-caller.ts';
import type { AuthEnv } from './auth/require-scope.ts';
import { ApiException, onError } from './lib/errors.ts';
import { securityHeaders } from './lib/security-headers.ts';
import { arenaRoute } from './routes/arena.ts';
import { batchesRoute } from './routes/batches.ts';
import { battlesRoute } from './routes/battles.ts';
import { exportRoute } from './routes/export.ts';
import { health } from './routes/health.ts';
import { battleJudgementsRoute, resultJudgementsRoute } from './routes/judgements.ts';
import { leaderboardRoute } from './routes/leaderboard.ts';
import { liveRoute } from './routes/live.ts';
import { modelsRoute } from './routes/models.ts';
import { openapiRoute } from './routes/openapi.ts';
import { resultsRoute } from './routes/results.ts';
import { revealRoute } from './routes/reveal.ts';
import { runsRoute } from './routes/runs.ts';
import { statsRoute } from './routes/stats.ts';
import { suitesRoute } from './routes/suites.ts';

const readerOf = optionalCaller();

/** The Ringside edge API: one sub-app per resource, one error path. */
export const app = new Hono<AuthEnv>()
  .use(securityHeaders())
  .use('/api/*', cors({ origin: '*', allowHeaders: ['Authorization', 'Content-Type'], maxAge: 86_400 }))
  // Reads take an optional token: blind battles are shown in full only to their owner and admins.
  .use('/api/*', async (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? readerOf(c, next) : next(),
  )
  .route('/api/health', health)
  .route('/api/openapi.json', openapiRoute)
  .route('/api/battles', battlesRoute)
  .route('/api/battles', liveRoute)
  .route('/api/battles', battleJudgementsRoute)
  .route('/api/battles', revealRoute)
  .route('/api/results', resultsRoute)
  .route('/api/results', resultJudgementsRoute)
  .route('/api/suites', suitesRoute)
  .route('/api/runs', runsRoute)
  .route('/api/batches', batchesRoute)
  .route('/api/stats', statsRoute)
  .route('/api/models', modelsRoute)
  .route('/api/export', exportRoute)
  .route('/api/leaderboard', leaderboardRoute)
  .route('/api/arena', arenaRoute)
  .notFound((c) => {
    if (!c.req.path.startsWith('/api/')) return c.env.ASSETS.fetch(c.req.raw);
    throw new ApiException(404, 'not_found', `no route ${c.req.method} ${c.req.path}`, [
      { path: 'url', message: 'unknown endpoint' },
    ]);
  })
  .onError(onError);

export type App = typeof app;

import { app } from './app.ts';
import { runArenaJobs } from './arena/jobs.ts';

export { BattleRoom } from './live/battle-room.ts';

export default {
  fetch: app.fetch,
  // The Cron Trigger in wrangler.toml: voting pool and leaderboard snapshots (apps/worker/src/arena/jobs.ts).
  async scheduled(controller, env, _ctx) {
    const report = await runArenaJobs(env);
    console.log(
      JSON.stringify({
        level: 'info',
        msg: 'arena jobs',
        cron: controller.cron,
        ms: report.ms,
        pool: report.pool,
        computed: report.computed.length,
        remaining: report.remaining,
      }),
    );
  },
} satisfies ExportedHandler<Env>;

/**
 * What the Cron Trigger runs (and the admin recompute route, with a longer budget): grow the
 * voting pool from newly finished battles (scheduling their reveal), reveal blind battles that
 * never finished, recompute stale leaderboard snapshots, drop old rate-limit counters.
 */
import type { LeaderboardRecompute } from '@ringside/shared';
import { getDb } from '../db/client.ts';
import { POOL_PAGE, type PoolRefresh, refreshArenaPool } from '../queries/arena-pool.ts';
import { refreshLeaderboards } from '../queries/leaderboard-refresh.ts';
import { revealUnfinished } from '../queries/reveals.ts';
import { pruneRateLimits } from './rate-limit.ts';
import { revealPolicy } from './reveal-policy.ts';

/**
 * A scheduled invocation's budget: well inside the 30 s of CPU a Worker gets by default; the
 * ratings maths takes about 3 s per million outcomes and scope, so large slices finish on later
 * invocations (raise `limits.cpu_ms` and this budget to finish sooner).
 */
export const CRON_BUDGET_MS = 15_000;

export async function runArenaJobs(
  env: { DB: D1Database; ARENA_REVEAL_AFTER_HOURS?: string; ARENA_REVEAL_AFTER_VOTES?: string },
  { budgetMs = CRON_BUDGET_MS, now = Date.now }: { budgetMs?: number; now?: () => number } = {},
): Promise<LeaderboardRecompute> {
  const db = getDb(env);
  const reveal = revealPolicy(env);
  const started = now();
  const pool: PoolRefresh = { battlesScanned: 0, pairsAdded: 0, answersExcluded: 0 };
  // The pool gets at most a third of the budget; a full page means more battles may be waiting.
  for (;;) {
    const page = await refreshArenaPool(db, now(), POOL_PAGE, reveal);
    pool.battlesScanned += page.battlesScanned;
    pool.pairsAdded += page.pairsAdded;
    pool.answersExcluded += page.answersExcluded;
    if (page.battlesScanned < POOL_PAGE || now() - started > budgetMs / 3) break;
  }
  await revealUnfinished(db, now(), reveal);
  const spent = now() - started;
  const ratings = await refreshLeaderboards(db, { budgetMs: Math.max(0, budgetMs - spent), now });
  await pruneRateLimits(env.DB, now());
  return { ms: now() - started, pool, ...ratings };
}

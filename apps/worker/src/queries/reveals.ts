import type { RevealPolicy } from '../arena/reveal-policy.ts';
import type { Db } from '../db/client.ts';

/**
 * Blind battles that never finished (stopped, failed, or a runner that went away mid-run) never
 * reach the voting pool, so the pool job cannot schedule their reveal: once untouched for the
 * reveal window they are revealed here (arena/seal.ts). A battle resumed later stays revealed.
 */
export async function revealUnfinished(db: Db, now: number, reveal: RevealPolicy): Promise<number> {
  const out = await db.$client
    .prepare(
      `UPDATE battles SET revealed_at = ?1
       WHERE revealed_at IS NULL AND state <> 'done' AND updated_at <= ?1 - ?2`,
    )
    .bind(now, reveal.afterMs)
    .run();
  return out.meta.changes ?? 0;
}

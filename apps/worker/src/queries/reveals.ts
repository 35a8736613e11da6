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

/**
 * Reveals one battle now (its owner's or an admin's choice: `POST /api/battles/:id/reveal`); its
 * pairs leave the voting pool with it. A battle already public keeps its reveal time.
 * Returns the reveal time, or null when there is no such battle.
 */
export async function revealNow(db: Db, battleId: string, now: number): Promise<number | null> {
  const row = await db.$client
    .prepare(
      `UPDATE battles SET revealed_at = ?2 WHERE id = ?1 AND (revealed_at IS NULL OR revealed_at > ?2)`,
    )
    .bind(battleId, now)
    .run();
  if ((row.meta.changes ?? 0) > 0) return now;
  const existing = await db.$client
    .prepare('SELECT revealed_at FROM battles WHERE id = ?1')
    .bind(battleId)
    .first<{ revealed_at: number | null }>();
  return existing ? existing.revealed_at : null;
}

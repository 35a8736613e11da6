import type { BattleState } from '@ringside/shared';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { battles } from '../db/schema.ts';

/** The battle's state in D1, or null when there is no such battle. */
export async function battleState(db: Db, id: string): Promise<BattleState | null> {
  const row = await db.select({ state: battles.state }).from(battles).where(eq(battles.id, id)).get();
  return row?.state ?? null;
}

/** D1 states after which a battle publishes nothing more, as the room's phase. */
export function endedPhase(state: BattleState): 'done' | 'failed' | 'stopped' | null {
  return state === 'done' || state === 'failed' || state === 'stopped' ? state : null;
}

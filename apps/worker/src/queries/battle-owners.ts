import type { BattleOrigin } from '@ringside/shared';
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { battles, results } from '../db/schema.ts';
import { chunk, D1_MAX_PARAMS } from '../lib/chunks.ts';

export interface BattleOwner {
  id: string;
  origin: BattleOrigin;
  ownerTokenId: string | null;
}

/** Origin and owner of the battles that exist among `ids` (one light query per ≤ 99 ids). */
export async function battleOwners(db: Db, ids: readonly string[]): Promise<BattleOwner[]> {
  const out: BattleOwner[] = [];
  for (const part of chunk([...new Set(ids)], D1_MAX_PARAMS - 1)) {
    out.push(
      ...(await db
        .select({ id: battles.id, origin: battles.origin, ownerTokenId: battles.ownerTokenId })
        .from(battles)
        .where(inArray(battles.id, part))),
    );
  }
  return out;
}

/** The battle a stored result belongs to, or null when there is no such result. */
export async function battleOfResult(db: Db, resultId: string): Promise<string | null> {
  const row = await db
    .select({ battleId: results.battleId })
    .from(results)
    .where(eq(results.id, resultId))
    .get();
  return row?.battleId ?? null;
}

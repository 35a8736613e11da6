import type { BattleOrigin, OwnerRule } from '@ringside/shared';
import type { Context } from 'hono';
import { getDb } from '../db/client.ts';
import { ApiException } from '../lib/errors.ts';
import { battleOfResult, battleOwners } from '../queries/battle-owners.ts';
import { assertOriginAllowed } from './origin.ts';
import type { AuthEnv, Caller } from './require-scope.ts';

/**
 * The owner rule of the endpoint table: a battle belongs to the token that created it; only that
 * token or an admin may change it, add to it, judge it or publish its events. The origin rule
 * (CI tokens write CI batches, runner tokens runner battles) holds for the stored battle and for
 * any battle in the body. A battle that does not exist yet is the caller's to create; a result
 * that does not exist is left to the handler's 404.
 */

export interface Posted {
  params: Record<string, unknown>;
  body: unknown;
}

const notOwner = (battleId: string) =>
  new ApiException(403, 'not_owner', `battle '${battleId}' belongs to another token`, [
    {
      path: 'Authorization',
      message: 'only the token that created the battle, or an admin, may write to it',
    },
  ]);

/** Battle ids a write touches, and the origins its body claims. */
function targets(rule: OwnerRule, input: Posted): { ids: string[]; origins: BattleOrigin[] } {
  const body = (input.body ?? {}) as {
    id?: string;
    origin?: BattleOrigin;
    battleId?: string;
    battle?: { id: string; origin: BattleOrigin };
    results?: { battleId: string }[];
  };
  if (rule === 'battle') {
    return { ids: [String(input.params.id)], origins: body.origin ? [body.origin] : [] };
  }
  if (rule === 'posted-battles') {
    const ids = body.results ? body.results.map((r) => r.battleId) : body.battleId ? [body.battleId] : [];
    if (body.battle) ids.push(body.battle.id);
    return { ids, origins: body.battle ? [body.battle.origin] : [] };
  }
  return { ids: [], origins: [] };
}

export function isOwner(caller: Caller, ownerTokenId: string | null): boolean {
  return caller.scope === 'admin' || (ownerTokenId !== null && ownerTokenId === caller.tokenId);
}

export async function assertOwner(c: Context<AuthEnv>, rule: OwnerRule, input: Posted): Promise<void> {
  const caller = c.get('caller');
  const db = getDb(c.env);
  const { ids, origins } = targets(rule, input);
  if (rule === 'result') {
    const battleId = await battleOfResult(db, String(input.params.id));
    if (battleId) ids.push(battleId);
  }
  for (const origin of origins) assertOriginAllowed(caller, origin);
  for (const battle of await battleOwners(db, ids)) {
    assertOriginAllowed(caller, battle.origin);
    if (!isOwner(caller, battle.ownerTokenId)) throw notOwner(battle.id);
  }
}

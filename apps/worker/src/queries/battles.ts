import type { Battle, BattleInput, BattlePatch } from '@ringside/shared';
import { canTransition } from '@ringside/shared';
import { eq, getTableColumns, inArray } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../db/client.ts';
import { battles, contestants, results } from '../db/schema.ts';
import { ms } from '../lib/cache.ts';
import { hashOf } from '../lib/canonical.ts';
import { chunk, D1_MAX_PARAMS, rowsPerInsert } from '../lib/chunks.ts';
import { ApiException, notFound } from '../lib/errors.ts';
import { battleIdentity, type Creator, fromBattleRow, toBattleRow, toContestantRows } from './rows.ts';

export type LoadedBattle = Battle & { identityHash: string };

/** Battles with their contestants, by id (ids chunked under D1's parameter limit). */
export async function loadBattles(db: Db, ids: readonly string[]): Promise<Map<string, LoadedBattle>> {
  const out = new Map<string, LoadedBattle>();
  for (const part of chunk([...new Set(ids)], D1_MAX_PARAMS - 1)) {
    const [rows, cs] = await Promise.all([
      db.select().from(battles).where(inArray(battles.id, part)),
      db.select().from(contestants).where(inArray(contestants.battleId, part)),
    ]);
    for (const row of rows) {
      out.set(row.id, {
        ...fromBattleRow(
          row,
          cs.filter((c) => c.battleId === row.id),
        ),
        identityHash: row.identityHash,
      });
    }
  }
  return out;
}

export async function getBattle(db: Db, id: string): Promise<LoadedBattle> {
  const b = (await loadBattles(db, [id])).get(id);
  if (!b) throw notFound('battle', id);
  return b;
}

const invalidTransition = (from: string, to: string) =>
  new ApiException(409, 'invalid_transition', `a battle cannot go from '${from}' to '${to}'`, [
    { path: 'state', message: `'${from}' → '${to}' is not allowed` },
  ]);

/**
 * Creates a battle or updates it. Contestants and tasks may be replaced until the first result is
 * stored; after that they are fixed (409). State changes follow the state machine.
 */
export async function upsertBattle(
  db: Db,
  input: BattleInput,
  creator: Creator,
): Promise<{ battle: Battle; created: boolean }> {
  const now = Date.now();
  const identityHash = await hashOf(battleIdentity(input));
  const existing = (await loadBattles(db, [input.id])).get(input.id);
  const statements: BatchItem<'sqlite'>[] = [];
  const contestantStatements = () =>
    chunk(
      toContestantRows(input.id, input.contestants),
      rowsPerInsert(Object.keys(getTableColumns(contestants)).length),
    ).map((rows) => db.insert(contestants).values(rows));

  if (!existing) {
    statements.push(
      db.insert(battles).values(toBattleRow(input, identityHash, now, creator)),
      ...contestantStatements(),
    );
  } else {
    if (!canTransition(existing.state, input.state)) throw invalidTransition(existing.state, input.state);
    if (existing.identityHash !== identityHash) {
      const any = await db
        .select({ id: results.id })
        .from(results)
        .where(eq(results.battleId, input.id))
        .limit(1)
        .get();
      if (any) {
        throw new ApiException(
          409,
          'battle_locked',
          `battle '${input.id}' already has results; its contestants and tasks are fixed`,
          [{ path: 'contestants', message: 'cannot change once results are stored' }],
        );
      }
      statements.push(
        db.delete(contestants).where(eq(contestants.battleId, input.id)),
        ...contestantStatements(),
      );
    }
    const row = toBattleRow(input, identityHash, now, creator);
    statements.push(
      db
        .update(battles)
        .set({
          type: row.type,
          origin: row.origin,
          title: row.title,
          state: row.state,
          suiteName: row.suiteName,
          suiteVersion: row.suiteVersion,
          ciCommit: row.ciCommit,
          ciBranch: row.ciBranch,
          ciUrl: row.ciUrl,
          ciJob: row.ciJob,
          tasks: row.tasks,
          identityHash,
          // Contestants change only before the first result, so nothing was shown yet: the rule applies afresh.
          ...(existing.identityHash !== identityHash ? { revealedAt: row.revealedAt } : {}),
          updatedAt: now,
          startedAt: row.startedAt ?? (existing.startedAt ? Date.parse(existing.startedAt) : null),
          endedAt: row.endedAt ?? (existing.endedAt ? Date.parse(existing.endedAt) : null),
        })
        .where(eq(battles.id, input.id)),
    );
  }
  await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  const battle = await getBattle(db, input.id);
  const { identityHash: _, ...plain } = battle;
  return { battle: plain, created: !existing };
}

/** Changes a battle's state, title or times. */
export async function patchBattle(db: Db, id: string, patch: BattlePatch): Promise<Battle> {
  const existing = await getBattle(db, id);
  if (patch.state && !canTransition(existing.state, patch.state))
    throw invalidTransition(existing.state, patch.state);
  await db
    .update(battles)
    .set({
      ...(patch.state ? { state: patch.state } : {}),
      ...(patch.title ? { title: patch.title } : {}),
      ...(patch.startedAt ? { startedAt: ms(patch.startedAt) } : {}),
      ...(patch.endedAt ? { endedAt: ms(patch.endedAt) } : {}),
      updatedAt: Date.now(),
    })
    .where(eq(battles.id, id))
    .run();
  const { identityHash: _, ...plain } = await getBattle(db, id);
  return plain;
}

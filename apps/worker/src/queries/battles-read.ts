import type { ListBattlesQuery } from '@ringside/shared';
import { and, asc, desc, eq, getTableName, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { hiddenSql, isHiddenFrom, type Viewer } from '../arena/seal.ts';
import { sealOverride } from '../arena/seal-view.ts';
import { withoutSetBy } from '../auth/token-names.ts';
import type { Db } from '../db/client.ts';
import { battles, contestants, results } from '../db/schema.ts';
import { ms } from '../lib/cache.ts';
import { afterCursor, toPage } from '../lib/pagination.ts';
import { readableRows } from '../lib/stored-json.ts';
import { getBattle } from './battles.ts';
import { loadEvaluations } from './evaluations-read.ts';
import { listCrossExaminations, listWinnerOverrides } from './judgements.ts';
import { fromBattleRow, fromResultRow } from './rows.ts';
import { loadSeals, viewBattle, viewResult } from './views.ts';

/** `battles.id` qualified, for the blind-battle rule's subquery. */
const battleIdColumn = `"${getTableName(battles)}"."${battles.id.name}"`;

/**
 * Filters of the battle list and export. Matching on a model or on the title would say what a
 * blind battle hides (arena/seal.ts), so for `viewer` those two never match a battle hidden from it.
 */
export function battleFilters(q: Omit<ListBattlesQuery, 'limit' | 'cursor'>, viewer?: Viewer): SQL[] {
  const visible = viewer ? sql.raw(`NOT ${hiddenSql(viewer, battleIdColumn)}`) : undefined;
  const where: (SQL | undefined)[] = [
    q.type ? eq(battles.type, q.type) : undefined,
    q.state ? eq(battles.state, q.state) : undefined,
    q.origin ? eq(battles.origin, q.origin) : undefined,
    q.suite ? eq(battles.suiteName, q.suite) : undefined,
    q.from ? gte(battles.createdAt, ms(q.from)!) : undefined,
    q.to ? lt(battles.createdAt, ms(q.to)!) : undefined,
    // LIKE with the user's text escaped, so % and _ match themselves.
    q.q
      ? sql`${battles.title} LIKE ${`%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`} ESCAPE '\\'`
      : undefined,
    q.model
      ? sql`EXISTS (SELECT 1 FROM ${contestants} WHERE ${contestants.battleId} = ${battles.id} AND ${contestants.model} = ${q.model})`
      : undefined,
    q.q || q.model ? visible : undefined,
  ];
  return where.filter((w): w is SQL => w !== undefined);
}

/** Battles, newest first, filtered, one cursor page at a time; each with its contestants, as `viewer` may see them. */
export async function listBattles(db: Db, q: ListBattlesQuery, viewer: Viewer) {
  const rows = await db
    .select()
    .from(battles)
    .where(and(...battleFilters(q, viewer), afterCursor(battles.createdAt, battles.id, q.cursor)))
    .orderBy(desc(battles.createdAt), desc(battles.id))
    .limit(q.limit + 1);
  const ids = rows.map((r) => r.id);
  const cs = ids.length ? await db.select().from(contestants).where(inArray(contestants.battleId, ids)) : [];
  return toPage(rows, q.limit, (r) =>
    viewBattle(
      fromBattleRow(
        r,
        cs.filter((c) => c.battleId === r.id),
      ),
      r,
      viewer,
    ),
  );
}

/**
 * One battle with its contestants and every result (with evaluations), the owner's winner
 * overrides per task (beside, never instead of, the automatic winner) and its cross-examinations.
 */
export async function getBattleWithResults(db: Db, id: string, viewer: Viewer) {
  const { identityHash: _, ...battle } = await getBattle(db, id);
  const seal = (await loadSeals(db, [id])).get(id);
  const rows = await db
    .select()
    .from(results)
    .where(eq(results.battleId, id))
    .orderBy(asc(results.taskId), asc(results.contestantId), asc(results.repeat));
  const evals = await loadEvaluations(
    db,
    rows.map((r) => r.id),
  );
  const [overrides, crossExaminations] = await Promise.all([
    listWinnerOverrides(db, id),
    listCrossExaminations(db, id),
  ]);
  const view = viewBattle(battle, seal, viewer);
  const hidden = seal !== undefined && isHiddenFrom(viewer, seal);
  return {
    ...view,
    results: readableRows(rows, (r) =>
      viewResult(fromResultRow(r, evals.get(r.id) ?? []), hidden ? battle.contestants : null, viewer),
    ),
    overrides: hidden
      ? overrides.map((o) => sealOverride(o, battle.contestants))
      : overrides.map((o) => withoutSetBy(o, viewer)),
    // What a model was asked about the battle and said names the contestants: not while hidden.
    crossExaminations: hidden ? [] : crossExaminations,
  };
}

import type { ExportBattlesQuery } from '@ringside/shared';
import { and, asc, desc, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { battles, contestants } from '../db/schema.ts';
import { iso } from '../lib/cache.ts';
import { D1_MAX_PARAMS } from '../lib/chunks.ts';
import { csvLine } from '../lib/csv.ts';
import type { PageFetcher } from '../lib/paged-stream.ts';
import { keysetAfter, nextAfter } from '../lib/pagination.ts';
import { logUnreadable, readableRows, sqlJson } from '../lib/stored-json.ts';
import { battleFilters } from './battles-read.ts';
import { fromBattleRow } from './rows.ts';

/** Page fetchers of `GET /api/export/battles.{csv,json}`, filtered like `GET /api/battles`. */

export const BATTLES_CSV_PAGE = 500;
/** One contestants query (≤ 99 ids) per page. */
export const BATTLES_JSON_PAGE = D1_MAX_PARAMS - 1;

export const BATTLES_CSV_HEADER = [
  'id',
  'type',
  'origin',
  'title',
  'state',
  'suiteName',
  'suiteVersion',
  'ciCommit',
  'ciBranch',
  'ciUrl',
  'ciJob',
  'tasks',
  'contestants',
  'createdAt',
  'updatedAt',
  'startedAt',
  'endedAt',
] as const;

/** `battles.id` qualified: drizzle writes bare column names in a one-table select, which a subquery would rebind. */
const outerBattleId = sql`${battles}.${sql.identifier(battles.id.name)}`;

const csvColumns = {
  id: battles.id,
  type: battles.type,
  origin: battles.origin,
  title: battles.title,
  state: battles.state,
  suiteName: battles.suiteName,
  suiteVersion: battles.suiteVersion,
  ciCommit: battles.ciCommit,
  ciBranch: battles.ciBranch,
  ciUrl: battles.ciUrl,
  ciJob: battles.ciJob,
  /** the number of tasks; the tasks themselves are in the JSON export */
  tasks: sql<number>`json_array_length(${sqlJson(battles.tasks)})`,
  /** contestant keys (provider:model#persona) in position order, separated by "; " */
  contestants: sql<
    string | null
  >`(SELECT group_concat(k, '; ') FROM (SELECT ${contestants.key} AS k FROM ${contestants} WHERE ${contestants.battleId} = ${outerBattleId} ORDER BY ${contestants.position}))`,
  createdAt: battles.createdAt,
  updatedAt: battles.updatedAt,
  startedAt: battles.startedAt,
  endedAt: battles.endedAt,
  /** 0 when SQLite cannot read `tasks`: the row is left out (and logged) */
  readable: sql<number>`json_valid(${battles.tasks})`,
};

const TIMES = new Set(['createdAt', 'updatedAt', 'startedAt', 'endedAt']);

export function battlesCsvPages(db: Db, q: ExportBattlesQuery): PageFetcher {
  const where = battleFilters(q);
  return async (after) => {
    const rows = await db
      .select(csvColumns)
      .from(battles)
      .where(and(...where, keysetAfter(battles.createdAt, battles.id, after)))
      .orderBy(desc(battles.createdAt), desc(battles.id))
      .limit(BATTLES_CSV_PAGE);
    const items: string[] = [];
    for (const r of rows) {
      if (r.readable)
        items.push(
          csvLine(BATTLES_CSV_HEADER.map((k) => (TIMES.has(k) ? iso(r[k] as number | null) : r[k]))),
        );
      else logUnreadable('battles', r.id, 'tasks is not JSON that SQLite reads');
    }
    return {
      items,
      next: nextAfter(rows, BATTLES_CSV_PAGE),
    };
  };
}

export function battlesJsonPages(db: Db, q: ExportBattlesQuery): PageFetcher {
  const where = battleFilters(q);
  return async (after) => {
    const rows = await db
      .select()
      .from(battles)
      .where(and(...where, keysetAfter(battles.createdAt, battles.id, after)))
      .orderBy(desc(battles.createdAt), desc(battles.id))
      .limit(BATTLES_JSON_PAGE);
    const cs = rows.length
      ? await db
          .select()
          .from(contestants)
          .where(
            inArray(
              contestants.battleId,
              rows.map((r) => r.id),
            ),
          )
          .orderBy(asc(contestants.position))
      : [];
    return {
      items: readableRows(rows, (r) =>
        JSON.stringify(
          fromBattleRow(
            r,
            cs.filter((c) => c.battleId === r.id),
          ),
        ),
      ),
      next: nextAfter(rows, BATTLES_JSON_PAGE),
    };
  };
}

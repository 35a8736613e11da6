import type { Battle, ExportBattlesQuery } from '@ringside/shared';
import { and, asc, desc, getTableName, inArray, sql } from 'drizzle-orm';
import { hiddenSql, type Viewer } from '../arena/seal.ts';
import { letterOf, sealedTitle } from '../arena/seal-view.ts';
import type { Db } from '../db/client.ts';
import { battles, contestants } from '../db/schema.ts';
import { iso } from '../lib/cache.ts';
import { D1_MAX_PARAMS } from '../lib/chunks.ts';
import { type CsvValue, csvLine } from '../lib/csv.ts';
import type { PageFetcher } from '../lib/paged-stream.ts';
import { keysetAfter, nextAfter } from '../lib/pagination.ts';
import { logUnreadable, readableRows, sqlJson } from '../lib/stored-json.ts';
import { loadBattles } from './battles.ts';
import { battleFilters } from './battles-read.ts';
import { fromBattleRow } from './rows.ts';
import { viewBattle } from './views.ts';

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

/** The same, as SQL text for the blind-battle rule. */
const outerBattleIdText = `"${getTableName(battles)}"."${battles.id.name}"`;

const csvColumns = (viewer: Viewer) => ({
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
  /** 1 when the battle is blind and hidden from this reader: its row is sealed before it is written */
  hidden: sql<number>`${sql.raw(hiddenSql(viewer, outerBattleIdText))}`,
});

type CsvRow = { [K in keyof ReturnType<typeof csvColumns>]: CsvValue } & {
  id: string;
  title: string;
  hidden: number;
};

/** A hidden battle's CSV row: letters for contestants, a neutral title if its own names one, no CI metadata. */
function sealCsvRow(r: CsvRow, contestantsOf: Map<string, Battle>): CsvRow {
  const cs = contestantsOf.get(r.id)?.contestants ?? [];
  return {
    ...r,
    title: sealedTitle(r.title, cs),
    ciCommit: null,
    ciBranch: null,
    ciUrl: null,
    ciJob: null,
    contestants: cs.map((_, i) => letterOf(i)).join('; '),
  };
}

const TIMES = new Set(['createdAt', 'updatedAt', 'startedAt', 'endedAt']);

export function battlesCsvPages(db: Db, q: ExportBattlesQuery, viewer: Viewer): PageFetcher {
  const where = battleFilters(q, viewer);
  const columns = csvColumns(viewer);
  return async (after) => {
    const rows = await db
      .select(columns)
      .from(battles)
      .where(and(...where, keysetAfter(battles.createdAt, battles.id, after)))
      .orderBy(desc(battles.createdAt), desc(battles.id))
      .limit(BATTLES_CSV_PAGE);
    const hidden = rows.filter((r) => r.hidden && r.readable).map((r) => r.id);
    const contestantsOf: Map<string, Battle> = hidden.length ? await loadBattles(db, hidden) : new Map();
    const items: string[] = [];
    for (const row of rows) {
      if (!row.readable) {
        logUnreadable('battles', row.id, 'tasks is not JSON that SQLite reads');
        continue;
      }
      const r = row.hidden ? sealCsvRow(row, contestantsOf) : row;
      items.push(csvLine(BATTLES_CSV_HEADER.map((k) => (TIMES.has(k) ? iso(r[k] as number | null) : r[k]))));
    }
    return {
      items,
      next: nextAfter(rows, BATTLES_CSV_PAGE),
    };
  };
}

export function battlesJsonPages(db: Db, q: ExportBattlesQuery, viewer: Viewer): PageFetcher {
  const where = battleFilters(q, viewer);
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
          viewBattle(
            fromBattleRow(
              r,
              cs.filter((c) => c.battleId === r.id),
            ),
            r,
            viewer,
          ),
        ),
      ),
      next: nextAfter(rows, BATTLES_JSON_PAGE),
    };
  };
}

import { type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { ApiException } from './errors.ts';

/**
 * Reading JSON text back out of D1. Every write is validated, but a row stored before a bound
 * existed (JSON over 1,000 levels, which SQLite's JSON functions refuse) or changed by hand may
 * not read back. Such a row is logged and left out of lists, exports and arena draws, so one bad
 * row cannot take a public route down; a read of that one row answers `unreadable_row`.
 */

export class UnreadableRowError extends ApiException {
  readonly table: string;
  readonly rowId: string;

  constructor(table: string, rowId: string, cause: unknown) {
    super(500, 'unreadable_row', `the stored ${table} row '${rowId}' cannot be read`);
    this.table = table;
    this.rowId = rowId;
    this.cause = cause;
  }
}

/** Logs a stored row that was skipped, with why. */
export function logUnreadable(table: string, rowId: string, error: unknown): void {
  console.error(
    JSON.stringify({ level: 'error', msg: 'unreadable row skipped', table, id: rowId, error: String(error) }),
  );
}

/** `JSON.parse` of a stored column; a failure names the row ({@link UnreadableRowError}). */
export function parseStored<T>(text: string, table: string, rowId: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new UnreadableRowError(table, rowId, err);
  }
}

/** Like {@link parseStored}, but a failure is logged and gives `undefined`. */
export function tryParseStored<T>(text: string, table: string, rowId: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    logUnreadable(table, rowId, err);
    return undefined;
  }
}

/**
 * Maps rows to their wire shape, leaving out (and logging) every row whose mapping throws: the
 * mappers are pure, so a throw means the stored row is unreadable.
 */
export function readableRows<R, T>(rows: readonly R[], read: (row: R) => T, table = 'unknown'): T[] {
  const out: T[] = [];
  for (const row of rows) {
    try {
      out.push(read(row));
    } catch (err) {
      if (err instanceof UnreadableRowError) logUnreadable(err.table, err.rowId, err.cause);
      else logUnreadable(table, String((row as { id?: unknown }).id ?? '?'), err);
    }
  }
  return out;
}

/**
 * A JSON column for SQLite's JSON functions: the text when SQLite can read it, else NULL (which
 * `json_extract` and `json_array_length` turn into NULL and `json_each` into no rows) instead of
 * an error that fails the whole statement.
 */
export const sqlJson = (column: SQLiteColumn): SQL =>
  sql`(CASE WHEN json_valid(${column}) THEN ${column} END)`;

/** The same guard in hand-written SQL: `readableJson('b.tasks')`. */
export const readableJson = (column: string): string =>
  `(CASE WHEN json_valid(${column}) THEN ${column} END)`;

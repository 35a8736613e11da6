import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Cursor } from '../lib/cursor.ts';

/**
 * Keyset pagination over (created_at DESC, id DESC). The condition is a row-value comparison, which
 * SQLite turns into a seek on the (created_at, id) index; the equivalent `a < x OR (a = x AND id < y)`
 * is planned as a scan from the top, so page k would cost k pages.
 */
export const keysetAfter = (
  createdAt: SQLiteColumn,
  id: SQLiteColumn,
  after: Cursor | null,
): SQL | undefined => (after ? sql`(${createdAt}, ${id}) < (${after.createdAt}, ${after.id})` : undefined);

/** The cursor after a full page, or null when the page was short (nothing follows). */
export function nextAfter(
  rows: readonly { createdAt: number; id: string }[],
  pageSize: number,
): Cursor | null {
  const last = rows[rows.length - 1];
  return rows.length === pageSize && last ? { createdAt: last.createdAt, id: last.id } : null;
}

import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { ApiException } from './errors.ts';
import { readableRows } from './stored-json.ts';

/**
 * Keyset pagination over (created_at DESC, id DESC), the order of every list: an opaque cursor of
 * the last row, the condition that seeks past it, and the page built from `limit + 1` rows.
 */

const CursorSchema = z.tuple([z.number().int(), z.string().min(1).max(128)]);
export type Cursor = { createdAt: number; id: string };

/** Opaque base64url of `[createdAt, id]`. */
export function encodeCursor(c: Cursor): string {
  const json = JSON.stringify([c.createdAt, c.id]);
  return btoa(json).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function decodeCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  try {
    const json = atob(raw.replaceAll('-', '+').replaceAll('_', '/'));
    const [createdAt, id] = CursorSchema.parse(JSON.parse(json));
    return { createdAt, id };
  } catch {
    throw new ApiException(400, 'invalid_query', 'the cursor is not one this API issued', [
      { path: 'cursor', message: 'malformed cursor' },
    ]);
  }
}

/**
 * Rows after a cursor. The condition is a row-value comparison, which SQLite turns into a seek on
 * the (created_at, id) index; the equivalent `a < x OR (a = x AND id < y)` is planned as a scan
 * from the top, so page k would cost k pages.
 */
export const keysetAfter = (
  createdAt: SQLiteColumn,
  id: SQLiteColumn,
  after: Cursor | null,
): SQL | undefined => (after ? sql`(${createdAt}, ${id}) < (${after.createdAt}, ${after.id})` : undefined);

/** `keysetAfter` of a cursor as the client sent it (400 when it is not one the API issued). */
export const afterCursor = (createdAt: SQLiteColumn, id: SQLiteColumn, raw?: string) =>
  keysetAfter(createdAt, id, decodeCursor(raw));

/** The cursor after a full page, or null when the page was short (nothing follows). */
export function nextAfter(
  rows: readonly { createdAt: number; id: string }[],
  pageSize: number,
): Cursor | null {
  const last = rows[rows.length - 1];
  return rows.length === pageSize && last ? { createdAt: last.createdAt, id: last.id } : null;
}

/**
 * Takes `limit + 1` rows and returns a page with the cursor of the last row when more follow. A
 * row that cannot be read is left out (and logged); the cursor still moves past it.
 */
export function toPage<R extends { createdAt: number; id: string }, T>(
  rows: R[],
  limit: number,
  map: (r: R) => T,
) {
  const more = rows.length > limit;
  const items = readableRows(more ? rows.slice(0, limit) : rows, map);
  const last = more ? rows[limit - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null };
}

import { z } from 'zod';
import { ApiException } from './errors.ts';
import { readableRows } from './stored-json.ts';

/** Keyset cursor over (created_at DESC, id DESC): opaque base64url of `[createdAt, id]`. */
const CursorSchema = z.tuple([z.number().int(), z.string().min(1).max(128)]);
export type Cursor = { createdAt: number; id: string };

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

import { hashToken, type TokenScope, tokenId } from '@ringside/shared';
import { and, eq, isNull } from 'drizzle-orm';
import type { Context } from 'hono';
import { getDb } from '../db/client.ts';
import { tokens } from '../db/schema.ts';
import { ApiException } from '../lib/errors.ts';

/** Bearer-token lookup, shared by `requireScope` (writes) and `optionalCaller` (public reads). */

export interface Caller {
  tokenId: string;
  name: string;
  scope: TokenScope;
}

const encoder = new TextEncoder();

/** Constant-time equality of two hex digests (equal length by construction). */
function digestsEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  if (x.byteLength !== y.byteLength) return false;
  return crypto.subtle.timingSafeEqual(x, y);
}

export const unauthorized = (message: string) =>
  new ApiException(401, 'unauthorized', message, [{ path: 'Authorization', message }]);

/**
 * The caller named by `Authorization: Bearer <token>`, or null when the header is absent. A
 * malformed, unknown or revoked token is a 401: a client that sends a token means to be someone.
 * The row is found by the token's public id; the secret's hash is compared in constant time.
 */
export async function authenticate<E extends { Bindings: Env }>(c: Context<E>): Promise<Caller | null> {
  const header = c.req.header('Authorization');
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const presented = match?.[1];
  const id = presented ? tokenId(presented) : null;
  if (!presented || !id) throw unauthorized('malformed bearer token');

  const db = getDb(c.env);
  const row = await db
    .select()
    .from(tokens)
    .where(and(eq(tokens.id, id), isNull(tokens.revokedAt)))
    .get();
  const hash = await hashToken(presented);
  // Compare even when no row was found, so a wrong id and a wrong secret take the same time.
  const ok = digestsEqual(hash, row?.hash ?? '0'.repeat(64)) && row !== undefined;
  if (!ok || !row) throw unauthorized('invalid or revoked token');
  // Recording every use would add a write to every request; once a minute is enough to audit.
  const now = Date.now();
  if (row.lastUsedAt === null || now - row.lastUsedAt > 60_000) {
    c.executionCtx.waitUntil(
      db
        .update(tokens)
        .set({ lastUsedAt: now })
        .where(eq(tokens.id, row.id))
        .run()
        .catch(() => undefined),
    );
  }
  return { tokenId: row.id, name: row.name, scope: row.scope };
}
